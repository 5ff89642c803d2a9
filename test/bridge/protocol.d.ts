import { z } from 'zod';
export declare const BridgeRequestSchema: z.ZodObject<{
    id: z.ZodNumber;
    channel: z.ZodString;
    payload: z.ZodUnknown;
}, z.core.$strip>;
export type BridgeRequest = z.infer<typeof BridgeRequestSchema>;
export type BridgeMessage = {
    readonly kind: 'result';
    readonly id: number;
    readonly result: unknown;
} | {
    readonly kind: 'push';
    readonly event: string;
    readonly payload: unknown;
};
