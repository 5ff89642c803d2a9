// Error codes and the result envelope that crosses IPC and HTTP. Messages are
// written for people; codes are for code. A stack trace never crosses.
import { z } from 'zod';

export const ERROR_CODES = [
  'invalid_request',
  'invalid_response',
  'unauthenticated',
  'forbidden',
  'invalid_credentials',
  'mfa_required',
  'account_locked',
  /** The session may only finish account setup (new password, MFA) until that is done. */
  'setup_required',
  /** A password the policy refuses: too short, common, or one of the last four. */
  'password_rejected',
  /** An unknown desk must present an enrolment code or policy token from an admin. */
  'enrolment_required',
  'device_revoked',
  /** Single sign-on refused: the provider's answer failed a check (the body's `reason` says which). */
  'sso_rejected',
  /** The company identity provider could not be reached or answered nonsense. */
  'sso_unavailable',
  'session_locked',
  /** The desk shows the wallboard: only its aggregate figures, the lock and sign-out until someone unlocks it. */
  'wallboard_mode',
  'session_expired',
  'not_found',
  'conflict',
  'pan_in_text',
  'audit_event_refused',
  'rate_limited',
  'payload_too_large',
  'audit_unavailable',
  'audit_integrity',
  'capture_unprotected',
  /** Customer data waits until the current security policy is acknowledged and the training passed (PCI DSS 12.6). */
  'training_required',
  /** The desk runs a version below the policy's minimum past its grace period: it may sign in and sync its trail, but reads no customer data until it updates. */
  'update_required',
  'server_unreachable',
  'internal',
] as const;
export const ErrorCodeSchema = z.enum(ERROR_CODES);

/**
 * The gateway's one refusal for every failed sign-in factor (unknown user, wrong password, missing, wrong or
 * replayed one-time code), so an answer never confirms a password before every factor was checked.
 */
export const BAD_CREDENTIALS = 'Wrong username, password or one-time code';
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const ErrorInfoSchema = z.object({
  code: ErrorCodeSchema,
  message: z.string().max(500),
  /** Seconds until the caller may try again (lockout, rate limit). */
  retryAfterSeconds: z.number().int().nonnegative().optional(),
});
export type ErrorInfo = z.infer<typeof ErrorInfoSchema>;

/** The body of every non-2xx HTTP answer. */
export const ErrorBodySchema = z.object({ error: ErrorInfoSchema });
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorInfo };

export function resultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: ErrorInfoSchema }),
  ]);
}

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string, retryAfterSeconds?: number): Result<never> => ({
  ok: false,
  error: retryAfterSeconds === undefined ? { code, message } : { code, message, retryAfterSeconds },
});

/** Turns zod issues into one readable line that names the fields; it never repeats input values. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'input'}: ${issue.message}`)
    .join('; ');
}
