// The only form in which the gateway matches a phone number: HMAC-SHA256 of its
// E.164 form under the card pepper (card-hmac.ts), so a stolen database cannot
// be walked through the small space of phone numbers without the pepper. The
// inputs never meet: an E.164 number starts with `+`, a PAN is digits only.
import { createHmac } from 'node:crypto';
import { UNUSABLE_PHONE_PREFIX } from '../storage/store.ts';
import { normaliseE164, PhoneNumberError, type PhoneNormaliseOptions } from './phone-number.ts';

/** Normalises `phone` (throws PhoneNumberError when it is not a phone number) and hashes it. */
export function phoneHmac(pepper: Buffer, phone: string, options: PhoneNormaliseOptions = {}): string {
  return createHmac('sha256', pepper).update(normaliseE164(phone, options), 'utf8').digest('hex');
}

/**
 * What customers.phone_hmac holds for a number that is no phone number when read with `options`: it matches no call,
 * and it names the reading (the default calling code), so the start-up backfill reads it again only once that changes.
 */
export const unusablePhoneMark = (options: PhoneNormaliseOptions = {}): string => `${UNUSABLE_PHONE_PREFIX}${options.defaultCallingCode ?? ''}`;

/** The keyed hash of a stored customer's phone number, or the unusable mark when it is no phone number. */
export function storedPhoneHash(pepper: Buffer, phone: string, options: PhoneNormaliseOptions = {}): string {
  try {
    return phoneHmac(pepper, phone, options);
  } catch (error) {
    if (error instanceof PhoneNumberError) return unusablePhoneMark(options);
    throw error;
  }
}
