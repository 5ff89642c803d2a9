// fast-check generators for card numbers: Luhn-valid PANs of every brand, built
// from each brand's IIN prefixes and lengths, and ways of writing them in text.
import fc from 'fast-check';
import { luhnCheckDigit, type CardBrand } from '../../../shared/pan.ts';

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

// ------------------------------------------------ written with Unicode
// Separators, invisible characters and digits come from the Unicode categories
// themselves, enumerated over every code point when the tests start, not from
// any list the scanner keeps: a character the scanner forgot is generated anyway.

const CATEGORY_PATTERNS = {
  space: /^[\p{Zs}\s]$/u,
  format: /^\p{Cf}$/u,
  mark: /^\p{Mn}$/u,
  punctuation: /^\p{P}$/u,
  symbol: /^\p{S}$/u,
  digit: /^\p{Nd}$/u,
} as const;
type Category = keyof typeof CATEGORY_PATTERNS;

function enumerateCategories(): Record<Category, string[]> {
  const found: Record<Category, string[]> = { space: [], format: [], mark: [], punctuation: [], symbol: [], digit: [] };
  const categories = Object.entries(CATEGORY_PATTERNS) as [Category, RegExp][];
  for (let code = 0; code <= 0x10ffff; code++) {
    if (code >= 0xd800 && code <= 0xdfff) continue;
    const ch = String.fromCodePoint(code);
    for (const [category, pattern] of categories) if (pattern.test(ch)) found[category].push(ch);
  }
  return found;
}

/** Every code point of each category (BMP and astral planes), in code point order. */
export const UNICODE = enumerateCategories();

/**
 * Each decimal digit's value. Unicode encodes every decimal digit set as a
 * contiguous block 0-9, so a digit's value is its distance from the block start.
 */
export const DIGIT_VALUES: ReadonlyMap<string, number> = (() => {
  const values = new Map<string, number>();
  let blockStart = -1;
  let previous = -2;
  for (const ch of UNICODE.digit) {
    const code = ch.codePointAt(0) ?? 0;
    if (code !== previous + 1 || (code - blockStart) % 10 === 0) blockStart = code;
    values.set(ch, code - blockStart);
    previous = code;
  }
  return values;
})();

/** Every way Unicode writes each digit value 0-9. */
const DIGIT_FORMS: readonly (readonly string[])[] = Array.from({ length: 10 }, (_, value) =>
  UNICODE.digit.filter((ch) => DIGIT_VALUES.get(ch) === value),
);

/**
 * The digits a reader takes from a text, independent of the scanner: NFKC,
 * every decimal digit as its value, everything else dropped.
 */
export function readDigits(text: string): string {
  let digits = '';
  for (const ch of text.normalize('NFKC')) {
    const value = DIGIT_VALUES.get(ch);
    if (value !== undefined) digits += String(value);
  }
  return digits;
}

// Punctuation and symbols that still read as punctuation after NFKC: `℡` reads
// as the letters TEL and `⑴` as a number, so they are not separators.
const SEPARATOR_MARKS = [...UNICODE.punctuation, ...UNICODE.symbol].filter(
  (ch) => !/[\p{L}\p{N}]/u.test(ch.normalize('NFKC')),
);
const invisibleArb = fc.oneof(fc.constantFrom(...UNICODE.format), fc.constantFrom(...UNICODE.mark));

/** What may stand between two digit groups: any white space, punctuation and symbols, with invisible characters mixed in. */
export const unicodeGapArb = fc
  .array(fc.oneof(fc.constantFrom(...UNICODE.space), fc.constantFrom(...SEPARATOR_MARKS), invisibleArb), { minLength: 1, maxLength: 6 })
  .map((chars) => chars.join(''))
  .filter((gap) => /[^\p{Cf}\p{M}]/u.test(gap));

/** A digit written in any script's decimal digits, sometimes followed by format characters or combining marks. */
const unicodeDigitArb = (value: number): fc.Arbitrary<string> =>
  fc
    .tuple(fc.constantFrom(...(DIGIT_FORMS[value] ?? [])), fc.array(invisibleArb, { maxLength: 2 }), fc.nat(3))
    .map(([digit, invisible, keep]) => (keep === 0 ? digit + invisible.join('') : digit));

/** The standard test PANs of the card brands' documentation. */
export const STANDARD_TEST_PANS = [
  '4111111111111111',
  '4012888888881881',
  '4222222222222',
  '5555555555554444',
  '5105105105105100',
  '2223003122003222',
  '378282246310005',
  '371449635398431',
  '6011111111111117',
  '6011000990139424',
  '3530111333300000',
  '3566002020360505',
  '30569309025904',
  '38520000023237',
  '6200000000000005',
  '6759649826438453',
  '6205500000000000004',
] as const;

const anyPanArb = fc.oneof(fc.constantFrom(...STANDARD_TEST_PANS).map((pan) => ({ pan })), panArb);

/**
 * A PAN written with Unicode: each digit from a random script, split at random
 * points by generated gaps, with format characters and combining marks
 * anywhere between digits.
 */
export const unicodeWrittenPanArb: fc.Arbitrary<{ pan: string; written: string }> = anyPanArb.chain(({ pan }) =>
  fc
    .tuple(
      fc.tuple(...Array.from(pan).map((d) => unicodeDigitArb(Number(d)))),
      fc.array(fc.option(unicodeGapArb, { freq: 3 }), { minLength: pan.length - 1, maxLength: pan.length - 1 }),
    )
    .map(([digits, gaps]) => ({ pan, written: digits.map((digit, i) => digit + (gaps[i] ?? '')).join('') })),
);

/** Words around a written PAN: letters of any script, never a digit. */
export const wordsArb = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzÄöçßπжשعक中'.split('')), minLength: 1, maxLength: 12 });
