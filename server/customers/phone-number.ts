// Phone numbers to E.164 (`+` and 8-15 digits), the one form the gateway hashes
// and matches on. Accepts what people and platforms write: spaces, dashes, dots,
// parentheses, a `+` or `00` international prefix, and a national number with its
// trunk `0` when the caller names the country code to assume. Refuses the rest
// with a typed reason, never guesses: non-ASCII digits (a fullwidth or
// Arabic-Indic digit would otherwise hash apart from its ASCII twin, or be
// mistaken for one), letters, a second `+`, and over-long input.

/** Longest raw input read; anything longer is refused before it is scanned. */
export const PHONE_INPUT_MAX = 64;
const E164_MIN_DIGITS = 8;
const E164_MAX_DIGITS = 15;
const SEPARATORS = /[ \-.()/]/g;

export const PHONE_NUMBER_REASONS = ['empty', 'too_long', 'non_ascii_digit', 'bad_character', 'no_country_code', 'bad_length'] as const;
export type PhoneNumberReason = (typeof PHONE_NUMBER_REASONS)[number];

export class PhoneNumberError extends Error {
  override readonly name = 'PhoneNumberError';
  readonly reason: PhoneNumberReason;
  constructor(reason: PhoneNumberReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

/** A country calling code without `+`: 1 to 3 digits, not starting with 0. */
export const CALLING_CODE = /^[1-9]\d{0,2}$/;

export interface PhoneNormaliseOptions {
  /** Assumed for a number written without `+` or `00` (e.g. `44`); without it such a number is refused. */
  readonly defaultCallingCode?: string | undefined;
}

/** `+44 (0)20 7946-0958`, `0044 20 7946 0958`, or `020 7946 0958` with code 44 → `+442079460958`. */
export function normaliseE164(raw: string, options: PhoneNormaliseOptions = {}): string {
  if (raw.length > PHONE_INPUT_MAX) throw new PhoneNumberError('too_long', `A phone number has at most ${PHONE_INPUT_MAX} characters`);
  const text = raw.trim();
  if (text === '') throw new PhoneNumberError('empty', 'The phone number is empty');
  if (/\p{Nd}/u.test(text.replace(/[0-9]/g, ''))) throw new PhoneNumberError('non_ascii_digit', 'A phone number is written with the digits 0-9 only');
  // "(0)" is the trunk prefix written inside an international number: +44 (0)20 … dials as +44 20 ….
  const compact = text.replace(/\(0\)/g, '').replace(SEPARATORS, '');
  if (!/^\+?[0-9]+$/.test(compact)) throw new PhoneNumberError('bad_character', 'A phone number holds digits, spaces, dashes, dots, parentheses and one leading +');
  let international: string;
  if (compact.startsWith('+')) international = compact.slice(1);
  else if (compact.startsWith('00')) international = compact.slice(2);
  else {
    const code = options.defaultCallingCode;
    if (code === undefined) throw new PhoneNumberError('no_country_code', 'The phone number has no country code: write it with + or 00');
    if (!CALLING_CODE.test(code)) throw new PhoneNumberError('no_country_code', 'The assumed country calling code is not 1-3 digits');
    international = code + (compact.startsWith('0') ? compact.slice(1) : compact);
  }
  if (international.startsWith('0')) throw new PhoneNumberError('bad_length', 'A country calling code never starts with 0');
  if (international.length < E164_MIN_DIGITS || international.length > E164_MAX_DIGITS) {
    throw new PhoneNumberError('bad_length', `An international phone number has ${E164_MIN_DIGITS}-${E164_MAX_DIGITS} digits`);
  }
  return `+${international}`;
}
