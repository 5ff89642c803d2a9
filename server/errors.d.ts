import type { ErrorCode } from '../shared/errors.ts';
export declare const STATUS_OF: Record<ErrorCode, number>;
export declare class GatewayError extends Error {
    readonly name = "GatewayError";
    readonly code: ErrorCode;
    readonly retryAfterSeconds: number | undefined;
    /** Extra top-level fields of the error body (the 409 audit reject carries `reason`, `expectedSeq`). */
    readonly extra: Record<string, unknown>;
    constructor(code: ErrorCode, message: string, options?: {
        retryAfterSeconds?: number;
        extra?: Record<string, unknown>;
    });
    get status(): number;
}
