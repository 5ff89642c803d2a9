// Redeems an authorization code at the provider's token endpoint as a
// confidential client (client_secret_basic), with the desk's PKCE verifier and
// the redirect it used. The provider refuses a code used twice, issued to another
// client or redirect, or whose PKCE challenge the verifier does not answer.
import { z } from 'zod';
import type { SsoProviderConfig } from '../../config.ts';
import { requestJson, type HttpFetch } from './provider-http.ts';
import { SsoCheckFailed, SsoProviderUnavailable } from './sso-refusal.ts';

const TokenAnswerSchema = z.object({ id_token: z.string().min(1).max(16_384), token_type: z.string() });
const OAuthErrorSchema = z.object({ error: z.string().max(100) });

/** RFC 6749 2.3.1: client ID and secret are form-encoded before they are joined. */
const basicAuth = (provider: SsoProviderConfig): string => {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(provider.clientId)}:${encode(provider.clientSecret)}`).toString('base64')}`;
};

export async function redeemCode(
  fetcher: HttpFetch,
  provider: SsoProviderConfig,
  tokenEndpoint: string,
  grant: { code: string; codeVerifier: string; redirectUri: string },
): Promise<string> {
  const answer = await requestJson(fetcher, new URL(tokenEndpoint), {
    method: 'POST',
    headers: { authorization: basicAuth(provider), 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: grant.code,
      redirect_uri: grant.redirectUri,
      code_verifier: grant.codeVerifier,
    }).toString(),
  });
  if (answer.status === 200) {
    const tokens = TokenAnswerSchema.safeParse(answer.body);
    if (!tokens.success) throw new SsoCheckFailed('claims_invalid');
    return tokens.data.id_token;
  }
  // invalid_grant and its kin: the code is not good for this client, redirect and verifier.
  if (answer.status === 400 && OAuthErrorSchema.safeParse(answer.body).success) throw new SsoCheckFailed('code_rejected');
  throw new SsoProviderUnavailable(`${provider.id}: the token endpoint answered ${answer.status}`);
}
