// The password policy for every password a person chooses (PCI DSS 8.3.6,
// 8.3.7, 8.3.9): at least PASSWORD_MIN_LENGTH characters with letters and
// digits, not built on the username (either way round) or display name, not a
// common password, not one of the last four, and not changed again within a
// day (so quick changes cannot cycle the history).
//
// Lookalikes do not slip through: the password is folded before the name and
// list checks (Unicode NFKC, the UTS #39 confusables skeleton from Unicode's
// data, lower case, format characters and accents dropped), and a common
// password padded with digits or punctuation, spaced or dotted out, written in
// leetspeak or repeated counts as that common password.
import { dictionary } from '@zxcvbn-ts/language-common';
import { PASSWORD_MIN_LENGTH } from '../../shared/schemas/session.ts';
import { GatewayError } from '../errors.ts';
import { confusableSkeleton } from './confusable-skeleton.ts';
import { verifyPassword } from './passwords.ts';

/** The last N passwords (the current one included) that may not come back. */
export const PASSWORD_HISTORY_DEPTH = 4;
/** Name parts shorter than this are too common inside words to refuse ("al", "jo"). */
const MIN_NAME_PART = 3;
/** A letter run shorter than this is not what a password is built on ("ab" in "ab7-…"). */
const MIN_LETTER_RUN = 4;
/** A password a person set stays at least this long (PCI DSS 8.3.9 lets history be cycled otherwise). */
export const PASSWORD_MIN_AGE_MS = 24 * 3_600_000;

export type PasswordRule = 'length' | 'composition' | 'name' | 'common' | 'history' | 'min_age';

export class PasswordRejection extends GatewayError {
  readonly rule: PasswordRule;
  constructor(rule: PasswordRule, message: string) {
    super('password_rejected', message);
    this.rule = rule;
  }
}

// Digits and symbols read as letters; 1 and ! as l, since the fold reads i as l.
const LEET: Readonly<Record<string, string>> = { '@': 'a', '4': 'a', '8': 'b', '3': 'e', '1': 'l', '!': 'l', '0': 'o', $: 's', '5': 's', '7': 't', '+': 't', '2': 'z' };

const withoutMarks = (text: string): string => text.normalize('NFKD').replace(/[\p{M}\p{Cf}\p{Cc}]/gu, '');

/**
 * The password as the checks compare it: compatibility-normalised, read as its
 * confusables skeleton, lower case, without marks or format characters. The
 * skeleton comes before lower case too, so capitals fold as drawn (Greek Ν is
 * N, while its small ν is v).
 */
export function foldForComparison(text: string): string {
  // The skeleton before compatibility normalisation as well: NFKC reads long ſ as s, Unicode's data as f.
  const skeleton = confusableSkeleton(withoutMarks(confusableSkeleton(text.normalize('NFD')).normalize('NFKC')));
  // The skeleton reads capital I (Latin or Greek) as l; once in lower case, i is read as l too, so case cannot split them.
  return withoutMarks(confusableSkeleton(skeleton.toLowerCase())).normalize('NFKC').replaceAll('i', 'l');
}

const deLeet = (text: string): string => Array.from(text, (ch) => LEET[ch] ?? ch).join('');
/** The letters a password is built on: without the digits and punctuation padded around it. */
const core = (text: string): string => text.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
/** The shortest unit the text repeats ("abcabcabc" → "abc"), or the text itself. */
const repeatedUnit = (text: string): string => /^(.+?)\1+$/su.exec(text)?.[1] ?? text;
/** The runs of letters once separators are gone: "p.a.s.s.w.o.r.d.1" and "Password123!Password123!" give "password". */
const letterRuns = (text: string): string[] =>
  text
    .replace(/[^\p{L}\p{N}]+/gu, '')
    .split(/\P{L}+/u)
    .filter((run) => run.length >= MIN_LETTER_RUN);

let commonPasswords: ReadonlySet<string> | undefined;
function commonList(): ReadonlySet<string> {
  commonPasswords ??= new Set(dictionary['passwords-common'].map(foldForComparison));
  return commonPasswords;
}

function isCommon(folded: string): boolean {
  const list = commonList();
  const candidates = new Set<string>();
  for (const form of [folded, deLeet(folded)]) {
    for (const variant of [form, core(form), repeatedUnit(form), repeatedUnit(core(form)), ...letterRuns(form)]) candidates.add(variant);
  }
  for (const candidate of candidates) {
    // A unit of one or two characters repeated ("aaaaaaaaaaaa", "121212121212") is as weak as a listed one.
    if (candidate.length <= 2 && candidate.length < folded.length) return true;
    if (candidate.length > 0 && list.has(candidate)) return true;
  }
  return false;
}

const partsOf = (folded: string): string[] => {
  const parts = folded.split(/[^\p{L}\p{N}]+/u).filter((part) => part.length >= MIN_NAME_PART);
  const whole = folded.replace(/[^\p{L}\p{N}]+/gu, '');
  return whole.length >= MIN_NAME_PART ? [whole, ...parts] : parts;
};
/** A name's parts, and the same read backwards ("rellek.atram"). */
const nameParts = (name: string): string[] => {
  const folded = foldForComparison(name);
  return [...partsOf(folded), ...partsOf(Array.from(folded).reverse().join(''))];
};

export interface PasswordCandidate {
  readonly password: string;
  readonly username: string;
  readonly displayName: string;
  /** The current password's hash and earlier ones, newest first: the first PASSWORD_HISTORY_DEPTH distinct ones are refused. */
  readonly recentHashes: readonly string[];
  /** When the person last chose a password themselves, or null when they must change it now (one-time password, reset). */
  readonly lastChangedAt: number | null;
  readonly now: number;
}

/** Resolves when the password may be set; otherwise throws a PasswordRejection that names the rule. */
export async function checkNewPassword(candidate: PasswordCandidate): Promise<void> {
  const { password, lastChangedAt, now } = candidate;
  if (lastChangedAt !== null && now - lastChangedAt < PASSWORD_MIN_AGE_MS) {
    throw new PasswordRejection('min_age', 'Your password was changed less than a day ago; it can be changed again after one day');
  }
  // Counted in code points: what a person sees as characters, not UTF-16 units.
  if (Array.from(password.normalize('NFC')).length < PASSWORD_MIN_LENGTH) {
    throw new PasswordRejection('length', `A password needs at least ${PASSWORD_MIN_LENGTH} characters`);
  }
  const folded = foldForComparison(password);
  const plain = deLeet(folded);
  for (const part of [...nameParts(candidate.username), ...nameParts(candidate.displayName)]) {
    if (folded.includes(part) || plain.includes(part)) {
      throw new PasswordRejection('name', 'A password may not contain your username or your name');
    }
  }
  if (isCommon(folded)) {
    throw new PasswordRejection('common', 'This password is on the list of common passwords (or is one padded with digits or symbols); choose another');
  }
  if (!/\p{L}/u.test(password) || !/\p{Nd}/u.test(password)) {
    throw new PasswordRejection('composition', 'A password needs both letters and digits');
  }
  const recent = [...new Set(candidate.recentHashes)].slice(0, PASSWORD_HISTORY_DEPTH);
  for (const hash of recent) {
    if (await verifyPassword(hash, password)) {
      throw new PasswordRejection('history', `A new password may not be one of your last ${PASSWORD_HISTORY_DEPTH} passwords`);
    }
  }
}
