// Signing in with the company account (OpenID Connect, RFC 8252): the
// authorization code flow with PKCE in the system browser, back to a loopback
// redirect. The gateway, the confidential client, issues the attempt's state
// and nonce and later redeems the code; this side keeps the PKCE verifier, opens
// the browser through the injected `openExternal` (the shell's, or a test's
// Chromium page) and checks that the redirect answers this attempt, from this
// provider, before handing the code over. One attempt at a time; `cancel` ends it.
import * as oidc from 'openid-client';
import type { RouteAnswer, SsoRedeemRequest } from '../../shared/api.ts';
import type { SsoStart } from '../../shared/schemas/sso.ts';
import type { ApiClient } from '../api/api-client.ts';
import { DeskError } from '../errors.ts';
import { openLoopbackReceiver } from './loopback-receiver.ts';

/** What the redirect brought back, checked, with the verifier only this desk knows. */
export interface AuthorizedCallback {
  readonly state: string;
  readonly code: string;
  readonly iss: string | undefined;
  readonly codeVerifier: string;
  readonly redirectUri: string;
}

/** The gateway's redemption request for a checked redirect, under the device's proof (ssoProofMessage over the state and code). */
export function redemptionOf(
  callback: AuthorizedCallback,
  signed: Pick<SsoRedeemRequest, 'device' | 'proof' | 'enrolment'> & { readonly otp?: string | undefined },
): SsoRedeemRequest {
  return {
    state: callback.state,
    code: callback.code,
    ...(callback.iss === undefined ? {} : { iss: callback.iss }),
    codeVerifier: callback.codeVerifier,
    redirectUri: callback.redirectUri,
    ...(signed.otp === undefined ? {} : { otp: signed.otp }),
    device: signed.device,
    proof: signed.proof,
    ...(signed.enrolment === undefined ? {} : { enrolment: signed.enrolment }),
  };
}

export interface CompanySignInDeps {
  readonly api: Pick<ApiClient, 'call'>;
  readonly deviceId: string;
  /** Opens the URL in the system browser (never a window of the desk). */
  readonly openExternal: (url: string) => Promise<void>;
  /** Development and tests only: a provider on http://127.0.0.1. */
  readonly allowLoopbackHttp: boolean;
  /** How long the browser may take before the attempt is given up. */
  readonly timeoutMs?: number;
}

const CANCELLED = 'Sign-in cancelled';

export class CompanySignIn {
  private current: AbortController | null = null;
  private readonly deps: CompanySignInDeps;

  constructor(deps: CompanySignInDeps) {
    this.deps = deps;
  }

  providers(): Promise<RouteAnswer<'ssoProviders'>> {
    return this.deps.api.call('ssoProviders', {});
  }

  get inProgress(): boolean {
    return this.current !== null;
  }

  /** Ends the attempt in progress: its browser tab may stay open, but its redirect is no longer received. */
  cancel(): void {
    this.current?.abort(new DeskError('sso_rejected', CANCELLED));
  }

  async authorize(provider?: string): Promise<AuthorizedCallback> {
    if (this.current !== null) throw new DeskError('conflict', 'A company sign-in is already open in the browser: finish it or cancel it');
    const controller = new AbortController();
    this.current = controller;
    const timer = setTimeout(() => {
      controller.abort(new DeskError('sso_rejected', 'The browser sign-in took too long: start again'));
    }, this.deps.timeoutMs ?? 10 * 60_000);
    const receiver = await openLoopbackReceiver(controller.signal);
    try {
      const start = await this.deps.api.call('ssoStart', {
        body: { deviceId: this.deps.deviceId, redirectUri: receiver.redirectUri, ...(provider === undefined ? {} : { provider }) },
      });
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const config = await this.discover(start);
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: receiver.redirectUri,
        scope: start.scope,
        state: start.state,
        nonce: start.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
      });
      await this.deps.openExternal(url.href);
      const query = await receiver.callback;
      return { ...this.checkCallback(query, start, config.serverMetadata().authorization_response_iss_parameter_supported === true), codeVerifier, redirectUri: receiver.redirectUri };
    } finally {
      clearTimeout(timer);
      receiver.close();
      this.current = null;
    }
  }

  private async discover(start: SsoStart): Promise<oidc.Configuration> {
    const issuer = new URL(start.issuer);
    const loopbackHttp = issuer.protocol === 'http:' && issuer.hostname === '127.0.0.1' && this.deps.allowLoopbackHttp;
    try {
      // The desk holds no client secret: it never redeems the code itself. Plain http only to 127.0.0.1, in development and tests.
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- openid-client marks it so that only such a loopback set-up uses it
      const insecure = loopbackHttp ? { execute: [oidc.allowInsecureRequests] } : undefined;
      return await oidc.discovery(issuer, start.clientId, undefined, oidc.None(), insecure);
    } catch (error) {
      throw new DeskError('sso_unavailable', `The company sign-in service at ${issuer.origin} cannot be reached (${error instanceof Error ? error.message.slice(0, 120) : 'no answer'}); try again, or ask IT`);
    }
  }

  /** The redirect must answer this attempt (state) from this provider (RFC 9207 iss), with a code and no error. */
  private checkCallback(query: URLSearchParams, start: SsoStart, issRequired: boolean): Pick<AuthorizedCallback, 'state' | 'code' | 'iss'> {
    const state = query.get('state');
    const iss = query.get('iss') ?? undefined;
    if (state !== start.state) throw new DeskError('sso_rejected', 'The browser returned a sign-in this desk did not start: start again');
    if (iss === undefined ? issRequired : iss !== start.issuer) {
      throw new DeskError('sso_rejected', 'The browser returned a sign-in from a different company sign-in service: start again');
    }
    const error = query.get('error');
    if (error === 'access_denied') throw new DeskError('sso_rejected', 'The sign-in was cancelled at the company sign-in page');
    const code = query.get('code');
    if (error !== null || code === null || code === '') {
      throw new DeskError('sso_rejected', `The company sign-in service refused the sign-in (${(error ?? 'no code').slice(0, 60)}): start again, or ask IT`);
    }
    return { state, code, iss };
  }
}
