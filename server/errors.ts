// The one error type services throw for an answer the caller should see. Its
// code and message go out as the HTTP error body; anything else is a 500.
import type { ErrorCode } from '../shared/errors.ts';

export const STATUS_OF: Record<ErrorCode, number> = {
  invalid_request: 400,
  invalid_response: 502,
  unauthenticated: 401,
  forbidden: 403,
  invalid_credentials: 401,
  mfa_required: 401,
  account_locked: 423,
  setup_required: 403,
  password_rejected: 422,
  enrolment_required: 403,
  device_revoked: 403,
  sso_rejected: 401,
  sso_unavailable: 502,
  session_locked: 423,
  wallboard_mode: 423,
  session_expired: 401,
  not_found: 404,
  conflict: 409,
  pan_in_text: 422,
  audit_event_refused: 422,
  rate_limited: 429,
  payload_too_large: 413,
  audit_unavailable: 503,
  audit_integrity: 503,
  capture_unprotected: 403,
  training_required: 403,
  update_required: 403,
  server_unreachable: 502,
  internal: 500,
};

export class GatewayError extends Error {
  override readonly name = 'GatewayError';
  readonly code: ErrorCode;
  readonly retryAfterSeconds: number | undefined;
  /** Extra top-level fields of the error body (the 409 audit reject carries `reason`, `expectedSeq`). */
  readonly extra: Record<string, unknown>;
  constructor(code: ErrorCode, message: string, options: { retryAfterSeconds?: number; extra?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.extra = options.extra ?? {};
  }
  get status(): number {
    return STATUS_OF[this.code];
  }
}
