import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../../../shared/transparency/sha256.ts';
import { toHex } from '../../../../shared/transparency/bytes.ts';
import { assertProperty } from '../../../harness/arbitraries/property.ts';

const node = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

describe('sha256', () => {
  it('matches the FIPS 180-4 examples', () => {
    expect(toHex(sha256(new Uint8Array(0)))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(toHex(sha256(new TextEncoder().encode('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('agrees with Node at every length around the block and padding boundaries', () => {
    for (let length = 0; length <= 200; length++) {
      const data = Uint8Array.from({ length }, (_, i) => (i * 31 + length) & 0xff);
      expect(toHex(sha256(data)), `length ${length}`).toBe(node(data));
    }
  });

  it('agrees with Node on random input, including views into larger buffers', () => {
    assertProperty(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(16), (bytes, offset) => {
        const padded = new Uint8Array(bytes.length + offset);
        padded.set(bytes, offset);
        expect(toHex(sha256(padded.subarray(offset)))).toBe(node(bytes));
      }),
    );
  });
});
