// Retention records each detached month's first and last chain hash, and each
// archive's SHA-256, in an audit event. Hex digests sometimes hold a digit run
// that reads as a card number, which every audit event refuses: that stalled a
// month's detach for good (seen on PostgreSQL in CI). digestForAudit writes
// them in base64url instead, and loses nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { digestForAudit } from '../../../server/core/hashing.ts';
import { containsPan } from '../../../shared/pan.ts';
import { assertProperty } from '../../harness/arbitraries/property.ts';

/** A digest whose hex starts with a Luhn-valid test card number, as 0.035 % of real ones hold such a run. */
const UNLUCKY = `4111111111111111${'ab'.repeat(24)}`;

describe('digestForAudit', () => {
  it('writes a digest whose hex reads as a card number so that it does not, and it decodes back to the same digest', () => {
    expect(containsPan(UNLUCKY)).toBe(true);
    const written = digestForAudit(UNLUCKY) ?? '';
    expect(containsPan(written)).toBe(false);
    expect(Buffer.from(written, 'base64url').toString('hex')).toBe(UNLUCKY);
  });

  it('keeps an empty month’s absent hash absent', () => {
    expect(digestForAudit(null)).toBeNull();
  });

  it('property: no SHA-256 digest written for audit reads as a card number, and each decodes back', () => {
    assertProperty(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes) => {
        const hex = Buffer.from(bytes).toString('hex');
        const written = digestForAudit(hex) ?? '';
        return !containsPan(written) && Buffer.from(written, 'base64url').toString('hex') === hex;
      }),
    );
  });
});
