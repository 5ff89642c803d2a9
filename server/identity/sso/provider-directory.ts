// The configured OpenID Connect providers: each one's discovery document (read
// once, again after a failure) and its signing keys. The key set is jose's remote
// JWKS: a token signed with a key ID it does not hold makes it fetch the set
// again (the provider rotated its keys), at most once per cooldown.
import { createRemoteJWKSet, customFetch, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import type { SsoProviderConfig } from '../../config.ts';
import { fetchJson, type HttpFetch } from './provider-http.ts';
import { SsoProviderUnavailable } from './sso-refusal.ts';

const DiscoverySchema = z.object({
  issuer: z.string(),
  authorization_endpoint: z.string(),
  token_endpoint: z.string(),
  jwks_uri: z.string(),
  authorization_response_iss_parameter_supported: z.boolean().optional(),
});

export interface ProviderMetadata {
  readonly issuer: string;
  readonly tokenEndpoint: string;
  /** RFC 9207: the provider names itself in the redirect, so a mix-up shows at once. */
  readonly sendsIssInRedirect: boolean;
  readonly keys: JWTVerifyGetKey;
}

export interface ProviderDirectory {
  metadata(provider: SsoProviderConfig): Promise<ProviderMetadata>;
}

/** https, or http on 127.0.0.1 where the provider's config allows it (development and tests). */
function providerUrl(provider: SsoProviderConfig, value: string): URL {
  const url = URL.parse(value);
  const loopbackHttp = url?.protocol === 'http:' && url.hostname === '127.0.0.1' && provider.allowHttpLoopback;
  if (url === null || !(url.protocol === 'https:' || loopbackHttp)) {
    throw new SsoProviderUnavailable(`${provider.id}: ${value.slice(0, 100)} is not an https URL`);
  }
  return url;
}

export function createProviderDirectory(deps: { fetch: HttpFetch; jwksCooldownMs: number }): ProviderDirectory {
  const known = new Map<string, Promise<ProviderMetadata>>();
  const discover = async (provider: SsoProviderConfig): Promise<ProviderMetadata> => {
    const base = providerUrl(provider, provider.issuer).href.replace(/\/$/, '');
    const document = DiscoverySchema.safeParse(await fetchJson(deps.fetch, new URL(`${base}/.well-known/openid-configuration`)));
    if (!document.success) throw new SsoProviderUnavailable(`${provider.id}: the discovery document is malformed`);
    // OpenID Connect Discovery 4.3: the document must name exactly the issuer it was read for.
    if (document.data.issuer !== provider.issuer) throw new SsoProviderUnavailable(`${provider.id}: the discovery document names another issuer`);
    return {
      issuer: document.data.issuer,
      tokenEndpoint: providerUrl(provider, document.data.token_endpoint).href,
      sendsIssInRedirect: document.data.authorization_response_iss_parameter_supported === true,
      keys: createRemoteJWKSet(providerUrl(provider, document.data.jwks_uri), {
        cooldownDuration: deps.jwksCooldownMs,
        timeoutDuration: 10_000,
        [customFetch]: deps.fetch,
      }),
    };
  };
  return {
    metadata(provider) {
      const cached = known.get(provider.id);
      if (cached !== undefined) return cached;
      const pending = discover(provider);
      known.set(provider.id, pending);
      // A provider that was down is asked again at the next sign-in.
      pending.catch(() => known.delete(provider.id));
      return pending;
    },
  };
}
