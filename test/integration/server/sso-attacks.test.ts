// Attacks on single sign-on, each against a real provider (oidc-provider on
// 127.0.0.1) and the real gateway: every one is refused with a typed error
// (sso_rejected and its reason) and audited (auth.login failure sso_<reason>).
import { afterAll, expect } from 'vitest';
import type { AuthorizedCallback } from '../../../main/sso/company-sign-in.ts';
import { TestDevice } from '../../harness/device/device.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';
import type { RouteResponse } from '../../harness/gateway/route-client.ts';
import type { RunningGateway } from '../../harness/gateway/gateway.ts';
import { macWithClientSecret, resignedByProvider, signedWithProviderKey, signedWithSwappedKey, unsigned } from '../../harness/identity-provider/id-token-forgery.ts';
import { startIdentityProvider } from '../../harness/identity-provider/identity-provider.ts';
import { signInAtProvider } from '../../harness/identity-provider/provider-walker.ts';
import { authorizeAtProvider, redeemAtGateway } from '../../harness/identity-provider/sso-desk.ts';
import { signInEventsOf, ssoGatewayConfig, ssoProviderConfig } from '../../harness/identity-provider/sso-gateway.ts';

const ANA = { username: 'agent.ana', password: 'idp-ana-secret', mfa: true };
const idp = await startIdentityProvider({ people: [ANA] });
const other = await startIdentityProvider({ people: [ANA] });
afterAll(async () => {
  await idp.close();
  await other.close();
});
// No cooldown before a key set is fetched again, so the rotation below is seen at once.
const it = gatewayTestWith({
  config: ssoGatewayConfig([ssoProviderConfig(idp), ssoProviderConfig(other, 'other', 'Other Corp')], { jwksCooldownSeconds: 0 }),
});

async function expectRefused(gw: RunningGateway, answer: RouteResponse<'ssoRedeem'>, device: TestDevice, reason: string): Promise<void> {
  expect(answer.status, answer.text).toBe(401);
  expect(answer.json).toMatchObject({ error: { code: 'sso_rejected' }, reason });
  await expect.poll(async () => (await signInEventsOf(gw.gateway, device.deviceId)).map((e) => [e.outcome, e.reason])).toContainEqual(['failure', `sso_${reason}`]);
  expect((await signInEventsOf(gw.gateway, device.deviceId)).filter((e) => e.outcome === 'success')).toEqual([]);
}

/** A desk's sign-in whose ID token the provider's answer replaces with `forge(token)`. */
async function redeemForged(gw: RunningGateway, forge: (idToken: string) => Promise<string> | string) {
  const device = new TestDevice();
  const callback = await authorizeAtProvider(gw, device, ANA);
  idp.tamperNextIdToken(forge);
  return { device, answer: await redeemAtGateway(gw, device, callback, {}, gw.enrolment) };
}

it('refuses an ID token issued for another audience', async ({ gw }) => {
  const { device, answer } = await redeemForged(gw, (token) => resignedByProvider(idp, token, (c) => ({ ...c, aud: 'another-app' })));
  await expectRefused(gw, answer, device, 'audience_mismatch');
});

it('refuses an ID token with several audiences whose azp is another client', async ({ gw }) => {
  const { device, answer } = await redeemForged(gw, (token) => resignedByProvider(idp, token, (c) => ({ ...c, aud: [idp.clientId, 'another-app'], azp: 'another-app' })));
  await expectRefused(gw, answer, device, 'azp_mismatch');
});

it('refuses an expired ID token', async ({ gw }) => {
  const now = Math.floor(gw.clock.now() / 1000);
  const { device, answer } = await redeemForged(gw, (token) => resignedByProvider(idp, token, (c) => ({ ...c, iat: now - 7200, exp: now - 3600 })));
  await expectRefused(gw, answer, device, 'token_expired');
});

it('refuses an ID token replayed from an earlier sign-in (its nonce)', async ({ gw }) => {
  let earlier = '';
  const first = await redeemForged(gw, (token) => (earlier = token));
  expect(first.answer.status, first.answer.text).toBe(200);
  const { device, answer } = await redeemForged(gw, () => earlier);
  await expectRefused(gw, answer, device, 'nonce_mismatch');
});

it('refuses a state this desk was not given (and main refuses a redirect with another state)', async ({ gw }) => {
  const device = new TestDevice();
  const callback = await authorizeAtProvider(gw, device, ANA);
  await expectRefused(gw, await redeemAtGateway(gw, device, { ...callback, state: 'A'.repeat(43) }), device, 'state_mismatch');

  // The browser brings back a redirect carrying another attempt's state: main stops before the gateway.
  const desk = new TestDevice();
  const deliverForeignState = async (url: string): Promise<void> => {
    const redirect = await signInAtProvider(url, ANA, { deliver: false });
    redirect.searchParams.set('state', 'B'.repeat(43));
    await (await fetch(redirect)).text();
  };
  await expect(authorizeAtProvider(gw, desk, ANA, { openExternal: deliverForeignState })).rejects.toMatchObject({ code: 'sso_rejected' });
});

it('refuses an authorization code injected from another session', async ({ gw }) => {
  const attacker = new TestDevice();
  const stolen = await authorizeAtProvider(gw, attacker, ANA);
  const victim = new TestDevice();
  const own = await authorizeAtProvider(gw, victim, ANA);
  const injected: AuthorizedCallback = { ...own, code: stolen.code };
  await expectRefused(gw, await redeemAtGateway(gw, victim, injected, {}, gw.enrolment), victim, 'code_rejected');
});

it('refuses a mix-up: a code and iss from a second provider answering an attempt made with the first', async ({ gw }) => {
  const device = new TestDevice();
  const started = await authorizeAtProvider(gw, device, ANA);
  const fromOther = await authorizeAtProvider(gw, new TestDevice(), ANA, { provider: 'other' });
  expect(fromOther.iss).toBe(other.issuer);
  const mixed: AuthorizedCallback = { ...started, code: fromOther.code, iss: fromOther.iss };
  await expectRefused(gw, await redeemAtGateway(gw, device, mixed, {}, gw.enrolment), device, 'issuer_mixup');

  // Without any iss, from a provider that always sends one: the same refusal.
  const again = new TestDevice();
  const bare = await authorizeAtProvider(gw, again, ANA);
  await expectRefused(gw, await redeemAtGateway(gw, again, { ...bare, iss: undefined }, {}, gw.enrolment), again, 'issuer_mixup');
});

it('refuses alg none', async ({ gw }) => {
  const { device, answer } = await redeemForged(gw, unsigned);
  await expectRefused(gw, answer, device, 'alg_not_allowed');
});

it('refuses an HS256 token keyed with the client secret', async ({ gw }) => {
  const { device, answer } = await redeemForged(gw, (token) => macWithClientSecret(token, idp.clientSecret));
  await expectRefused(gw, answer, device, 'alg_not_allowed');
});

it('refuses an ID token that names another issuer', async ({ gw }) => {
  const { device, answer } = await redeemForged(gw, (token) => resignedByProvider(idp, token, (c) => ({ ...c, iss: other.issuer })));
  await expectRefused(gw, answer, device, 'issuer_mismatch');
});

it('refuses a token signed by a swapped key under the provider key ID, and follows a real key rotation', async ({ gw }) => {
  const { device, answer } = await redeemForged(gw, signedWithSwappedKey);
  await expectRefused(gw, answer, device, 'bad_signature');

  const retired = idp.signingKey();
  await idp.rotateSigningKey();
  const rotated = await redeemForged(gw, (token) => token);
  expect(rotated.answer.status, rotated.answer.text).toBe(200);
  // The old key is no longer published: a token it signs (with this sign-in's nonce) finds no key.
  const stale = await redeemForged(gw, (token) => signedWithProviderKey(retired, token));
  await expectRefused(gw, stale.answer, stale.device, 'unknown_signing_key');
});

it('refuses a redirect to a port the attempt did not register, and a redirect that is not the loopback address', async ({ gw }) => {
  const device = new TestDevice();
  const callback = await authorizeAtProvider(gw, device, ANA);
  const port = Number(new URL(callback.redirectUri).port);
  const elsewhere = `http://127.0.0.1:${port === 65_535 ? port - 1 : port + 1}/callback`;
  await expectRefused(gw, await redeemAtGateway(gw, device, { ...callback, redirectUri: elsewhere }, {}, gw.enrolment), device, 'redirect_mismatch');

  for (const redirectUri of ['http://localhost:5000/callback', 'https://127.0.0.1:5000/callback', 'http://127.0.0.1:5000/elsewhere', 'http://127.0.0.1:0/callback']) {
    const desk = new TestDevice();
    const start = await gw.route('ssoStart', { body: { deviceId: desk.deviceId, redirectUri } });
    expect(start.status, redirectUri).toBe(401);
    expect(start.json).toMatchObject({ error: { code: 'sso_rejected' }, reason: 'redirect_invalid' });
    expect((await signInEventsOf(gw.gateway, desk.deviceId)).map((e) => e.reason)).toContain('sso_redirect_invalid');
  }
});
