// Single sign-on with OpenID Connect (issue 23). The gateway is the
// confidential client: it issues each attempt's state and nonce, and at
// redemption checks the desk's device proof, uses the attempt up (once, so of
// parallel redemptions one wins), checks the redirect and the provider's
// identity (RFC 9207 `iss`), redeems the code with the desk's PKCE verifier,
// checks the ID token, maps its subject to an account and opens the usual
// device-bound session. Every refusal is audited with its reason.
import { randomBytes } from 'node:crypto';
import type { SessionGrant, SsoRedeemRequest, SsoStartRequest } from '../../../shared/api.ts';
import { ssoProofMessage } from '../../../shared/device-proof.ts';
import { redactPans } from '../../../shared/pan.ts';
import { LOOPBACK_REDIRECT, type SsoProvider, type SsoStart } from '../../../shared/schemas/sso.ts';
import type { Clock, GatewayConfig, SsoProviderConfig } from '../../config.ts';
import type { GatewayAudit } from '../../core/audit-port.ts';
import { verifyDeviceSignature } from '../../core/device-signature.ts';
import { GatewayError } from '../../errors.ts';
import type { IdentityRepo, SsoRepo, UserRecord } from '../../storage/store.ts';
import type { AttemptSource, AuthService } from '../auth-service.ts';
import { redeemCode } from './code-redemption.ts';
import { checkIdToken, type IdClaims } from './id-token-check.ts';
import type { ProviderDirectory } from './provider-directory.ts';
import type { HttpFetch } from './provider-http.ts';
import { SsoCheckFailed, SsoProviderUnavailable, ssoRefusal, type SsoRefusalReason } from './sso-refusal.ts';

export interface SsoService {
  providers(): { providers: SsoProvider[] };
  start(request: SsoStartRequest, source: AttemptSource): Promise<SsoStart>;
  redeem(request: SsoRedeemRequest, source: AttemptSource): Promise<SessionGrant>;
}

const PROVIDER_DOWN = 'The company sign-in service cannot be reached. Try again in a few minutes; if it stays down, IT can sign in with a break-glass account.';
const NOT_CONFIGURED = 'Single sign-on is not set up on this gateway: sign in with your username and password';

/** The valid loopback redirect (port 1-65535), or null. */
const loopbackRedirect = (uri: string): string | null => {
  const port = LOOPBACK_REDIRECT.exec(uri)?.[1];
  return port !== undefined && Number(port) >= 1 && Number(port) <= 65_535 ? uri : null;
};

/** Whether the provider's sign-in showed a second factor the policy accepts. */
const providerMfaOf = (provider: SsoProviderConfig, claims: IdClaims): boolean =>
  (claims.amr ?? []).some((method) => provider.mfaAmr.includes(method)) || (claims.acr !== undefined && provider.mfaAcr.includes(claims.acr));

export function createSsoService(deps: {
  config: GatewayConfig['sso'];
  repo: SsoRepo;
  identity: Pick<IdentityRepo, 'consumeChallenge' | 'findUserById' | 'findUserByUsername'>;
  directory: ProviderDirectory;
  fetch: HttpFetch;
  auth: Pick<AuthService, 'signInVouched'>;
  audit: GatewayAudit;
  clock: Clock;
}): SsoService {
  const { config, repo, audit, clock } = deps;

  const refuse = async (reason: SsoRefusalReason | 'device_proof_invalid' | 'provider_unavailable', context: { provider: string | null; deviceId: string; source: AttemptSource }): Promise<never> => {
    await audit.record({
      type: 'auth.login',
      outcome: 'failure',
      reason: `sso_${reason}`,
      actor: { userId: null, username: null, roles: [] },
      target: { kind: 'account', id: null },
      details: { method: 'sso', provider: context.provider, deviceId: context.deviceId, source: context.source.ip },
    });
    if (reason === 'device_proof_invalid') throw new GatewayError('unauthenticated', 'This desk could not prove it holds its device key; start the sign-in again');
    if (reason === 'provider_unavailable') throw new GatewayError('sso_unavailable', PROVIDER_DOWN);
    throw ssoRefusal(reason);
  };

  /** Runs a step that talks to the provider; its failures become audited refusals. */
  const checked = async <T>(step: () => Promise<T>, context: { provider: string; deviceId: string; source: AttemptSource }): Promise<T> => {
    try {
      return await step();
    } catch (error) {
      if (error instanceof SsoCheckFailed) return refuse(error.reason, context);
      if (error instanceof SsoProviderUnavailable) return refuse('provider_unavailable', context);
      throw error;
    }
  };

  /** The account behind a subject: its stored link, or on first sign-in the account named by the provider's username claim. */
  const accountOf = async (provider: SsoProviderConfig, claims: IdClaims, source: AttemptSource): Promise<UserRecord | null> => {
    const linked = await repo.findLinkedUser(provider.id, claims.sub);
    if (linked !== null) return deps.identity.findUserById(linked);
    const name = provider.usernameClaim === 'sub' ? claims.sub : claims.preferred_username;
    const user = name === undefined ? null : await deps.identity.findUserByUsername(name);
    // An account already linked to another subject stays with it: a second identity cannot claim it by name.
    if (user === null || (await repo.isSsoOnly(user.userId))) return null;
    const linkRecord = () =>
      audit.prepare({
        type: 'auth.credential.change',
        outcome: 'success',
        actor: { userId: user.userId, username: user.username, roles: user.roles },
        target: { kind: 'account', id: user.userId },
        details: { action: 'sso_link', provider: provider.id, subject: redactPans(claims.sub).slice(0, 128), source: source.ip },
      });
    if (!(await audit.commit(() => repo.link({ providerId: provider.id, subject: claims.sub, userId: user.userId, at: clock.now() }, linkRecord)))) {
      const winner = await repo.findLinkedUser(provider.id, claims.sub);
      return winner === null ? null : deps.identity.findUserById(winner);
    }
    return user;
  };

  return {
    providers: () => ({ providers: config.providers.map(({ id, label }) => ({ id, label })) }),

    async start(request, source) {
      const provider = request.provider === undefined ? config.providers[0] : config.providers.find((p) => p.id === request.provider);
      if (provider === undefined) throw new GatewayError('not_found', NOT_CONFIGURED);
      const context = { provider: provider.id, deviceId: request.deviceId, source };
      const redirectUri = loopbackRedirect(request.redirectUri);
      if (redirectUri === null) return refuse('redirect_invalid', context);
      // Asked now, so a provider that is down is reported before the browser opens.
      const metadata = await checked(() => deps.directory.metadata(provider), context);
      const now = clock.now();
      const attempt = {
        state: randomBytes(32).toString('base64url'),
        nonce: randomBytes(32).toString('base64url'),
        providerId: provider.id,
        deviceId: request.deviceId,
        redirectUri,
        expiresAt: now + config.attemptMinutes * 60_000,
      };
      await repo.insertAttempt(attempt, now);
      return {
        provider: provider.id,
        issuer: metadata.issuer,
        clientId: provider.clientId,
        scope: provider.scopes.join(' '),
        state: attempt.state,
        nonce: attempt.nonce,
        expiresAt: new Date(attempt.expiresAt).toISOString(),
      };
    },

    async redeem(request, source) {
      const { deviceId, publicKey } = request.device;
      const message = ssoProofMessage({ nonce: request.proof.nonce, deviceId, publicKey, state: request.state, code: request.code, enrolment: request.enrolment });
      const proven =
        (await deps.identity.consumeChallenge(request.proof.nonce, deviceId, clock.now())) &&
        verifyDeviceSignature(publicKey, message, request.proof.signature);
      if (!proven) return refuse('device_proof_invalid', { provider: null, deviceId, source });

      const attempt = await repo.consumeAttempt(request.state, deviceId, clock.now());
      const provider = config.providers.find((p) => p.id === attempt?.providerId);
      if (attempt === null || provider === undefined) return refuse('state_mismatch', { provider: null, deviceId, source });
      const context = { provider: provider.id, deviceId, source };
      if (request.redirectUri !== attempt.redirectUri) return refuse('redirect_mismatch', context);

      const metadata = await checked(() => deps.directory.metadata(provider), context);
      // RFC 9207: the redirect names the provider that answered; one that is not the provider this attempt went to is a mix-up.
      if (request.iss === undefined ? metadata.sendsIssInRedirect : request.iss !== metadata.issuer) return refuse('issuer_mixup', context);

      const claims = await checked(async () => {
        const idToken = await redeemCode(deps.fetch, provider, metadata.tokenEndpoint, request);
        return checkIdToken(idToken, {
          issuer: metadata.issuer,
          clientId: provider.clientId,
          nonce: attempt.nonce,
          keys: metadata.keys,
          now: clock.now(),
          clockToleranceSeconds: config.clockToleranceSeconds,
        });
      }, context);
      const user = await accountOf(provider, claims, source);
      if (user === null) return refuse('unknown_account', context);
      return deps.auth.signInVouched(
        {
          user,
          provider: provider.id,
          providerMfa: config.trustProviderMfa && providerMfaOf(provider, claims),
          otp: request.otp,
          device: request.device,
          enrolment: request.enrolment,
        },
        source,
      );
    },
  };
}
