// The same authorization code redeemed 8 times at once (each request with its
// own fresh device proof) signs in exactly once: the attempt is used up by one
// statement, and the provider itself takes each code once.
import { afterAll, expect } from 'vitest';
import { TestDevice } from '../../harness/device/device.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';
import { startIdentityProvider } from '../../harness/identity-provider/identity-provider.ts';
import { authorizeAtProvider, redeemAtGateway } from '../../harness/identity-provider/sso-desk.ts';
import { signInEventsOf, ssoGatewayConfig, ssoProviderConfig } from '../../harness/identity-provider/sso-gateway.ts';

const ANA = { username: 'agent.ana', password: 'idp-ana-secret', mfa: true };
const idp = await startIdentityProvider({ people: [ANA] });
afterAll(() => idp.close());
const it = gatewayTestWith({ config: ssoGatewayConfig([ssoProviderConfig(idp)]) });

const PARALLEL = 8;

it(`signs in exactly once when one code is redeemed ${PARALLEL} times at once`, async ({ gw }) => {
  const device = new TestDevice();
  const callback = await authorizeAtProvider(gw, device, ANA);
  const answers = await Promise.all(Array.from({ length: PARALLEL }, () => redeemAtGateway(gw, device, callback, {}, gw.enrolment)));

  expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
  const refused = answers.filter((a) => a.status !== 200);
  expect(refused.map((a) => [a.status, a.error?.code])).toEqual(Array.from({ length: PARALLEL - 1 }, () => [401, 'sso_rejected']));
  const events = await signInEventsOf(gw.gateway, device.deviceId);
  expect(events.filter((e) => e.outcome === 'success')).toHaveLength(1);
  expect(events.filter((e) => e.outcome === 'failure').map((e) => e.reason)).toEqual(Array.from({ length: PARALLEL - 1 }, () => 'sso_state_mismatch'));
});
