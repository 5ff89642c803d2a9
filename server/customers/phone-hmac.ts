// The only form in which the gateway matches a phone number: HMAC-SHA256 of its
// E.164 form under the card pepper (card-hmac.ts), so a stolen database cannot
// be walked through the small space of phone numbers without the pepper. The
// inputs never meet: an E.164 number starts with `+`, a PAN is digits only.
import { createHmac } from 'node:crypto';
import { normaliseE164, type PhoneNormaliseOptions } from './phone-number.ts';

/** Normalises `phone` (throws PhoneNumberError when it is not a phone number) and hashes it. */
export function phoneHmac(pepper: Buffer, phone: string, options: PhoneNormaliseOptions = {}): string {
  return createHmac('sha256', pepper).update(normaliseE164(phone, options), 'utf8').digest('hex');
}
