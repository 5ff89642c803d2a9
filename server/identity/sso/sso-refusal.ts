// Why a single sign-on is refused: one reason per check, audited as the reason
// of the failed `auth.login` and sent as the error body's `reason`, with a
// message that says what the person at the desk can do.
import { GatewayError } from '../../errors.ts';

const REFUSALS = {
  state_mismatch: 'This sign-in is not the one this desk started, or it has expired: start again',
  redirect_mismatch: 'The sign-in came back to a different address than the desk registered: start again',
  redirect_invalid: 'The desk must receive the sign-in on http://127.0.0.1 with a port and /callback',
  issuer_mixup: 'The sign-in came back from a different company sign-in service than the one started: start again',
  code_rejected: 'The company sign-in service refused this sign-in: start again',
  alg_not_allowed: 'The company sign-in service answered with a token signed in a way that is not accepted; contact IT',
  unknown_signing_key: 'The sign-in token was signed with a key the company sign-in service does not publish; contact IT',
  bad_signature: 'The sign-in token failed its signature check; contact IT',
  issuer_mismatch: 'The sign-in token was issued by a different service than the company sign-in; contact IT',
  audience_mismatch: 'The sign-in token was issued for another application; contact IT',
  azp_mismatch: 'The sign-in token was issued for another application; contact IT',
  token_expired: 'The sign-in token has expired (check the desk and server clocks): start again',
  token_not_yet_valid: 'The sign-in token is not valid yet (check the desk and server clocks): start again',
  nonce_mismatch: 'The sign-in token belongs to another sign-in: start again',
  claims_invalid: 'The sign-in token is missing required details; contact IT',
  unknown_account: 'Your company account has no desk account; ask IT to give you access',
} as const;
export type SsoRefusalReason = keyof typeof REFUSALS;

export const ssoRefusal = (reason: SsoRefusalReason): GatewayError =>
  new GatewayError('sso_rejected', REFUSALS[reason], { extra: { reason } });

/** A check of the provider's answer failed; the service audits it and answers with ssoRefusal. */
export class SsoCheckFailed extends Error {
  override readonly name = 'SsoCheckFailed';
  readonly reason: SsoRefusalReason;
  constructor(reason: SsoRefusalReason, options?: { cause?: unknown }) {
    super(reason, options);
    this.reason = reason;
  }
}

/** The provider could not be reached or answered outside the protocol. */
export class SsoProviderUnavailable extends Error {
  override readonly name = 'SsoProviderUnavailable';
}
