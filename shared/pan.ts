// Card-number (PAN) rules shared by every side: validation, brand, masking, and
// the DLP scan that keeps full PANs out of text. Nothing here returns a full PAN
// that it was not handed, so callers can log what it gives back.
import { z } from 'zod';

export const CARD_BRANDS = [
  'visa',
  'mastercard',
  'amex',
  'discover',
  'jcb',
  'unionpay',
  'diners',
  'maestro',
] as const;
export const CardBrandSchema = z.enum(CARD_BRANDS);
export type CardBrand = z.infer<typeof CardBrandSchema>;

export const PAN_MIN_LENGTH = 12;
export const PAN_MAX_LENGTH = 19;

interface IinRange {
  readonly brand: CardBrand;
  /** Inclusive prefix range; both ends have the same number of digits. */
  readonly from: string;
  readonly to: string;
  readonly lengths: readonly number[];
}

const range = (from: number, to: number, min: number, max: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i).filter((n) => n >= min && n <= max);
const len = (min: number, max: number): number[] => range(min, max, min, max);

// Order matters: the first match wins, so narrower ranges that sit inside wider
// ones (Discover's co-branded 622126-622925 inside UnionPay's 62) come first.
const IIN_RANGES: readonly IinRange[] = [
  { brand: 'amex', from: '34', to: '34', lengths: [15] },
  { brand: 'amex', from: '37', to: '37', lengths: [15] },
  { brand: 'diners', from: '300', to: '305', lengths: len(14, 19) },
  { brand: 'diners', from: '3095', to: '3095', lengths: len(14, 19) },
  { brand: 'diners', from: '36', to: '36', lengths: len(14, 19) },
  { brand: 'diners', from: '38', to: '39', lengths: len(14, 19) },
  { brand: 'jcb', from: '3528', to: '3589', lengths: len(16, 19) },
  { brand: 'visa', from: '4', to: '4', lengths: [13, 16, 19] },
  { brand: 'maestro', from: '5018', to: '5018', lengths: len(12, 19) },
  { brand: 'maestro', from: '5020', to: '5020', lengths: len(12, 19) },
  { brand: 'maestro', from: '5038', to: '5038', lengths: len(12, 19) },
  { brand: 'maestro', from: '5893', to: '5893', lengths: len(12, 19) },
  { brand: 'mastercard', from: '51', to: '55', lengths: [16] },
  { brand: 'mastercard', from: '2221', to: '2720', lengths: [16] },
  { brand: 'discover', from: '6011', to: '6011', lengths: len(16, 19) },
  { brand: 'discover', from: '622126', to: '622925', lengths: len(16, 19) },
  { brand: 'discover', from: '644', to: '649', lengths: len(16, 19) },
  { brand: 'discover', from: '65', to: '65', lengths: len(16, 19) },
  { brand: 'maestro', from: '6304', to: '6304', lengths: len(12, 19) },
  { brand: 'maestro', from: '6759', to: '6759', lengths: len(12, 19) },
  { brand: 'maestro', from: '6761', to: '6763', lengths: len(12, 19) },
  { brand: 'unionpay', from: '62', to: '62', lengths: len(16, 19) },
  { brand: 'unionpay', from: '81', to: '81', lengths: len(16, 19) },
];

const inRange = (digits: string, r: IinRange): boolean => {
  const prefix = digits.slice(0, r.from.length);
  return prefix.length === r.from.length && prefix >= r.from && prefix <= r.to;
};

/** Brand by IIN prefix alone, for live feedback while a number is typed. */
export function brandOf(digits: string): CardBrand | null {
  return IIN_RANGES.find((r) => inRange(digits, r))?.brand ?? null;
}

/** Whether a brand issues PANs of this length (the brand's own IIN rows decide). */
function lengthFitsBrand(digits: string): boolean {
  const row = IIN_RANGES.find((r) => inRange(digits, r));
  return row?.lengths.includes(digits.length) === true;
}

export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** The check digit that makes `partial + digit` Luhn-valid. */
export function luhnCheckDigit(partial: string): number {
  for (let d = 0; d <= 9; d++) if (luhnValid(`${partial}${d}`)) return d;
  throw new PanFormatError('not_digits', 'Luhn check digit needs a digits-only prefix');
}

export type PanProblem = 'not_digits' | 'length' | 'brand' | 'luhn';

export class PanFormatError extends Error {
  override readonly name = 'PanFormatError';
  readonly problem: PanProblem;
  constructor(problem: PanProblem, message: string) {
    super(message);
    this.problem = problem;
  }
}

const PAN_PROBLEM_MESSAGES: Record<PanProblem, string> = {
  not_digits: 'A card number may contain only digits, spaces and dashes',
  length: `A card number has ${PAN_MIN_LENGTH} to ${PAN_MAX_LENGTH} digits`,
  brand: 'The card number does not match a supported card brand and length',
  luhn: 'The card number fails its check digit (Luhn)',
};

/** Digits typed by a person: spaces and dashes between groups are allowed. */
export function normalizePanInput(input: string): string | null {
  const trimmed = input.trim();
  if (!/^[\d -]*$/.test(trimmed)) return null;
  return trimmed.replace(/[ -]/g, '');
}

export type PanCheck =
  | { readonly ok: true; readonly digits: string; readonly brand: CardBrand }
  | { readonly ok: false; readonly problem: PanProblem; readonly message: string };

/** Full validation of a typed card number; the result never echoes a failing input. */
export function checkPan(input: string): PanCheck {
  const fail = (problem: PanProblem): PanCheck => ({
    ok: false,
    problem,
    message: PAN_PROBLEM_MESSAGES[problem],
  });
  const digits = normalizePanInput(input);
  if (digits === null || digits.length === 0) return fail('not_digits');
  if (digits.length < PAN_MIN_LENGTH || digits.length > PAN_MAX_LENGTH) return fail('length');
  const brand = brandOf(digits);
  if (brand === null || !lengthFitsBrand(digits)) return fail('brand');
  if (!luhnValid(digits)) return fail('luhn');
  return { ok: true, digits, brand };
}

export function isPan(digits: string): boolean {
  return /^\d+$/.test(digits) && checkPan(digits).ok;
}

/**
 * A card number as typed, normalized to digits. The error message never
 * contains the input, so a rejected PAN cannot leak through validation errors.
 */
export const PanInputSchema = z
  .string()
  .max(64, { error: 'A card number is at most 19 digits' })
  .transform((input, ctx) => {
    const result = checkPan(input);
    if (!result.ok) {
      ctx.addIssue({ code: 'custom', message: result.message, input: '' });
      return z.NEVER;
    }
    return result.digits;
  });

// ---------------------------------------------------------------- masking

/** PCI DSS 3.4.1: BIN + last 4 is the most that may ever be displayed. */
export const MaskRevealSchema = z.enum(['last4', 'bin+last4']);
export type MaskReveal = z.infer<typeof MaskRevealSchema>;

export const MaskPolicySchema = z.object({ reveal: MaskRevealSchema.default('last4') });
export type MaskPolicy = z.infer<typeof MaskPolicySchema>;
export const DEFAULT_MASK_POLICY: MaskPolicy = { reveal: 'last4' };

export const MASK_CHAR = '•';
const BIN_LENGTH = 6;
/** However short the PAN, at least this many digits stay hidden. */
const MIN_HIDDEN_DIGITS = 4;

/** What the server keeps of a PAN (besides its keyed HMAC), and all masking needs. */
export const PanFacetsSchema = z.object({
  bin: z.string().regex(/^\d{6}$/),
  last4: z.string().regex(/^\d{4}$/),
  length: z.number().int().min(PAN_MIN_LENGTH).max(PAN_MAX_LENGTH),
  brand: CardBrandSchema,
});
export type PanFacets = z.infer<typeof PanFacetsSchema>;

export function panFacets(pan: string): PanFacets {
  const result = checkPan(pan);
  if (!result.ok) throw new PanFormatError(result.problem, result.message);
  return {
    bin: result.digits.slice(0, BIN_LENGTH),
    last4: result.digits.slice(-4),
    length: result.digits.length,
    brand: result.brand,
  };
}

function groupSizes(length: number, brand: CardBrand): number[] {
  if (brand === 'amex' && length === 15) return [4, 6, 5];
  if (brand === 'diners' && length === 14) return [4, 6, 4];
  const sizes: number[] = [];
  for (let left = length; left > 0; left -= 4) sizes.push(Math.min(4, left));
  return sizes;
}

/** Masks from facets, so a server that never stored the PAN can mask the same way. */
export function maskFacets(facets: PanFacets, policy: MaskPolicy = DEFAULT_MASK_POLICY): string {
  const { length, brand } = facets;
  const shownHead =
    policy.reveal === 'bin+last4' ? Math.max(0, Math.min(BIN_LENGTH, length - 4 - MIN_HIDDEN_DIGITS)) : 0;
  const chars = Array.from({ length }, (_, i) => {
    if (i < shownHead) return facets.bin[i] ?? MASK_CHAR;
    if (i >= length - 4) return facets.last4[i - (length - 4)] ?? MASK_CHAR;
    return MASK_CHAR;
  });
  const groups: string[] = [];
  let at = 0;
  for (const size of groupSizes(length, brand)) {
    groups.push(chars.slice(at, at + size).join(''));
    at += size;
  }
  return groups.join(' ');
}

/** `•••• •••• •••• 1111` by default; never more than BIN + last 4. Throws PanFormatError on a non-PAN. */
export function mask(pan: string, policy: MaskPolicy = DEFAULT_MASK_POLICY): string {
  return maskFacets(panFacets(pan), policy);
}

// ---------------------------------------------------------------- DLP scan

export interface PanFinding {
  /** UTF-16 offsets into the scanned text; `end` is exclusive. */
  readonly start: number;
  readonly end: number;
  readonly brand: CardBrand;
  readonly last4: string;
}

/** Texts longer than this are refused rather than scanned slowly; callers treat it as a hit. */
export const FIND_PANS_MAX_TEXT = 1_000_000;
// The scan reads each character as what a person sees once the text is
// normalised (NFKC, every Unicode decimal digit as its value, format characters
// and combining marks dropped), written in a small alphabet: the digits 0-9,
// WORD (letters and other numbers: they end a number), SPACE and MARK
// (punctuation, symbols, controls: any run of them joins digit groups, so
// `4111!!!!1111…` is still a card). A character can read as several symbols
// (`⒇` reads `(20)`) or as none (U+200B).
const WORD = 'a';
const SPACE = ' ';
const MARK = '.';

const DECIMAL_DIGIT = /^\p{Nd}$/u;
const DROPPED = /^[\p{Cf}\p{M}]$/u;
const WORD_CHARACTER = /^[\p{L}\p{N}]$/u;
const WHITE_SPACE = /^[\s\p{Z}]$/u;

/** The value of a Unicode decimal digit, or -1. */
function decimalValue(ch: string): number {
  if (!DECIMAL_DIGIT.test(ch)) return -1;
  // Unicode encodes every decimal digit set as a contiguous block 0-9 (a
  // stability guarantee), so the distance back to where digits start gives the value.
  const code = ch.codePointAt(0) ?? 0;
  let first = code;
  while (DECIMAL_DIGIT.test(String.fromCodePoint(first - 1))) first--;
  return (code - first) % 10;
}

function symbolOf(ch: string): string {
  if (DROPPED.test(ch)) return '';
  const digit = decimalValue(ch);
  if (digit >= 0) return String(digit);
  if (WORD_CHARACTER.test(ch)) return WORD;
  return WHITE_SPACE.test(ch) ? SPACE : MARK;
}

const ASCII_READINGS: readonly string[] = Array.from({ length: 128 }, (_, code) => symbolOf(String.fromCharCode(code)));
/** Readings of non-ASCII code points seen so far; bounded so hostile text cannot grow it without end. */
const readingCache = new Map<number, string>();
const READING_CACHE_LIMIT = 65_536;

function readingOf(code: number): string {
  if (code < 128) return ASCII_READINGS[code] ?? MARK;
  let reading = readingCache.get(code);
  if (reading === undefined) {
    reading = '';
    for (const ch of String.fromCodePoint(code).normalize('NFKC')) reading += symbolOf(ch);
    if (readingCache.size < READING_CACHE_LIMIT) readingCache.set(code, reading);
  }
  return reading;
}

const isDigitSymbol = (symbol: string): boolean => symbol >= '0' && symbol <= '9';

interface DigitGroup {
  /** Offsets of the original characters the digits were read from. */
  readonly start: number;
  end: number;
  digits: string;
}

/**
 * Collects runs of digit groups, fed one symbol at a time. Groups join across
 * any white space, punctuation or symbols; a letter ends the run. Dropped characters inside or right after a group belong to it,
 * so a redaction covers them.
 */
class DigitRuns {
  readonly runs: DigitGroup[][] = [];
  private run: DigitGroup[] = [];
  private group: DigitGroup | null = null;

  digit(digit: string, start: number, end: number): void {
    if (this.group !== null) {
      this.group.digits += digit;
      this.group.end = end;
      return;
    }
    this.group = { start, end, digits: digit };
  }

  separator(): void {
    if (this.group !== null) {
      this.run.push(this.group);
      this.group = null;
    }
  }

  dropped(end: number): void {
    if (this.group !== null) this.group.end = end;
  }

  endRun(): void {
    if (this.group === null && this.run.length === 0) return;
    if (this.group !== null) this.run.push(this.group);
    this.group = null;
    // Runs too short to hold a PAN are not kept.
    if (this.run.reduce((digits, g) => digits + g.digits.length, 0) >= PAN_MIN_LENGTH) this.runs.push(this.run);
    this.run = [];
  }
}

const ASCII_ZERO = 48;
const ASCII_NINE = 57;

function digitRuns(text: string): DigitGroup[][] {
  const runs = new DigitRuns();
  for (let i = 0; i < text.length; ) {
    const code = text.codePointAt(i) ?? 0;
    const next = i + (code > 0xffff ? 2 : 1);
    if (code >= ASCII_ZERO && code <= ASCII_NINE) {
      runs.digit(text.charAt(i), i, next);
    } else {
      const reading = readingOf(code);
      if (reading === '') runs.dropped(next);
      for (let k = 0; k < reading.length; k++) {
        const symbol = reading.charAt(k);
        if (isDigitSymbol(symbol)) runs.digit(symbol, i, next);
        else if (symbol === WORD) runs.endRun();
        else runs.separator();
      }
    }
    i = next;
  }
  runs.endRun();
  return runs.runs;
}

/**
 * Finds PAN-like numbers in free text however they are written: split by any
 * white space, punctuation or symbols, with format characters or combining
 * marks in between, in any script's decimal digits, in full-width or other
 * compatibility forms, and any of that written in base64 (below). Only group-aligned, Luhn-valid candidates of a real brand
 * and length count, so order and phone numbers do not trip it. A digit run is
 * never split inside a group: a PAN glued to other digits is a different number.
 */
export function findPans(text: string): PanFinding[] {
  if (text.length > FIND_PANS_MAX_TEXT) {
    throw new RangeError(`findPans: text of ${text.length} characters exceeds ${FIND_PANS_MAX_TEXT}`);
  }
  const plain = findPlainPans(text);
  const encoded = base64Pans(text).filter((b) => !plain.some((p) => p.start < b.end && b.start < p.end));
  return encoded.length === 0 ? plain : [...plain, ...encoded].sort((a, b) => a.start - b.start);
}

function findPlainPans(text: string): PanFinding[] {
  if (!hasEnoughDigits(text)) return [];
  const findings: PanFinding[] = [];
  for (const groups of digitRuns(text)) {
    let first = 0;
    while (first < groups.length) {
      const found = longestPanFrom(groups, first);
      if (found === null) {
        first++;
        continue;
      }
      findings.push(found.finding);
      first = found.nextGroup;
    }
  }
  return findings;
}

// Base64 (standard or URL-safe alphabet, padded or not): every run of its
// characters long enough to hold a PAN is decoded, from each of its first four
// characters (so a token glued to other letters still decodes in step), as
// UTF-8, and the decoded text is scanned as plain text: one level, never decoded
// again. The cost stays linear in the text: four decodings and four scans of
// each run. A hit covers the whole run, so redaction removes it.
const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUES: readonly number[] = Array.from({ length: 128 }, (_, code) => {
  const ch = String.fromCharCode(code);
  if (ch === '-') return 62;
  if (ch === '_') return 63;
  return BASE64_ALPHABET.indexOf(ch);
});
/** 12 digits are 12 bytes, 16 characters of base64. */
const BASE64_MIN_RUN = 16;
const BASE64_ALIGNMENTS = 4;

const base64Value = (code: number): number => (code < 128 ? (BASE64_VALUES[code] ?? -1) : -1);

function base64Pans(text: string): PanFinding[] {
  const findings: PanFinding[] = [];
  if (text.length < BASE64_MIN_RUN) return findings;
  for (let i = 0; i < text.length; ) {
    if (base64Value(text.charCodeAt(i)) < 0) {
      i++;
      continue;
    }
    let end = i;
    while (end < text.length && base64Value(text.charCodeAt(end)) >= 0) end++;
    const runEnd = end;
    while (end < text.length && text.charCodeAt(end) === 61 /* = */) end++;
    if (runEnd - i >= BASE64_MIN_RUN) {
      for (let skip = 0; skip < BASE64_ALIGNMENTS; skip++) {
        const bytes = base64Bytes(text, i + skip, runEnd);
        if (!mayHoldPan(bytes)) continue;
        const [found] = findPlainPans(utf8Text(bytes));
        if (found === undefined) continue;
        findings.push({ start: i, end, brand: found.brand, last4: found.last4 });
        break;
      }
    }
    i = end;
  }
  return findings;
}

function base64Bytes(text: string, from: number, to: number): Uint8Array {
  const bytes = new Uint8Array(Math.floor(((to - from) * 6) / 8));
  let bits = 0;
  let held = 0;
  let at = 0;
  for (let i = from; i < to; i++) {
    held = ((held << 6) | base64Value(text.charCodeAt(i))) & 0xffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[at++] = (held >> bits) & 0xff;
    }
  }
  return bytes;
}

/** Whether the bytes hold enough ASCII digits, or bytes of other characters (which may be digits), for a PAN. */
function mayHoldPan(bytes: Uint8Array): boolean {
  let candidates = 0;
  for (const byte of bytes) if (((byte >= 48 && byte <= 57) || byte >= 0x80) && ++candidates >= PAN_MIN_LENGTH) return true;
  return false;
}

/** UTF-8 bytes as text; a byte that starts no valid sequence reads as U+FFFD. */
function utf8Text(bytes: Uint8Array): string {
  const codes: number[] = [];
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i] ?? 0;
    const size = lead < 0x80 ? 1 : lead >= 0xf0 && lead < 0xf8 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 0;
    let code = size === 1 ? lead : size === 0 ? -1 : lead & (0xff >> (size + 1));
    for (let k = 1; k < size && code >= 0; k++) {
      const next = bytes[i + k];
      code = next !== undefined && (next & 0xc0) === 0x80 ? (code << 6) | (next & 0x3f) : -1;
    }
    const valid = code >= 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
    codes.push(valid ? code : 0xfffd);
    i += valid ? size : 1;
  }
  let out = '';
  for (let i = 0; i < codes.length; i += UTF8_SLICE) out += String.fromCodePoint(...codes.slice(i, i + UTF8_SLICE));
  return out;
}
/** Code points turned into text at a time: well inside the engine's limit on call arguments. */
const UTF8_SLICE = 8192;

/**
 * Fast path: most texts (names, IDs, timestamps, a whole record's keys and values) have no stretch between two
 * letters with as many digits as the shortest PAN. A letter ends a run in digitRuns too, so nothing is missed.
 */
function hasEnoughDigits(text: string): boolean {
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 128) {
      if (code >= 48 && code <= 57) {
        if (++digits >= PAN_MIN_LENGTH) return true;
      } else if (ASCII_READINGS[code] === WORD) digits = 0;
      continue;
    }
    const full = text.codePointAt(i) ?? code;
    if (full > 0xffff) i++;
    for (const symbol of readingOf(full)) {
      if (isDigitSymbol(symbol)) {
        if (++digits >= PAN_MIN_LENGTH) return true;
      } else if (symbol === WORD) digits = 0;
    }
  }
  return false;
}

function longestPanFrom(groups: readonly DigitGroup[], first: number): { finding: PanFinding; nextGroup: number } | null {
  const startGroup = groups[first];
  if (startGroup === undefined) return null;
  const spans: { digits: string; endGroup: DigitGroup; last: number }[] = [];
  let digits = '';
  for (let last = first; last < groups.length; last++) {
    const endGroup = groups[last];
    if (endGroup === undefined) break;
    digits += endGroup.digits;
    if (digits.length > PAN_MAX_LENGTH) break;
    if (digits.length >= PAN_MIN_LENGTH) spans.push({ digits, endGroup, last });
  }
  for (const span of spans.reverse()) {
    const brand = brandOf(span.digits);
    if (brand === null || !isPan(span.digits)) continue;
    return {
      finding: { start: startGroup.start, end: span.endGroup.end, brand, last4: span.digits.slice(-4) },
      nextGroup: span.last + 1,
    };
  }
  return null;
}

/**
 * Replaces every PAN found by findPans, with the separators and invisible
 * characters written between its digits, by a bracketed last-4 token. Digits
 * left after a PAN can join the token's last 4 into a new PAN-like run, so it
 * scans again until nothing is found; each pass removes at least 8 digits.
 */
export function redactPans(text: string): string {
  let redacted = text;
  for (let findings = findPans(redacted); findings.length > 0; findings = findPans(redacted)) {
    let out = '';
    let at = 0;
    for (const f of findings) {
      out += `${redacted.slice(at, Math.max(at, f.start))}[card ${MASK_CHAR.repeat(4)}${f.last4}]`;
      at = Math.max(at, f.end);
    }
    redacted = out + redacted.slice(at);
  }
  return redacted;
}

export function containsPan(text: string): boolean {
  return findPans(text).length > 0;
}

/**
 * Draws random identifiers until one does not read as a card number. The app's
 * IDs (UUIDs: event, alert, note, batch IDs) pass through the DLP scan and an
 * audit event refuses any PAN-like run, and a random UUID's decimal digits form
 * one now and then; redrawing those keeps every ID usable.
 */
export function panFreeId(draw: () => string): string {
  for (;;) {
    const id = draw();
    if (!containsPan(id)) return id;
  }
}
