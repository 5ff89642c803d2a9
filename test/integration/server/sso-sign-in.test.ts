// Single sign-on with a real OpenID Connect provider (oidc-provider on
// 127.0.0.1, its own sign-in page): the desk's flow (main's CompanySignIn,
// PKCE, loopback redirect) and the gateway's redemption open the usual
// device-bound session; the MFA policy, SSO-only accounts and break-glass.
import { afterAll, expect } from 'vitest';
import { currentTotp } from '../../../server/identity/totp.ts';
import { TestDevice } from '../../harness/device/device.ts';
import { accountEvents, createAccount } from '../../harness/gateway/accounts.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';
import { startIdentityProvider } from '../../harness/identity-provider/identity-provider.ts';
import { authorizeAtProvider, redeemAtGateway } from '../../harness/identity-provider/sso-desk.ts';
import { signInEventsOf, ssoGatewayConfig, ssoProviderConfig } from '../../harness/identity-provider/sso-gateway.ts';

const BEN = { username: 'agent.ben', password: 'idp-ben-secret', mfa: true };
const SARA = { username: 'sup.sara', password: 'idp-sara-secret', mfa: false };
const STRANGER = { username: 'nobody.here', password: 'idp-stranger-secret', mfa: true };
const DORA = { username: 'agent.dora', password: 'idp-dora-secret', mfa: true };
const idp = await startIdentityProvider({ people: [BEN, SARA, STRANGER, DORA] });
afterAll(() => idp.close());

/** A provider the gateway knows whose address answers nothing: the company sign-in is down. */
const DOWN = { id: 'down', label: 'Down Corp', issuer: 'http://127.0.0.1:9/', clientId: 'desk', clientSecret: 'a-secret-of-sixteen-plus', allowHttpLoopback: true };
const it = gatewayTestWith({ config: ssoGatewayConfig([ssoProviderConfig(idp), DOWN]) });

it('signs in with the company account, whose MFA counts, into a session that looks up a customer', async ({ gw }) => {
  const device = new TestDevice();
  const callback = await authorizeAtProvider(gw, device, BEN);
  expect(callback.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
  expect(callback.iss).toBe(idp.issuer);
  const answer = await redeemAtGateway(gw, device, callback, {}, gw.enrolment);
  expect(answer.status, answer.text).toBe(200);
  expect(answer.body.user.username).toBe('agent.ben');

  const lookup = await gw.route('lookup', { token: answer.body.tokens.accessToken, body: { by: 'customerId', value: 'CUS-000001' } });
  expect(lookup.status, lookup.text).toBe(200);
  const [success] = (await signInEventsOf(gw.gateway, device.deviceId)).filter((e) => e.outcome === 'success');
  expect(success?.details).toMatchObject({ method: 'sso', provider: 'corp', providerMfa: true, mfa: true });
});

it('refuses the local password of an account linked to a company identity, and audits it', async ({ gw }) => {
  const desk = new TestDevice();
  expect((await redeemAtGateway(gw, desk, await authorizeAtProvider(gw, desk, BEN), {}, gw.enrolment)).status).toBe(200);
  const device = new TestDevice();
  const otp = await currentTotp(await gw.totpSecret('agent.ben'), gw.clock.now());
  const answer = await gw.attemptLogin('agent.ben', 'desk-demo-ben-2026', { device, otp });
  expect(answer.status).toBe(403);
  expect(answer.error?.message).toMatch(/company account/);
  expect((await signInEventsOf(gw.gateway, device.deviceId)).map((e) => e.reason)).toContain('sso_only');

  // Nor does it unlock the company sign-in's own session.
  const grant = (await redeemAtGateway(gw, desk, await authorizeAtProvider(gw, desk, BEN), {}, gw.enrolment)).body;
  const unlock = await gw.route('reauth', { body: { password: 'desk-demo-ben-2026', otp, ...desk.sessionProof('reauth', grant.tokens.refreshToken) } });
  expect(unlock.status).toBe(403);
  expect(unlock.error?.message).toMatch(/Unlock with your company account/);
  expect((await accountEvents(gw.gateway, 'auth.reauth', 'u-agent-ben')).map((e) => e.reason)).toContain('sso_only');
});

it('asks for the gateway one-time code when the provider did not show MFA, and accepts it', async ({ gw }) => {
  const device = new TestDevice();
  const without = await redeemAtGateway(gw, device, await authorizeAtProvider(gw, device, SARA), {}, gw.enrolment);
  expect(without.status).toBe(401);
  expect(without.error?.code).toBe('mfa_required');
  expect(without.error?.message).toMatch(/one-time code/);
  expect((await signInEventsOf(gw.gateway, device.deviceId)).map((e) => e.reason)).toContain('otp_missing');

  const otp = await currentTotp(await gw.totpSecret('sup.sara'), gw.clock.now());
  const withCode = await redeemAtGateway(gw, device, await authorizeAtProvider(gw, device, SARA), { otp }, gw.enrolment);
  expect(withCode.status, withCode.text).toBe(200);
  expect(withCode.body.user.username).toBe('sup.sara');
});

it('refuses a company identity with no desk account, saying to ask IT', async ({ gw }) => {
  const device = new TestDevice();
  const answer = await redeemAtGateway(gw, device, await authorizeAtProvider(gw, device, STRANGER), {}, gw.enrolment);
  expect(answer.status).toBe(401);
  expect(answer.json).toMatchObject({ error: { code: 'sso_rejected' }, reason: 'unknown_account' });
  expect(answer.error?.message).toMatch(/ask IT/);
});

it('tells a person whose desk account is disabled to ask IT, and audits it', async ({ gw }) => {
  await createAccount(gw.gateway, { userId: 'u-agent-dora', username: 'agent.dora', password: 'a-local-password-2026', createdAt: gw.clock.now() });
  await gw.gateway.store.identity.disableAccount('u-agent-dora', gw.clock.now());
  const device = new TestDevice();
  const answer = await redeemAtGateway(gw, device, await authorizeAtProvider(gw, device, DORA), {}, gw.enrolment);
  expect(answer.status).toBe(403);
  expect(answer.error?.message).toMatch(/disabled: ask IT/);
  expect((await signInEventsOf(gw.gateway, device.deviceId)).map((e) => e.reason)).toContain('account_disabled');
});

it('with the provider down: a clear typed error, audited; the break-glass admin still signs in, and that raises an alert', async ({ gw }) => {
  const device = new TestDevice();
  const start = await gw.route('ssoStart', { body: { deviceId: device.deviceId, provider: 'down', redirectUri: 'http://127.0.0.1:4000/callback' } });
  expect(start.status).toBe(502);
  expect(start.error?.code).toBe('sso_unavailable');
  expect(start.error?.message).toMatch(/break-glass/);
  expect((await signInEventsOf(gw.gateway, device.deviceId)).map((e) => e.reason)).toContain('sso_provider_unavailable');

  const { grant } = await gw.login('admin.ivan');
  expect(grant.user.roles).toContain('admin');
  await expect.poll(async () => (await gw.gateway.store.alerts.list('open')).filter((a) => a.kind === 'break_glass_sign_in' && a.userId === 'u-admin-ivan').length).toBe(1);
});

it('lists the providers for the desk without secrets', async ({ gw }) => {
  const answer = await gw.route('ssoProviders');
  expect(answer.body).toEqual({ providers: [{ id: 'corp', label: 'Example Corp' }, { id: 'down', label: 'Down Corp' }] });
  expect(answer.text).not.toContain(idp.clientSecret);
});
