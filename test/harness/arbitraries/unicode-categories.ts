// Characters by Unicode general category, read from the JavaScript engine's own
// Unicode tables (`\p{…}`), so tests generate separators and digits without
// borrowing any list from the code they test.
const MAX_CODE_POINT = 0x10ffff;
const isSurrogate = (cp: number): boolean => cp >= 0xd800 && cp <= 0xdfff;

const byCategory = new Map<string, readonly string[]>();

/** Every assigned character of a general category (`Zs`, `Cf`, `Pd`, `Po`, `Pc`, `Mn`, `Nd`, …). */
export function charsOf(category: string): readonly string[] {
  const known = byCategory.get(category);
  if (known !== undefined) return known;
  const test = new RegExp(`^\\p{gc=${category}}$`, 'u');
  const chars: string[] = [];
  for (let cp = 0; cp <= MAX_CODE_POINT; cp++) {
    if (isSurrogate(cp)) continue;
    const ch = String.fromCodePoint(cp);
    if (test.test(ch)) chars.push(ch);
  }
  byCategory.set(category, chars);
  return chars;
}

let digitValues: Map<number, number> | undefined;

/**
 * The value of every Nd character. Unicode encodes decimal digits in runs of
 * ten, zero to nine, so a digit's value is its distance from its run's zero.
 */
export function decimalDigitValues(): ReadonlyMap<number, number> {
  if (digitValues !== undefined) return digitValues;
  const values = new Map<number, number>();
  let runStart = -2;
  let previous = -2;
  for (const ch of charsOf('Nd')) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp !== previous + 1) runStart = cp;
    values.set(cp, (cp - runStart) % 10);
    previous = cp;
  }
  digitValues = values;
  return values;
}

/** Each script's ten decimal digits, 0 to 9, ASCII first. */
export function decimalDigitSets(): readonly (readonly string[])[] {
  const sets: string[][] = [];
  for (const [cp, value] of decimalDigitValues()) {
    if (value === 0) sets.push([]);
    sets.at(-1)?.push(String.fromCodePoint(cp));
  }
  return sets;
}
