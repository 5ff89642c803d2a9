// The whole-document DLP scan (shared/pan-document.ts): a card number inside one
// piece, or split over pieces with only punctuation between them in canonical
// order, is found and its field named; a key with no letter or digit is refused;
// values with a named key between them do not join (the decision, and the false
// positive it avoids); a card number in base64 is found wherever the scan reads.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findPanInDocument } from '../../../shared/pan-document.ts';
import { containsPan, findPans, luhnValid } from '../../../shared/pan.ts';
import { panArb } from '../../harness/arbitraries/pan-arbitraries.ts';
import { testPan } from '../../harness/records/source-records.ts';

const base64 = (text: string): string => Buffer.from(text).toString('base64');

describe('findPanInDocument', () => {
  it('names the field a whole card number is in, a key holding one, and passes a document without one', () => {
    const pan = testPan('4', 16);
    expect(findPanInDocument({ data: { city: `Berlin ${pan}` } })).toEqual({ kind: 'pan', path: ['data', 'city'] });
    expect(findPanInDocument({ data: { [pan]: 'x' } })).toEqual({ kind: 'pan', path: ['data', pan] });
    expect(findPanInDocument({ items: [{ qty: 2, sku: 'SKU-1' }], total: 1999 })).toBeNull();
  });

  it('finds a card number split over array items, nested arrays, and a key and its value', () => {
    const pan = testPan('51', 16);
    expect(findPanInDocument({ notes: [pan.slice(0, 8), pan.slice(8)] })).toEqual({ kind: 'pan', path: ['notes', 0] });
    expect(findPanInDocument({ extra: { [pan.slice(0, 8)]: pan.slice(8) } })).toEqual({ kind: 'pan', path: ['extra', pan.slice(0, 8)] });
    expect(findPanInDocument({ notes: [[pan.slice(0, 6)], [pan.slice(6, 10), pan.slice(10)]] })).toEqual({ kind: 'pan', path: ['notes', 0, 0] });
  });

  it('refuses a key with no letter and no digit, the example of issue 21 among them', () => {
    const pan = testPan('4', 16);
    expect(findPanInDocument({ a: `caller gave ${pan.slice(0, 4)} ${pan.slice(4, 8)}`, '-': `${pan.slice(8, 12)} ${pan.slice(12)} as card` })).toEqual({ kind: 'punctuation_key', path: ['-'] });
    expect(findPanInDocument({ details: { '': 'x' } })).toEqual({ kind: 'punctuation_key', path: ['details', ''] });
  });

  it('does not join values with a named key between them: a Berlin phone number beside a postcode whose digits read as a Visa is no hit', () => {
    // A Berlin number whose digits, joined with the postcode's, make a Luhn-valid 16-digit number starting with 4.
    const postcode = '10115';
    let subscriber = 1_000_000;
    while (!luhnValid(`4930${subscriber}${postcode}`)) subscriber++;
    const phone = `+49 30 ${subscriber}`;
    expect(findPans(`${phone} ${postcode}`)).toHaveLength(1);
    expect(findPanInDocument({ data: { phone, postcode } })).toBeNull();
  });

  it('skips the one path it is told to, without joining across it', () => {
    const pan = testPan('4', 16);
    expect(findPanInDocument({ data: { card: { number: pan } } }, { skip: ['data', 'card', 'number'] })).toBeNull();
    expect(findPanInDocument({ data: { card: { number: pan }, other: pan } }, { skip: ['data', 'card', 'number'] })).toEqual({ kind: 'pan', path: ['data', 'other'] });
  });

  it('stops at the depth it is given, and treats text too long to scan as a hit', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 20; i++) deep = { a: deep };
    expect(findPanInDocument(deep, { maxDepth: 16 })).toMatchObject({ kind: 'too_deep' });
    expect(findPanInDocument({ a: 'x'.repeat(1_000_001) })).toEqual({ kind: 'too_long', path: [] });
  });

  it('property: a card number split at any point over two array items is found, and over two named fields is not', () => {
    fc.assert(
      fc.property(panArb, fc.integer({ min: 1, max: 11 }), ({ pan }, cut) => {
        expect(findPanInDocument({ parts: [pan.slice(0, cut), pan.slice(cut)] })).toMatchObject({ kind: 'pan' });
        // The named-field case is the documented decision, not a miss of the scan: letters end a number. (A part
        // that is a card number on its own is found as one.)
        const [first, second] = [pan.slice(0, cut), pan.slice(cut)];
        expect(findPanInDocument({ first, second })).toEqual(containsPan(first) || containsPan(second) ? expect.objectContaining({ kind: 'pan' }) : null);
      }),
    );
  });
});

describe('findPans reads base64', () => {
  it('finds a card number in base64 (standard and URL-safe, inside other text, glued to letters) and redaction removes it', () => {
    const pan = testPan('4', 16);
    for (const written of [base64(pan), base64(`card ${pan} exp 12/30`), Buffer.from(`?${pan}?`).toString('base64url'), `ab${base64(pan)}`]) {
      expect(findPans(`city ${written} end`)).toHaveLength(1);
    }
    expect(findPanInDocument({ data: { city: base64(pan) } })).toEqual({ kind: 'pan', path: ['data', 'city'] });
  });

  it('property: any standard test PAN in base64, from any offset of a longer text, is found', () => {
    fc.assert(
      // Whatever comes before the number shifts it within the base64; no digit, which would make it a longer number.
      fc.property(panArb, fc.string({ unit: fc.constantFrom(' ', ':', 'a', 'é', '-'), maxLength: 5 }), ({ pan }, before) => {
        expect(findPans(`note ${base64(`${before}${pan}`)}`).length).toBeGreaterThan(0);
      }),
    );
  });

  it('does not read a PAN into base64-looking identifiers: hex digests, UUIDs, long digit runs', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 64 }), (bytes) => {
        const hex = Buffer.from(bytes).toString('hex');
        // A base64 hit covers its whole run (letters too); a digest may only ever hold a plain run of digits.
        for (const f of findPans(hex)) expect(hex.slice(f.start, f.end)).toMatch(/^\d+$/);
      }),
    );
    expect(findPans('00340434161094012345 550e8400-e29b-41d4-a716-446655440000 MTIzNDU2Nzg5MDEy')).toEqual([]);
  });
});
