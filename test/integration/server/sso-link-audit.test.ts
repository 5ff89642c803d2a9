// Issue 21: a single sign-on link (a company identity bound to a local account
// at its first sign-in) is an identity change, written with its audit record in
// one transaction. With the record refused by the store, the sign-in fails with
// audit_unavailable and no link is kept; once the store takes records again,
// the link and exactly one record of it are made. Real provider, real HTTP.
import { afterAll, expect } from 'vitest';
import { TestDevice } from '../../harness/device/device.ts';
import { openRawKysely, refuseInserts } from '../../harness/database/raw-database.ts';
import { gatewayAuditEvents } from '../../harness/gateway/admin.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';
import type { RunningGateway } from '../../harness/gateway/gateway.ts';
import { startIdentityProvider } from '../../harness/identity-provider/identity-provider.ts';
import { authorizeAtProvider, redeemAtGateway } from '../../harness/identity-provider/sso-desk.ts';
import { ssoGatewayConfig, ssoProviderConfig } from '../../harness/identity-provider/sso-gateway.ts';

const BEN = { username: 'agent.ben', password: 'idp-ben-secret', mfa: true };
const idp = await startIdentityProvider({ people: [BEN] });
afterAll(() => idp.close());
const it = gatewayTestWith({ config: ssoGatewayConfig([ssoProviderConfig(idp)]) });

async function linksOf(gw: RunningGateway, userId: string): Promise<number> {
  const raw = openRawKysely(gw);
  try {
    return (await raw.selectFrom('sso_identities').select('subject').where('user_id', '=', userId).execute()).length;
  } finally {
    await raw.destroy();
  }
}

it('keeps no company-identity link whose record cannot be written, and records the one it keeps once', async ({ gw }) => {
  const fault = await refuseInserts(gw, 'audit_events', `NEW.type = 'auth.credential.change'`, 'disk full');
  try {
    const desk = new TestDevice();
    const refused = await redeemAtGateway(gw, desk, await authorizeAtProvider(gw, desk, BEN), {}, gw.enrolment);
    expect([refused.status, refused.error?.code]).toEqual([503, 'audit_unavailable']);
    expect(await linksOf(gw, 'u-agent-ben')).toBe(0);
  } finally {
    await fault.restore();
  }
  const desk = new TestDevice();
  const signedIn = await redeemAtGateway(gw, desk, await authorizeAtProvider(gw, desk, BEN), {}, gw.enrolment);
  expect(signedIn.status, signedIn.text).toBe(200);
  expect(await linksOf(gw, 'u-agent-ben')).toBe(1);
  const links = (await gatewayAuditEvents(gw, 'auth.credential.change')).filter((e) => e.details.action === 'sso_link' && e.target.id === 'u-agent-ben');
  expect(links).toHaveLength(1);
  expect(links[0]).toMatchObject({ outcome: 'success', details: { provider: 'corp' } });
});
