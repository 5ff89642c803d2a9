// The only form in which the gateway keeps a card number: HMAC-SHA256 under a
// server-side pepper, so a stolen database cannot be brute-forced without it.
import { createHmac } from 'node:crypto';

export function panHmac(pepper: Buffer, panDigits: string): string {
  return createHmac('sha256', pepper).update(panDigits, 'utf8').digest('hex');
}
