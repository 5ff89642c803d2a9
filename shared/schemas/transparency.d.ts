import { z } from 'zod';
/** GET /.well-known/sentinel-audit-log: what a desk's policy and a witness pin. */
export declare const LogKeyAnswerSchema: z.ZodObject<{
    origin: z.ZodString;
    verifierKey: z.ZodString;
}, z.core.$strip>;
export type LogKeyAnswer = z.infer<typeof LogKeyAnswerSchema>;
/** A signed checkpoint and the inclusion proof of one entry (an audit batch's last) in it. */
export declare const LogReceiptSchema: z.ZodObject<{
    checkpoint: z.ZodString;
    proof: z.ZodObject<{
        leafIndex: z.ZodNumber;
        treeSize: z.ZodNumber;
        hashes: z.ZodArray<z.ZodString>;
    }, z.core.$strip>;
}, z.core.$strip>;
export type LogReceipt = z.infer<typeof LogReceiptSchema>;
/** The newest signed checkpoint and the consistency proof from the size the asker holds. */
export declare const LogViewSchema: z.ZodObject<{
    checkpoint: z.ZodString;
    consistency: z.ZodObject<{
        fromSize: z.ZodNumber;
        toSize: z.ZodNumber;
        hashes: z.ZodArray<z.ZodString>;
    }, z.core.$strip>;
}, z.core.$strip>;
export type LogView = z.infer<typeof LogViewSchema>;
export declare const CheckpointAnswerSchema: z.ZodObject<{
    checkpoint: z.ZodString;
}, z.core.$strip>;
export declare const ConsistencyQuerySchema: z.ZodObject<{
    from: z.ZodPipe<z.ZodCoercedNumber<unknown>, z.ZodNumber>;
    to: z.ZodPipe<z.ZodCoercedNumber<unknown>, z.ZodNumber>;
}, z.core.$strip>;
export declare const CosignaturesQuerySchema: z.ZodObject<{
    size: z.ZodPipe<z.ZodCoercedNumber<unknown>, z.ZodNumber>;
}, z.core.$strip>;
/** A witness's cosignature: the checkpoint note with (at least) its own signature line added. */
export declare const CosignRequestSchema: z.ZodObject<{
    cosigned: z.ZodString;
}, z.core.$strip>;
