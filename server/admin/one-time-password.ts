// One-time passwords an admin hands to a person (PCI DSS 8.3.5): random from
// crypto, 23 characters, and never holding a digit run a DLP scan would take
// for a card number (it is shown on screen and may be read out).
import { randomInt } from 'node:crypto';
import { containsPan } from '../../shared/pan.ts';

/** No 0/O, 1/l/I: read out over the phone without mistakes. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const GROUPS = 4;
const GROUP_LENGTH = 5;
export const ONE_TIME_PASSWORD_LIFETIME_MS = 72 * 3_600_000;

export function newOneTimePassword(): string {
  for (;;) {
    const groups = Array.from({ length: GROUPS }, () => Array.from({ length: GROUP_LENGTH }, () => ALPHABET.charAt(randomInt(ALPHABET.length))).join(''));
    const password = groups.join('-');
    if (!containsPan(password)) return password;
  }
}
