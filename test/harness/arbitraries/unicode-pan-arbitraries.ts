// Card numbers written the way a DLP filter has to expect: the standard test
// PANs and generated Luhn-valid PANs of real brands, in any script's decimal
// digits, split by separators drawn from whole Unicode categories (spaces,
// format characters, dashes, other and connector punctuation, combining marks).
import fc from 'fast-check';
import { panArb, STANDARD_TEST_PANS } from './pan-arbitraries.ts';
import { charsOf, decimalDigitSets } from './unicode-categories.ts';


export const SEPARATOR_CATEGORIES = ['Zs', 'Cf', 'Pd', 'Po', 'Pc', 'Mn'] as const;

const separatorCharArb = fc.oneof(...SEPARATOR_CATEGORIES.map((category) => fc.constantFrom(...charsOf(category))));
const digitSetArb = fc.constantFrom(...decimalDigitSets());

export interface WrittenPan {
  /** The PAN as ASCII digits: what a scan must never find. */
  readonly pan: string;
  /** The PAN as written into the request. */
  readonly written: string;
}

export const anyPanArb: fc.Arbitrary<string> = fc.oneof(fc.constantFrom(...STANDARD_TEST_PANS), panArb.map((card) => card.pan));

/** A PAN in ASCII, one other script's digits, or a mix; cut into groups joined by 0-3 separator characters. */
export const unicodeWrittenPanArb: fc.Arbitrary<WrittenPan> = fc
  .record({
    pan: anyPanArb,
    digits: fc.oneof(
      { arbitrary: fc.constant('ascii' as const), weight: 2 },
      { arbitrary: digitSetArb.map((set) => ({ set })), weight: 2 },
      { arbitrary: fc.array(digitSetArb, { minLength: 19, maxLength: 19 }).map((sets) => ({ sets })), weight: 1 },
    ),
    cuts: fc.uniqueArray(fc.integer({ min: 1, max: 18 }), { maxLength: 6 }),
    separators: fc.array(fc.array(separatorCharArb, { minLength: 1, maxLength: 3 }).map((chars) => chars.join('')), { minLength: 6, maxLength: 6 }),
    plus: fc.boolean(),
  })
  .map(({ pan, digits, cuts, separators, plus }) => {
    const glyph = (d: string, i: number): string => {
      if (digits === 'ascii') return d;
      const set = 'set' in digits ? digits.set : digits.sets[i];
      return set?.[Number(d)] ?? d;
    };
    const points = new Set(cuts.filter((c) => c < pan.length).sort((a, b) => a - b));
    let written = plus ? '+' : '';
    let gap = 0;
    for (const [i, d] of pan.split('').entries()) {
      if (points.has(i)) written += separators[gap++ % separators.length] ?? ' ';
      written += glyph(d, i);
    }
    return { pan, written };
  });
