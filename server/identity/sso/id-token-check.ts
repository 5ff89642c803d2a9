// Checks an ID token (OpenID Connect Core 3.1.3.7): an asymmetric algorithm
// only (never `none`, never HS256 keyed with the client secret), a signature by
// a key the provider publishes, the issuer, the audience and `azp`, expiry, and
// the nonce of this sign-in. Each failure is its own refusal reason.
import { decodeProtectedHeader, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { SsoCheckFailed, SsoProviderUnavailable, type SsoRefusalReason } from './sso-refusal.ts';

/** Signed with the provider's private key: never a shared secret, never unsigned. */
const ID_TOKEN_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

const IdClaimsSchema = z.object({
  sub: z.string().min(1).max(255),
  nonce: z.string(),
  azp: z.string().optional(),
  amr: z.array(z.string().max(64)).max(20).optional(),
  acr: z.string().max(200).optional(),
  preferred_username: z.string().max(255).optional(),
  email: z.string().max(320).optional(),
});
export type IdClaims = z.infer<typeof IdClaimsSchema>;

export interface IdTokenExpectations {
  readonly issuer: string;
  readonly clientId: string;
  readonly nonce: string;
  readonly keys: JWTVerifyGetKey;
  readonly now: number;
  readonly clockToleranceSeconds: number;
}

const CLAIM_REASONS: Record<string, SsoRefusalReason> = {
  iss: 'issuer_mismatch',
  aud: 'audience_mismatch',
  nbf: 'token_not_yet_valid',
  iat: 'token_not_yet_valid',
};

function reasonOf(error: unknown): SsoRefusalReason {
  if (error instanceof errors.JWTExpired) return 'token_expired';
  if (error instanceof errors.JWTClaimValidationFailed) return error.reason === 'missing' ? 'claims_invalid' : (CLAIM_REASONS[error.claim] ?? 'claims_invalid');
  if (error instanceof errors.JWKSNoMatchingKey) return 'unknown_signing_key';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad_signature';
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) return 'alg_not_allowed';
  return 'claims_invalid';
}

/** The key set could not be fetched or read: the provider is down, which says nothing about the token. */
const keySetUnreachable = (error: unknown): boolean =>
  !(error instanceof errors.JOSEError) || error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || error.constructor === errors.JOSEError;

export async function checkIdToken(idToken: string, expected: IdTokenExpectations): Promise<IdClaims> {
  let alg: unknown;
  try {
    alg = decodeProtectedHeader(idToken).alg;
  } catch (error) {
    throw new SsoCheckFailed('claims_invalid', { cause: error });
  }
  // Before any key is looked up: `none` and HMAC (keyed with the client secret the gateway shares) prove nothing.
  if (typeof alg !== 'string' || !ID_TOKEN_ALGORITHMS.includes(alg)) throw new SsoCheckFailed('alg_not_allowed');
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, expected.keys, {
      algorithms: ID_TOKEN_ALGORITHMS,
      issuer: expected.issuer,
      audience: expected.clientId,
      currentDate: new Date(expected.now),
      clockTolerance: expected.clockToleranceSeconds,
      requiredClaims: ['iss', 'aud', 'exp', 'iat', 'sub', 'nonce'],
    }));
  } catch (error) {
    if (keySetUnreachable(error)) throw new SsoProviderUnavailable('the provider\'s key set could not be read', { cause: error });
    throw new SsoCheckFailed(reasonOf(error), { cause: error });
  }
  const claims = IdClaimsSchema.safeParse(payload);
  if (!claims.success) throw new SsoCheckFailed('claims_invalid');
  if (claims.data.nonce !== expected.nonce) throw new SsoCheckFailed('nonce_mismatch');
  // Core 3.1.3.7 items 4-5: with several audiences `azp` must be present, and whenever present it must be this client.
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if ((audiences.length > 1 && claims.data.azp === undefined) || (claims.data.azp !== undefined && claims.data.azp !== expected.clientId)) {
    throw new SsoCheckFailed('azp_mismatch');
  }
  return claims.data;
}
