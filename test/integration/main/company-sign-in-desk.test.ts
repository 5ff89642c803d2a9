// The desk's company sign-in through main's router, against the real gateway
// and a real provider on 127.0.0.1: the person signs in at the provider's page
// that main asked the OS browser to open. Locked, an SSO-only account unlocks
// with its company account only, and only as the same person.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Result } from '../../../shared/errors.ts';
import { startDesk, type TestDesk } from '../../harness/desk/desk.ts';
import { accountEvents } from '../../harness/gateway/accounts.ts';
import { startGateway, type RunningGateway } from '../../harness/gateway/gateway.ts';
import { startIdentityProvider, type IdentityProvider, type ProviderPerson } from '../../harness/identity-provider/identity-provider.ts';
import { signInAtProvider } from '../../harness/identity-provider/provider-walker.ts';
import { ssoGatewayConfig, ssoProviderConfig } from '../../harness/identity-provider/sso-gateway.ts';

const ANA: ProviderPerson = { username: 'agent.ana', password: 'idp-ana-secret', mfa: true };
const BEN: ProviderPerson = { username: 'agent.ben', password: 'idp-ben-secret', mfa: true };
let idp: IdentityProvider;
let gw: RunningGateway;
const desks: TestDesk[] = [];
beforeAll(async () => {
  idp = await startIdentityProvider({ people: [ANA, BEN] });
  gw = await startGateway({ customers: 2, config: ssoGatewayConfig([ssoProviderConfig(idp)]) });
});
afterEach(async () => {
  for (const desk of desks.splice(0)) await desk.close();
});
afterAll(async () => {
  await gw.close();
  await idp.close();
});

/** Runs a company sign-in channel while `person` signs in at the page main asked the browser to open. */
async function viaBrowser(desk: TestDesk, person: ProviderPerson, call: () => Promise<Result<unknown>>): Promise<Result<unknown>> {
  const before = desk.opened.length;
  const answer = call();
  await expect.poll(() => desk.opened.length, { timeout: 30_000 }).toBe(before + 1);
  await signInAtProvider(desk.opened[before] ?? '', person);
  return answer;
}

it('signs in through the router, and unlocks only with the same person’s company account', async () => {
  const desk = await startDesk(gw.url, { enrolmentToken: gw.enrolment.secret });
  desks.push(desk);
  expect(await viaBrowser(desk, ANA, () => desk.router.handle('session.ssoSignIn', {}))).toMatchObject({ ok: true, value: { username: 'agent.ana' } });
  expect(await desk.router.handle('customers.lookup', { by: 'customerId', value: 'CUS-000001' })).toMatchObject({ ok: true });

  desk.session.lock('manual');
  expect(await desk.router.handle('session.unlock', { password: 'desk-demo-ana-2026' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

  const asBen = await viaBrowser(desk, BEN, () => desk.router.handle('session.ssoUnlock', {}));
  expect(asBen).toMatchObject({ ok: false, error: { message: expect.stringContaining('locked for agent.ana') as unknown } });
  expect(desk.session.state().status).toBe('locked');
  // Ben's new session was ended at once.
  await expect.poll(async () => (await accountEvents(gw.gateway, 'auth.logout', 'u-agent-ben')).length).toBe(1);

  const asAna = await viaBrowser(desk, ANA, () => desk.router.handle('session.ssoUnlock', {}));
  expect(asAna).toMatchObject({ ok: true, value: { status: 'active' } });
  expect(await desk.router.handle('customers.lookup', { by: 'customerId', value: 'CUS-000001' })).toMatchObject({ ok: true });
  // The locked session it replaced was ended on the gateway.
  await expect.poll(async () => (await accountEvents(gw.gateway, 'auth.logout', 'u-agent-ana')).length).toBe(1);
}, 90_000);
