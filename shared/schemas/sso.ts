// Single sign-on with OpenID Connect (issue 23): what the desk and the gateway
// exchange. The desk runs the authorization code flow with PKCE in the system
// browser and a loopback redirect (RFC 8252); the gateway, the confidential
// client, issues state and nonce, redeems the code and checks the ID token.
import { z } from 'zod';
import { EnrolmentSecretSchema } from './admin.ts';
import { TimestampSchema } from './common.ts';
import { OneTimeCodeSchema } from './session.ts';

export const SsoProviderIdSchema = z.string().regex(/^[a-z0-9-]{1,32}$/, { error: 'provider: 1-32 of a-z 0-9 -' });
/** state and nonce: 32 random bytes, base64url. */
export const SsoRandomSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, { error: 'expected a value issued by /v1/auth/sso/start' });
/** RFC 7636: 43-128 unreserved characters. */
export const PkceVerifierSchema = z.string().regex(/^[A-Za-z0-9._~-]{43,128}$/, { error: 'expected a PKCE code verifier' });
/** The only redirect a desk may use: the loopback IP literal, a port, the fixed path (never `localhost`). */
export const LOOPBACK_REDIRECT = /^http:\/\/127\.0\.0\.1:(\d{1,5})\/callback$/;
export const loopbackRedirect = (port: number): string => `http://127.0.0.1:${port}/callback`;

export const SsoProviderSchema = z.object({ id: SsoProviderIdSchema, label: z.string().min(1).max(64) });
export type SsoProvider = z.infer<typeof SsoProviderSchema>;

export const SsoStartSchema = z.object({
  provider: SsoProviderIdSchema,
  issuer: z.url().max(500),
  clientId: z.string().min(1).max(255),
  scope: z.string().min(6).max(500),
  state: SsoRandomSchema,
  nonce: SsoRandomSchema,
  expiresAt: TimestampSchema,
});
export type SsoStart = z.infer<typeof SsoStartSchema>;

/** What the desk's "Sign in with your company account" sends to main: which provider, and what the gateway may also ask. */
export const DeskSsoSignInRequestSchema = z.object({
  provider: SsoProviderIdSchema.optional(),
  /** The gateway's own one-time code, when the provider's sign-in does not count as MFA for this account. */
  otp: OneTimeCodeSchema.optional(),
  enrolmentCode: EnrolmentSecretSchema.optional(),
});
