import { z } from 'zod';
export declare const ERROR_CODES: readonly ["invalid_request", "invalid_response", "unauthenticated", "forbidden", "invalid_credentials", "mfa_required", "account_locked", "session_locked", "session_expired", "not_found", "conflict", "pan_in_text", "rate_limited", "payload_too_large", "audit_unavailable", "capture_unprotected", "server_unreachable", "internal"];
export declare const ErrorCodeSchema: z.ZodEnum<{
    unauthenticated: "unauthenticated";
    forbidden: "forbidden";
    capture_unprotected: "capture_unprotected";
    conflict: "conflict";
    invalid_request: "invalid_request";
    invalid_response: "invalid_response";
    invalid_credentials: "invalid_credentials";
    mfa_required: "mfa_required";
    account_locked: "account_locked";
    session_locked: "session_locked";
    session_expired: "session_expired";
    not_found: "not_found";
    pan_in_text: "pan_in_text";
    rate_limited: "rate_limited";
    payload_too_large: "payload_too_large";
    audit_unavailable: "audit_unavailable";
    server_unreachable: "server_unreachable";
    internal: "internal";
}>;
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;
export declare const ErrorInfoSchema: z.ZodObject<{
    code: z.ZodEnum<{
        unauthenticated: "unauthenticated";
        forbidden: "forbidden";
        capture_unprotected: "capture_unprotected";
        conflict: "conflict";
        invalid_request: "invalid_request";
        invalid_response: "invalid_response";
        invalid_credentials: "invalid_credentials";
        mfa_required: "mfa_required";
        account_locked: "account_locked";
        session_locked: "session_locked";
        session_expired: "session_expired";
        not_found: "not_found";
        pan_in_text: "pan_in_text";
        rate_limited: "rate_limited";
        payload_too_large: "payload_too_large";
        audit_unavailable: "audit_unavailable";
        server_unreachable: "server_unreachable";
        internal: "internal";
    }>;
    message: z.ZodString;
    retryAfterSeconds: z.ZodOptional<z.ZodNumber>;
}, z.core.$strip>;
export type ErrorInfo = z.infer<typeof ErrorInfoSchema>;
/** The body of every non-2xx HTTP answer. */
export declare const ErrorBodySchema: z.ZodObject<{
    error: z.ZodObject<{
        code: z.ZodEnum<{
            unauthenticated: "unauthenticated";
            forbidden: "forbidden";
            capture_unprotected: "capture_unprotected";
            conflict: "conflict";
            invalid_request: "invalid_request";
            invalid_response: "invalid_response";
            invalid_credentials: "invalid_credentials";
            mfa_required: "mfa_required";
            account_locked: "account_locked";
            session_locked: "session_locked";
            session_expired: "session_expired";
            not_found: "not_found";
            pan_in_text: "pan_in_text";
            rate_limited: "rate_limited";
            payload_too_large: "payload_too_large";
            audit_unavailable: "audit_unavailable";
            server_unreachable: "server_unreachable";
            internal: "internal";
        }>;
        message: z.ZodString;
        retryAfterSeconds: z.ZodOptional<z.ZodNumber>;
    }, z.core.$strip>;
}, z.core.$strip>;
export type ErrorBody = z.infer<typeof ErrorBodySchema>;
export type Result<T> = {
    readonly ok: true;
    readonly value: T;
} | {
    readonly ok: false;
    readonly error: ErrorInfo;
};
export declare function resultSchema<T extends z.ZodType>(value: T): z.ZodDiscriminatedUnion<[z.ZodObject<{
    ok: z.ZodLiteral<true>;
    value: T;
}, z.core.$strip>, z.ZodObject<{
    ok: z.ZodLiteral<false>;
    error: z.ZodObject<{
        code: z.ZodEnum<{
            unauthenticated: "unauthenticated";
            forbidden: "forbidden";
            capture_unprotected: "capture_unprotected";
            conflict: "conflict";
            invalid_request: "invalid_request";
            invalid_response: "invalid_response";
            invalid_credentials: "invalid_credentials";
            mfa_required: "mfa_required";
            account_locked: "account_locked";
            session_locked: "session_locked";
            session_expired: "session_expired";
            not_found: "not_found";
            pan_in_text: "pan_in_text";
            rate_limited: "rate_limited";
            payload_too_large: "payload_too_large";
            audit_unavailable: "audit_unavailable";
            server_unreachable: "server_unreachable";
            internal: "internal";
        }>;
        message: z.ZodString;
        retryAfterSeconds: z.ZodOptional<z.ZodNumber>;
    }, z.core.$strip>;
}, z.core.$strip>], "ok">;
export declare const ok: <T>(value: T) => Result<T>;
export declare const fail: (code: ErrorCode, message: string, retryAfterSeconds?: number) => Result<never>;
/** Turns zod issues into one readable line that names the fields; it never repeats input values. */
export declare function describeIssues(error: z.ZodError): string;
