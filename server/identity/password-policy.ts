// The password policy for every password a person chooses (PCI DSS 8.3.6,
// 8.3.7): at least PASSWORD_MIN_LENGTH characters, not built on the username
// or display name, not a common password, not one of the last four.
//
// Lookalikes do not slip through: the password is folded before the name and
// list checks (Unicode NFKC, lower case, format characters and accents
// dropped, Cyrillic and Greek lookalikes read as Latin), and a common password
// padded with digits or punctuation, written in leetspeak or repeated counts
// as that common password.
import { dictionary } from '@zxcvbn-ts/language-common';
import { PASSWORD_MIN_LENGTH } from '../../shared/schemas/session.ts';
import { GatewayError } from '../errors.ts';
import { verifyPassword } from './passwords.ts';

/** The last N passwords (the current one included) that may not come back. */
export const PASSWORD_HISTORY_DEPTH = 4;
/** Name parts shorter than this are too common inside words to refuse ("al", "jo"). */
const MIN_NAME_PART = 3;

export type PasswordRule = 'length' | 'name' | 'common' | 'history';

export class PasswordRejection extends GatewayError {
  readonly rule: PasswordRule;
  constructor(rule: PasswordRule, message: string) {
    super('password_rejected', message);
    this.rule = rule;
  }
}

// Latin letters that Cyrillic and Greek letters are drawn like (after lower-casing).
const LOOKALIKES: Readonly<Record<string, string>> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x', ѕ: 's', і: 'i', ї: 'i', ј: 'j',
  ԁ: 'd', ԛ: 'q', ԝ: 'w', һ: 'h', ӏ: 'l', ɡ: 'g', ı: 'i',
  α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ω: 'w', ζ: 'z', μ: 'u',
};
const LEET: Readonly<Record<string, string>> = { '@': 'a', '4': 'a', '8': 'b', '3': 'e', '1': 'i', '!': 'i', '0': 'o', $: 's', '5': 's', '7': 't', '+': 't', '2': 'z' };

/** The password as the checks compare it: compatibility-normalised, lower case, without marks, format characters or lookalikes. */
export function foldForComparison(text: string): string {
  const folded = text
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\p{M}\p{Cf}\p{Cc}]/gu, '');
  return Array.from(folded, (ch) => LOOKALIKES[ch] ?? ch).join('').normalize('NFKC');
}

const deLeet = (text: string): string => Array.from(text, (ch) => LEET[ch] ?? ch).join('');
/** The letters a password is built on: without the digits and punctuation padded around it. */
const core = (text: string): string => text.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
/** The shortest unit the text repeats ("abcabcabc" → "abc"), or the text itself. */
const repeatedUnit = (text: string): string => /^(.+?)\1+$/su.exec(text)?.[1] ?? text;

let commonPasswords: ReadonlySet<string> | undefined;
function commonList(): ReadonlySet<string> {
  commonPasswords ??= new Set(dictionary['passwords-common'].map(foldForComparison));
  return commonPasswords;
}

function isCommon(folded: string): boolean {
  const list = commonList();
  const candidates = new Set<string>();
  for (const form of [folded, deLeet(folded)]) {
    for (const variant of [form, core(form), repeatedUnit(form), repeatedUnit(core(form))]) candidates.add(variant);
  }
  for (const candidate of candidates) {
    // A unit of one or two characters repeated ("aaaaaaaaaaaa", "121212121212") is as weak as a listed one.
    if (candidate.length <= 2 && candidate.length < folded.length) return true;
    if (candidate.length > 0 && list.has(candidate)) return true;
  }
  return false;
}

const nameParts = (name: string): string[] => {
  const folded = foldForComparison(name);
  const parts = folded.split(/[^\p{L}\p{N}]+/u).filter((part) => part.length >= MIN_NAME_PART);
  const whole = folded.replace(/[^\p{L}\p{N}]+/gu, '');
  return whole.length >= MIN_NAME_PART ? [whole, ...parts] : parts;
};

export interface PasswordCandidate {
  readonly password: string;
  readonly username: string;
  readonly displayName: string;
  /** The current password's hash and earlier ones, newest first: the first PASSWORD_HISTORY_DEPTH distinct ones are refused. */
  readonly recentHashes: readonly string[];
}

/** Resolves when the password may be set; otherwise throws a PasswordRejection that names the rule. */
export async function checkNewPassword(candidate: PasswordCandidate): Promise<void> {
  const { password } = candidate;
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
  const recent = [...new Set(candidate.recentHashes)].slice(0, PASSWORD_HISTORY_DEPTH);
  for (const hash of recent) {
    if (await verifyPassword(hash, password)) {
      throw new PasswordRejection('history', `A new password may not be one of your last ${PASSWORD_HISTORY_DEPTH} passwords`);
    }
  }
}
