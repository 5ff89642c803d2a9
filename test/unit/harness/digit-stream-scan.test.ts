// The leak scanner the PAN-at-rest tests rely on: it must find a sent number
// however it was written as text, and must not assemble one from binary bytes
// that happen to be ASCII digits (a false alarm seen in gateway.sqlite).
import { describe, expect, it } from 'vitest';
import { digitStreams, sentNumbersIn } from '../../harness/leaks/digit-stream-scan.ts';

const PAN = '5555555555554444';
const found = (bytes: Buffer | string): boolean => sentNumbersIn(digitStreams(bytes), [PAN]).size === 1;

describe('digit-stream scan', () => {
  it('finds a number written with spaces, dashes, format characters or marks, in UTF-8 and UTF-16', () => {
    for (const written of ['5555 5555 5555 4444', '5555-5555\u200b5555 4444', '5\u0301555555555554444', '５５５５５５５５５５５５４４４４']) {
      expect(found(Buffer.from(`note: ${written} end`, 'utf8'))).toBe(true);
      expect(found(Buffer.from(`note: ${written} end`, 'utf16le'))).toBe(true);
    }
  });

  it('finds a number whose text continues behind one binary header (an overflow page, a TOAST chunk)', () => {
    expect(found(Buffer.concat([Buffer.from('x 55555555'), Buffer.from([0, 0, 0, 7]), Buffer.from('55554444 y')]))).toBe(true);
  });

  it('does not join digits that binary data separates more than once: the timestamps of index entries', () => {
    // The shape found in a real gateway.sqlite: each '5' or '4' byte is the tail of an integer, control bytes between.
    const entry = (digit: string, n: number) => Buffer.from([0x01, 0xa2, 0x50, 0xe4, digit.charCodeAt(0), 0xbd - n, 0x02, 0x1a - n, 0x0b, 0x03, 0x05, 0x02]);
    const page = Buffer.concat(PAN.split('').map((digit, n) => entry(digit, n)));
    expect(found(page)).toBe(false);
  });

  it('joins digits across up to 32 characters of text and no more', () => {
    const gap = (n: number) => ' '.repeat(n);
    expect(found(`5555555555${gap(32)}554444`)).toBe(true);
    expect(found(`5555555555${gap(33)}554444`)).toBe(false);
  });
});
