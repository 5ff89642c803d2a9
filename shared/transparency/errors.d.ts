import { z } from 'zod';
export declare const TRANSPARENCY_ERROR_CODES: readonly ["tree_size_invalid", "proof_malformed", "proof_mismatch", "note_malformed", "origin_mismatch", "unknown_key", "signature_invalid", "key_invalid"];
export declare const TransparencyErrorCodeSchema: z.ZodEnum<{
    tree_size_invalid: "tree_size_invalid";
    proof_malformed: "proof_malformed";
    proof_mismatch: "proof_mismatch";
    note_malformed: "note_malformed";
    origin_mismatch: "origin_mismatch";
    unknown_key: "unknown_key";
    signature_invalid: "signature_invalid";
    key_invalid: "key_invalid";
}>;
export type TransparencyErrorCode = z.infer<typeof TransparencyErrorCodeSchema>;
export declare class TransparencyError extends Error {
    readonly name = "TransparencyError";
    readonly code: TransparencyErrorCode;
    constructor(code: TransparencyErrorCode, message: string);
}
/** Throws a TransparencyError: for checks written as one expression. */
export declare function refuse(code: TransparencyErrorCode, message: string): never;
