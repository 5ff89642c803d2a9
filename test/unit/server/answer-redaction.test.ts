// The answer redaction leaves a SHA-256 digest whole even when its hex holds a
// Luhn-valid digit run, and still redacts every card number around it.
import { describe, expect, it } from 'vitest';
import { redactAnswer } from '../../../server/http/answer-redaction.ts';
import { containsPan } from '../../../shared/pan.ts';

/** A 64-hex digest whose digits include 4111 1111 1111 1111, as about one digest in a hundred does some Luhn-valid run. */
const DIGEST = `ab4111111111111111cd${'e'.repeat(44)}`;

describe('redactAnswer', () => {
  it('keeps a digest that reads as a card number, and the answer unchanged when nothing else does', () => {
    expect(containsPan(DIGEST)).toBe(true);
    const answer = JSON.stringify([{ contentHash: DIGEST }, { contentHash: DIGEST, other: `f${'0'.repeat(63)}` }]);
    expect(redactAnswer(answer)).toBe(answer);
  });

  it('still redacts a card number beside a digest, in another field or in a string that is no digest', () => {
    const answer = JSON.stringify({ contentHash: DIGEST, note: 'card 5555 5555 5555 4444', code: `AB4111111111111111CD${'E'.repeat(44)}`, short: DIGEST.slice(1) });
    const redacted = redactAnswer(answer);
    expect(redacted).toContain(`"contentHash":"${DIGEST}"`);
    expect(redacted).not.toContain('5555 5555 5555 4444');
    expect(redacted).not.toContain('AB4111111111111111CD');
    expect(redacted).not.toContain(`"short":"${DIGEST.slice(1)}"`);
    expect(containsPan(redacted.replace(DIGEST, ''))).toBe(false);
  });

  it('cannot be fooled by a value shaped like its placeholder', () => {
    const answer = JSON.stringify({ a: '\u0000q\u0000', contentHash: DIGEST, pan: '4111111111111111' });
    const redacted = redactAnswer(answer);
    expect(JSON.parse(redacted)).toMatchObject({ a: '\u0000q\u0000', contentHash: DIGEST });
    expect(redacted).not.toContain('"pan":"4111111111111111"');
  });
});
