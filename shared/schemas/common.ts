// Small building blocks the other schemas share.
import { z } from 'zod';
import { containsPan } from '../pan.ts';

/** Free text a person typed that is stored or sent on: it must never carry a card number. */
export function panFreeText(what: string, min: number, max: number) {
  return z
    .string()
    .trim()
    .min(min, { error: `${what} needs at least ${min} characters` })
    .max(max, { error: `${what} is at most ${max} characters` })
    .refine((text) => !containsPan(text), {
      error: `${what} must not contain a card number; refer to the card by its last 4 digits`,
    });
}

/** Identifiers of records: short, printable, and never a PAN in disguise. */
export function recordId(what: string) {
  return z
    .string()
    .trim()
    .min(1, { error: `${what} is required` })
    .max(40, { error: `${what} is at most 40 characters` })
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, { error: `${what} may contain letters, digits, - and _` })
    .refine((id) => !containsPan(id), { error: `${what} looks like a card number; use the card search` });
}

export const TimestampSchema = z.iso.datetime({ offset: true });
export const DateSchema = z.iso.date();
export const CurrencySchema = z.string().regex(/^[A-Z]{3}$/);
/** Money in the currency's minor unit (cents), so no float rounding. */
export const MinorUnitsSchema = z.number().int();
