// Enrolment secrets: what an admin hands to a desk (a code) or puts in managed
// policy (a token). Random from an alphabet without look-alikes, in dash-separated
// groups of five that each hold a letter, so no run of digits, dashes or not, can
// ever look like a card number. The gateway keeps only a SHA-256: the secret has
// 95 bits or more of entropy, so a keyed hash would add nothing.
import { randomInt } from 'node:crypto';
import { containsPan } from '../../shared/pan.ts';
import { ENROLMENT_GROUP, type EnrolmentKind } from '../../shared/schemas/admin.ts';
import { sha256Hex } from '../core/hashing.ts';

const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** A code is typed by a person (4 groups, ~98 bits); a token is pasted into policy (6 groups, ~147 bits). */
const GROUPS: Record<EnrolmentKind, number> = { code: 4, policy_token: 6 };

function group(): string {
  for (;;) {
    const chars = Array.from({ length: ENROLMENT_GROUP }, () => ALPHABET[randomInt(ALPHABET.length)] ?? 'A').join('');
    if (/[A-Z]/.test(chars)) return chars;
  }
}

export function newEnrolmentSecret(kind: EnrolmentKind): string {
  for (;;) {
    const secret = Array.from({ length: GROUPS[kind] }, group).join('-');
    if (!containsPan(secret)) return secret;
  }
}

/** Case does not matter to a person reading a code aloud: the hash is of the upper-case form. */
export function hashEnrolmentSecret(secret: string): string {
  return sha256Hex(`sentinel-enrolment\n${secret.trim().toUpperCase()}`);
}
