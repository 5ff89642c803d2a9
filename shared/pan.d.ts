import { z } from 'zod';
export declare const CARD_BRANDS: readonly ["visa", "mastercard", "amex", "discover", "jcb", "unionpay", "diners", "maestro"];
export declare const CardBrandSchema: z.ZodEnum<{
    visa: "visa";
    mastercard: "mastercard";
    amex: "amex";
    discover: "discover";
    jcb: "jcb";
    unionpay: "unionpay";
    diners: "diners";
    maestro: "maestro";
}>;
export type CardBrand = z.infer<typeof CardBrandSchema>;
export declare const PAN_MIN_LENGTH = 12;
export declare const PAN_MAX_LENGTH = 19;
/** Brand by IIN prefix alone, for live feedback while a number is typed. */
export declare function brandOf(digits: string): CardBrand | null;
export declare function luhnValid(digits: string): boolean;
/** The check digit that makes `partial + digit` Luhn-valid. */
export declare function luhnCheckDigit(partial: string): number;
export type PanProblem = 'not_digits' | 'length' | 'brand' | 'luhn';
export declare class PanFormatError extends Error {
    readonly name = "PanFormatError";
    readonly problem: PanProblem;
    constructor(problem: PanProblem, message: string);
}
/** Digits typed by a person: spaces and dashes between groups are allowed. */
export declare function normalizePanInput(input: string): string | null;
export type PanCheck = {
    readonly ok: true;
    readonly digits: string;
    readonly brand: CardBrand;
} | {
    readonly ok: false;
    readonly problem: PanProblem;
    readonly message: string;
};
/** Full validation of a typed card number; the result never echoes a failing input. */
export declare function checkPan(input: string): PanCheck;
export declare function isPan(digits: string): boolean;
/**
 * A card number as typed, normalized to digits. The error message never
 * contains the input, so a rejected PAN cannot leak through validation errors.
 */
export declare const PanInputSchema: z.ZodPipe<z.ZodString, z.ZodTransform<string, string>>;
/** PCI DSS 3.4.1: BIN + last 4 is the most that may ever be displayed. */
export declare const MaskRevealSchema: z.ZodEnum<{
    last4: "last4";
    "bin+last4": "bin+last4";
}>;
export type MaskReveal = z.infer<typeof MaskRevealSchema>;
export declare const MaskPolicySchema: z.ZodObject<{
    reveal: z.ZodDefault<z.ZodEnum<{
        last4: "last4";
        "bin+last4": "bin+last4";
    }>>;
}, z.core.$strip>;
export type MaskPolicy = z.infer<typeof MaskPolicySchema>;
export declare const DEFAULT_MASK_POLICY: MaskPolicy;
export declare const MASK_CHAR = "\u2022";
/** What the server keeps of a PAN (besides its keyed HMAC), and all masking needs. */
export declare const PanFacetsSchema: z.ZodObject<{
    bin: z.ZodString;
    last4: z.ZodString;
    length: z.ZodNumber;
    brand: z.ZodEnum<{
        visa: "visa";
        mastercard: "mastercard";
        amex: "amex";
        discover: "discover";
        jcb: "jcb";
        unionpay: "unionpay";
        diners: "diners";
        maestro: "maestro";
    }>;
}, z.core.$strip>;
export type PanFacets = z.infer<typeof PanFacetsSchema>;
export declare function panFacets(pan: string): PanFacets;
/** Masks from facets, so a server that never stored the PAN can mask the same way. */
export declare function maskFacets(facets: PanFacets, policy?: MaskPolicy): string;
/** `•••• •••• •••• 1111` by default; never more than BIN + last 4. Throws PanFormatError on a non-PAN. */
export declare function mask(pan: string, policy?: MaskPolicy): string;
export interface PanFinding {
    /** UTF-16 offsets into the scanned text; `end` is exclusive. */
    readonly start: number;
    readonly end: number;
    readonly brand: CardBrand;
    readonly last4: string;
}
/** Texts longer than this are refused rather than scanned slowly; callers treat it as a hit. */
export declare const FIND_PANS_MAX_TEXT = 1000000;
/**
 * Finds PAN-like numbers in free text, also when groups are split by spaces,
 * dashes or dots. Only group-aligned, Luhn-valid candidates of a real brand and
 * length count, so order and phone numbers do not trip it. A digit run is never
 * split inside a group: a PAN glued to other digits is a different number.
 */
export declare function findPans(text: string): PanFinding[];
/**
 * Replaces every PAN found by findPans with a bracketed last-4 token. The
 * brackets keep the remaining digits from joining neighbouring digits into a
 * new PAN-like run.
 */
export declare function redactPans(text: string): string;
export declare function containsPan(text: string): boolean;
