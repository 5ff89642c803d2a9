// Hostile and oversized single sign-on requests get a clear typed 4xx, and a
// card number typed into any field reaches neither the audit trail nor the log.
import { readFileSync } from 'node:fs';
import { afterAll, expect } from 'vitest';
import { findPans } from '../../../shared/pan.ts';
import { DEMO_TEST_CARDS } from '../../../server/seed/demo-data.ts';
import { TestDevice } from '../../harness/device/device.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';
import { startIdentityProvider } from '../../harness/identity-provider/identity-provider.ts';
import { authorizeAtProvider, redeemAtGateway } from '../../harness/identity-provider/sso-desk.ts';
import { ssoGatewayConfig, ssoProviderConfig } from '../../harness/identity-provider/sso-gateway.ts';

const ANA = { username: 'agent.ana', password: 'idp-ana-secret', mfa: true };
const idp = await startIdentityProvider({ people: [ANA] });
afterAll(() => idp.close());
const it = gatewayTestWith({ config: ssoGatewayConfig([ssoProviderConfig(idp)]) });

const pan = DEMO_TEST_CARDS[0]?.pan ?? '';

it('refuses malformed and oversized start requests with a clear 400 naming the field', async ({ gw }) => {
  const device = new TestDevice();
  const cases: [Record<string, unknown>, string][] = [
    [{ deviceId: device.deviceId, redirectUri: `http://127.0.0.1:5000/${'a'.repeat(300)}` }, 'redirectUri'],
    [{ deviceId: `desk-${pan}`, redirectUri: 'http://127.0.0.1:5000/callback' }, 'deviceId'],
    [{ deviceId: device.deviceId, provider: 'X'.repeat(40), redirectUri: 'http://127.0.0.1:5000/callback' }, 'provider'],
    [{ deviceId: device.deviceId, redirectUri: 42 }, 'redirectUri'],
  ];
  for (const [body, field] of cases) {
    const answer = await gw.call('POST', '/v1/auth/sso/start', { body });
    expect(answer.status, field).toBe(400);
    expect(answer.json).toMatchObject({ error: { code: 'invalid_request' } });
    expect(answer.text).toContain(field);
  }
  const unknown = await gw.route('ssoStart', { body: { deviceId: device.deviceId, provider: 'nope', redirectUri: 'http://127.0.0.1:5000/callback' } });
  expect(unknown.status).toBe(404);
});

it('refuses malformed redemptions by field, and ones carrying a card number without writing it anywhere', async ({ gw }) => {
  const device = new TestDevice();
  const callback = await authorizeAtProvider(gw, device, ANA);
  for (const [change, field] of [
    [{ code: 'c'.repeat(2049) }, 'code'],
    [{ codeVerifier: 'not a verifier' }, 'codeVerifier'],
    [{ state: 'short' }, 'state'],
    [{ iss: 'i'.repeat(501) }, 'iss'],
    [{ otp: '12345x' }, 'otp'],
  ] as const) {
    const answer = await redeemAtGateway(gw, device, callback, change);
    expect(answer.status, field).toBe(400);
    expect(answer.text).toContain(field);
  }
  // Shaped right, so they reach the checks: the card number rides in the code (to the provider, which refuses it), the iss and the state.
  const inCode = await redeemAtGateway(gw, device, callback, { code: `code-${pan}` }, gw.enrolment);
  expect(inCode.json).toMatchObject({ error: { code: 'sso_rejected' }, reason: 'code_rejected' });
  const inIss = await redeemAtGateway(gw, device, await authorizeAtProvider(gw, device, ANA), { iss: `${idp.issuer}/${pan}` }, gw.enrolment);
  expect(inIss.json).toMatchObject({ error: { code: 'sso_rejected' }, reason: 'issuer_mixup' });
  const panState = `${pan}${'A'.repeat(43 - pan.length)}`;
  const inState = await redeemAtGateway(gw, device, { ...callback, state: panState }, {}, gw.enrolment);
  expect(inState.json).toMatchObject({ error: { code: 'sso_rejected' }, reason: 'state_mismatch' });

  const { events } = await gw.gateway.store.audit.search({ type: 'auth.login', limit: 500 });
  expect(findPans(JSON.stringify(events))).toEqual([]);
  expect(findPans(readFileSync(gw.logPath, 'utf8'))).toEqual([]);
  expect(findPans(inCode.text + inIss.text + inState.text)).toEqual([]);
});
