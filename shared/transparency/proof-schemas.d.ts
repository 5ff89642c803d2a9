import { z } from 'zod';
export declare const TreeSizeSchema: z.ZodNumber;
/** A SHA-256 hash in standard padded base64, as in a checkpoint. */
export declare const TreeHashSchema: z.ZodString;
/** A signed checkpoint note, as text. */
export declare const SignedCheckpointSchema: z.ZodString;
export declare const InclusionProofSchema: z.ZodObject<{
    leafIndex: z.ZodNumber;
    treeSize: z.ZodNumber;
    hashes: z.ZodArray<z.ZodString>;
}, z.core.$strip>;
export type InclusionProof = z.infer<typeof InclusionProofSchema>;
export declare const ConsistencyProofSchema: z.ZodObject<{
    fromSize: z.ZodNumber;
    toSize: z.ZodNumber;
    hashes: z.ZodArray<z.ZodString>;
}, z.core.$strip>;
export type ConsistencyProof = z.infer<typeof ConsistencyProofSchema>;
export declare function decodeProofHashes(hashes: readonly string[]): Uint8Array[];
