// A gateway configured for single sign-on with a test provider, and what tests
// read back from its audit trail about sign-ins.
import type { AuditEvent } from '../../../shared/audit.ts';
import type { Gateway } from '../../../server/app.ts';
import type { GatewayConfigInput } from '../../../server/config.ts';
import type { IdentityProvider } from './identity-provider.ts';

/** The provider entry of the gateway's config for `idp` (http on 127.0.0.1 allowed, as in development). */
export function ssoProviderConfig(idp: IdentityProvider, id = 'corp', label = 'Example Corp') {
  return { id, label, issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, allowHttpLoopback: true };
}

/** Gateway settings for a test file signing in through these providers; sign-in rate limits out of the way of its many attempts. */
export function ssoGatewayConfig(providers: ReturnType<typeof ssoProviderConfig>[], sso: Partial<NonNullable<GatewayConfigInput['sso']>> = {}): GatewayConfigInput {
  return { authRateLimitPerMinute: 10_000, sso: { ...sso, providers } };
}

/** The gateway's own `auth.login` events about one desk, oldest first. */
export async function signInEventsOf(gateway: Gateway, deviceId: string): Promise<AuditEvent[]> {
  const { events } = await gateway.store.audit.search({ type: 'auth.login', limit: 500 });
  return events
    .map((stored) => stored.event)
    .filter((event) => event.details.deviceId === deviceId)
    .reverse();
}
