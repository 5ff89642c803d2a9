// fast-check generators for card numbers: Luhn-valid PANs of every brand, built
// from each brand's IIN prefixes and lengths, and ways of writing them in text.
import fc from 'fast-check';
import { luhnCheckDigit, type CardBrand } from '../../shared/pan.ts';

const BRAND_SHAPES: readonly { brand: CardBrand; prefixes: readonly string[]; lengths: readonly number[] }[] = [
  { brand: 'visa', prefixes: ['4'], lengths: [13, 16, 19] },
  { brand: 'mastercard', prefixes: ['51', '53', '55', '2221', '2500', '2720'], lengths: [16] },
  { brand: 'amex', prefixes: ['34', '37'], lengths: [15] },
  { brand: 'discover', prefixes: ['6011', '644', '649', '65', '622126', '622925'], lengths: [16, 19] },
  { brand: 'jcb', prefixes: ['3528', '3566', '3589'], lengths: [16, 19] },
  { brand: 'unionpay', prefixes: ['62', '81'], lengths: [16, 17, 18, 19] },
  { brand: 'diners', prefixes: ['300', '305', '36', '38'], lengths: [14, 16] },
  { brand: 'maestro', prefixes: ['5018', '5893', '6304', '6759'], lengths: [12, 13, 16, 19] },
];

/** A Luhn-valid PAN with the brand it must be detected as. */
export const panArb: fc.Arbitrary<{ pan: string; brand: CardBrand }> = fc
  .constantFrom(...BRAND_SHAPES)
  .chain((shape) =>
    fc.record({
      shape: fc.constant(shape),
      prefix: fc.constantFrom(...shape.prefixes),
      length: fc.constantFrom(...shape.lengths),
      body: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 19, maxLength: 19 }),
    }),
  )
  .map(({ shape, prefix, length, body }) => {
    const partial = (prefix + body.join('')).slice(0, length - 1);
    // Keep generated Discover/UnionPay co-brand prefixes from drifting into another brand's range.
    const digits = partial + String(luhnCheckDigit(partial));
    return { pan: digits, brand: shape.brand };
  })
  .filter(({ pan, brand }) => !(brand === 'unionpay' && pan.startsWith('622') && Number(pan.slice(0, 6)) >= 622126 && Number(pan.slice(0, 6)) <= 622925));

const SEPARATORS = [' ', '-', '.', '\u00a0', ' - ', '\n'] as const;

/** The PAN written as a person might: split into groups at random points, one separator style. */
export const writtenPanArb = fc
  .record({
    card: panArb,
    separator: fc.constantFrom('', ...SEPARATORS),
    cuts: fc.uniqueArray(fc.integer({ min: 1, max: 18 }), { maxLength: 5 }),
  })
  .map(({ card, separator, cuts }) => {
    const points = cuts.filter((c) => c < card.pan.length).sort((a, b) => a - b);
    const groups: string[] = [];
    let at = 0;
    for (const point of points) {
      groups.push(card.pan.slice(at, point));
      at = point;
    }
    groups.push(card.pan.slice(at));
    return { ...card, written: groups.join(separator) };
  });

/** Text around PANs: words, punctuation and other numbers (order numbers, phones, amounts). */
export const fillerArb = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'abcdefghij XYZ,;:!?()#/'.split('')), maxLength: 20 }),
  fc.stringMatching(/^\d{1,25}$/),
  fc.stringMatching(/^\+\d{1,3} \d{2,4} \d{3,4} \d{3,4}$/),
  fc.stringMatching(/^ORD-\d{4}-\d{6}$/),
);

/** Joins that never glue two digit runs together without a separator. */
export const joinerArb = fc.constantFrom(' ', ', ', ' | ', '\n', ' x ', '; ');
