// The desk's side of the first sign-in, through the IPC router, against the real
// gateway on 127.0.0.1 and the real OS keychain: a newcomer signs in with the
// one-time password, can reach nothing but the setup channels, changes the
// password, enrols MFA, and ends with a full session whose refresh token is in
// the keychain. The TOTP secret never lands in the desk's trail or log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../../shared/errors.ts';
import type { LookupResult } from '../../../shared/schemas/customer.ts';
import type { MfaEnrolment, UserView } from '../../../shared/schemas/session.ts';
import { secretAccounts } from '../../../main/secrets/secret-store.ts';
import { currentTotp } from '../../../server/identity/totp.ts';
import { createNewcomer } from '../../harness/gateway/accounts.ts';
import { startDesk, type TestDesk } from '../../harness/desk/desk.ts';
import { startGateway, type RunningGateway } from '../../harness/gateway/gateway.ts';

const ONE_TIME = 'Temporary-Harbour-9431';
const NEW_PASSWORD = 'Quiet lantern over the bay 42';
const USERNAME = 'new.desker';

let gw: RunningGateway;
let desk: TestDesk;
beforeAll(async () => {
  gw = await startGateway({ customers: 3, config: { authRateLimitPerMinute: 10_000 } });
  await createNewcomer(gw.gateway, { userId: 'u-new-desk', username: USERNAME, displayName: 'Nia Newcomer', oneTimePassword: ONE_TIME, now: gw.clock.now() });
  desk = await startDesk(gw.url, { enrolmentToken: gw.enrolment.secret });
});
afterAll(async () => {
  await desk.close();
  await gw.close();
});

const call = async <T>(channel: string, payload: unknown = {}): Promise<T> => {
  const result = (await desk.router.handle(channel, payload)) as Result<T>;
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value;
};
const refreshAccount = () => secretAccounts.refreshToken(new URL(gw.url).origin, USERNAME);
/** The failed attempts of one setup step the gateway recorded for the newcomer. */
const gatewayFailures = async (action: string): Promise<number> =>
  (await gw.gateway.store.audit.search({ type: 'auth.credential.change', userId: 'u-new-desk', limit: 100 })).events.filter(
    (e) => e.event.outcome === 'failure' && e.event.details.action === action,
  ).length;
const OTHER_CHANNELS: readonly [string, unknown][] = [
  ['customers.lookup', { by: 'card', value: '4111 1111 1111 1111' }],
  ['customers.get', { customerId: 'CUS-000001' }],
  ['session.lock', {}],
  ['app.openExternal', { url: 'https://example.com/' }],
  ['supervisor.agents', {}],
];

describe('first sign-in on the desk', () => {
  it('signs the newcomer in with the one-time password: the user says what is pending, the keychain holds the refresh token', async () => {
    const user = await call<UserView>('session.login', { username: USERNAME, password: ONE_TIME });
    expect(user.pendingSetup).toEqual(['password_change', 'mfa_enrolment']);
    expect(desk.session.state()).toMatchObject({ status: 'active', user: { pendingSetup: ['password_change', 'mfa_enrolment'] } });
    expect(desk.pushed.some((p) => p.event === 'session.changed')).toBe(true);
    expect(await desk.fixture.keychain.get(refreshAccount())).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses every other channel with setup_required, in parallel too, and audits each refusal', async () => {
    const answers = await Promise.all(OTHER_CHANNELS.map(([channel, payload]) => desk.router.handle(channel, payload)));
    for (const answer of answers) expect(answer).toMatchObject({ ok: false, error: { code: 'setup_required' } });
    const denied = desk.queue.pending(5000).filter((e) => e.event.type === 'access.denied' && e.event.reason === 'setup_required');
    expect(denied.map((e) => e.event.target.id).sort()).toEqual(OTHER_CHANNELS.map(([c]) => c).sort());
  });

  it('shows the gateway’s password_rejected message for a password that contains the name, and keeps the session', async () => {
    const answer = await desk.router.handle('account.changePassword', { currentPassword: ONE_TIME, newPassword: 'nia-newcomer-2026-x' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'password_rejected' } });
    expect(desk.session.user()?.pendingSetup).toEqual(['password_change', 'mfa_enrolment']);
  });

  it('says a wrong current password is wrong, sends it once, and keeps the session and its keychain token', async () => {
    const before = await desk.fixture.keychain.get(refreshAccount());
    const answer = await desk.router.handle('account.changePassword', { currentPassword: `${ONE_TIME}-typo`, newPassword: NEW_PASSWORD });
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_credentials' } });
    expect(desk.session.state()).toMatchObject({ status: 'active' });
    expect(await desk.fixture.keychain.get(refreshAccount())).toBe(before);
    expect(await gatewayFailures('password_change')).toBe(1);
  });

  it('changes the password: the new grant replaces the old one in the keychain and MFA is what is left', async () => {
    const before = await desk.fixture.keychain.get(refreshAccount());
    const user = await call<UserView>('account.changePassword', { currentPassword: ONE_TIME, newPassword: NEW_PASSWORD });
    expect(user.pendingSetup).toEqual(['mfa_enrolment']);
    const after = await desk.fixture.keychain.get(refreshAccount());
    expect(after).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(after).not.toBe(before);
    expect(await desk.router.handle('customers.get', { customerId: 'CUS-000001' })).toMatchObject({ ok: false, error: { code: 'setup_required' } });
  });

  it('survives a restart mid-setup: signed out, then the new password signs in with MFA still pending', async () => {
    desk = await desk.restart();
    expect(desk.session.state()).toEqual({ status: 'signed_out' });
    const user = await call<UserView>('session.login', { username: USERNAME, password: NEW_PASSWORD });
    expect(user.pendingSetup).toEqual(['mfa_enrolment']);
    expect(await desk.router.handle('customers.lookup', { by: 'card', value: '4111 1111 1111 1111' })).toMatchObject({ ok: false, error: { code: 'setup_required' } });
  });

  it('enrols MFA: a wrong code is refused, the right one gives a full session; the secret is nowhere in the trail or the log', async () => {
    const enrolment = await call<MfaEnrolment>('account.startMfa');
    expect(enrolment.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    const secret = new URL(enrolment.otpauthUri).searchParams.get('secret') ?? '';
    expect(secret.length).toBeGreaterThanOrEqual(16);
    const code = await currentTotp(secret, gw.clock.now());
    const wrong = code === '000000' ? '111111' : '000000';
    // A wrong code says so and is sent once: the session stays for the right code typed next.
    expect(await desk.router.handle('account.confirmMfa', { code: wrong })).toMatchObject({ ok: false, error: { code: 'invalid_credentials' } });
    expect(desk.session.state()).toMatchObject({ status: 'active' });
    expect(await gatewayFailures('mfa_enrol')).toBe(1);
    const user = await call<UserView>('account.confirmMfa', { code });
    expect(user.pendingSetup ?? []).toEqual([]);
    expect(user.mfaEnabled).toBe(true);

    const trail = JSON.stringify(desk.queue.pending(5000));
    const log = JSON.stringify(desk.reported.map((r) => String(r)));
    for (const text of [trail, log]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(enrolment.otpauthUri);
      expect(text).not.toContain(NEW_PASSWORD);
    }
    const steps = desk.queue.pending(5000).filter((e) => e.event.type === 'auth.credential.change' && e.event.outcome === 'success');
    expect(steps.map((e) => e.event.details.action)).toEqual(['password_change', 'mfa_start', 'mfa_enrol']);
  });

  it('has a full session afterwards: customer channels open, and the keychain token refreshes it after expiry', async () => {
    const found = await call<LookupResult>('customers.lookup', { by: 'card', value: '4111 1111 1111 1111' });
    expect(Array.isArray(found.results)).toBe(true);
    gw.clock.advance(16 * 60_000);
    const again = await call<LookupResult>('customers.lookup', { by: 'card', value: '4111 1111 1111 1111' });
    expect(Array.isArray(again.results)).toBe(true);
    expect(desk.session.user()?.pendingSetup ?? []).toEqual([]);
  });
});
