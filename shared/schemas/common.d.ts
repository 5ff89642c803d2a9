import { z } from 'zod';
/** Free text a person typed that is stored or sent on: it must never carry a card number. */
export declare function panFreeText(what: string, min: number, max: number): z.ZodString;
/** Identifiers of records: short, printable, and never a PAN in disguise. */
export declare function recordId(what: string): z.ZodString;
export declare const TimestampSchema: z.ZodISODateTime;
export declare const DateSchema: z.ZodISODate;
export declare const CurrencySchema: z.ZodString;
/** Money in the currency's minor unit (cents), so no float rounding. */
export declare const MinorUnitsSchema: z.ZodNumber;
