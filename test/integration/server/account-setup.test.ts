// First sign-in over real HTTP and real SQLite (PCI DSS 8.3.5, 8.4.2): a new
// account signs in with its one-time password, gets a session that reaches
// the account-setup routes only, changes the password, enrols MFA from the
// otpauth URI, and only then reaches the rest of the API.
import { describe, expect } from 'vitest';
import { routes } from '../../../shared/api.ts';
import { containsPan } from '../../../shared/pan.ts';
import { verifyPassword } from '../../../server/identity/passwords.ts';
import { currentTotp } from '../../../server/identity/totp.ts';
import { accountEvents, createNewcomer } from '../../harness/gateway/accounts.ts';
import { TestDevice } from '../../harness/device/device.ts';
import type { RunningGateway } from '../../harness/gateway/gateway.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';

const ONE_TIME = 'Temporary-Harbour-9431';
const NEW_PASSWORD = 'Quiet lantern over the bay 42';

let serial = 0;
const it = gatewayTestWith({ config: { authRateLimitPerMinute: 10_000 } });

/** A new account as an admin would create it, signed in once with its one-time password. */
async function newcomerSession(gw: RunningGateway, options: { expiresInMs?: number } = {}) {
  serial += 1;
  const user = await createNewcomer(gw.gateway, {
    userId: `u-new-${serial}`,
    username: `new.person${serial}`,
    displayName: `Newcomer Number${serial}`,
    oneTimePassword: ONE_TIME,
    now: gw.clock.now(),
    ...(options.expiresInMs === undefined ? {} : { expiresInMs: options.expiresInMs }),
  });
  const device = new TestDevice();
  const answer = await gw.attemptLogin(user.username, ONE_TIME, { device });
  expect(answer.status, answer.text).toBe(200);
  const grant = answer.body;
  return { user, device, grant, token: grant.tokens.accessToken };
}

const claimsOf = (token: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;

const secretOf = (otpauthUri: string): string => new URL(otpauthUri).searchParams.get('secret') ?? '';

/** Past the step of any code already spent for this account. */
const nextStep = (gw: RunningGateway) => {
  gw.clock.advance(30_000);
};

describe('first sign-in', () => {
  it('signs in with the one-time password alone and lists the setup steps in the grant and the token', async ({ gw }) => {
    const { grant, token } = await newcomerSession(gw);
    expect(grant.user.pendingSetup).toEqual(['password_change', 'mfa_enrolment']);
    expect(grant.user.mfaEnabled).toBe(false);
    expect(claimsOf(token).setup).toEqual(['password_change', 'mfa_enrolment']);
  });

  it('gives the demo accounts no pending setup', async ({ gw }) => {
    for (const username of ['agent.ana', 'agent.ben', 'sup.sara', 'admin.ivan']) {
      const { grant, token } = await gw.login(username);
      expect(grant.user.pendingSetup).toEqual([]);
      expect(claimsOf(token).setup).toEqual([]);
    }
  });

  it('refuses every route but account setup to a pending-setup session, never with a 2xx', async ({ gw }) => {
    const { token } = await newcomerSession(gw);
    const guarded = Object.entries(routes).filter(([, spec]) => spec.access !== 'public' && spec.access !== 'account');
    expect(guarded.length).toBeGreaterThan(10);
    // One at a time: there are more guarded routes than the gateway's connections per address (64).
    const answers = [];
    for (const [name, spec] of guarded) {
      const path = spec.path.replace(/:[A-Za-z]+/g, 'CUS-000001');
      const answer = await gw.call(spec.method, path, { token, ...(spec.method === 'POST' ? { body: {} } : {}) });
      answers.push({ name, status: answer.status, code: answer.json.error?.code });
    }
    for (const answer of answers) expect(answer, answer.name).toMatchObject({ status: 403, code: 'setup_required' });
  });

  it('does not unlock a pending-setup session: it signs in again instead', async ({ gw }) => {
    const { device, grant } = await newcomerSession(gw);
    const refreshToken = grant.tokens.refreshToken;
    const answer = await gw.route('reauth', {
      body: { password: ONE_TIME, refreshToken, deviceId: device.deviceId, signature: device.sessionProof('reauth', refreshToken).signature },
    });
    expect(answer.status).toBe(403);
    expect(answer.error?.code).toBe('setup_required');
  });

  it('refuses a one-time password past its end like a wrong password, and audits why', async ({ gw }) => {
    const user = await createNewcomer(gw.gateway, {
      userId: 'u-late',
      username: 'late.comer',
      oneTimePassword: ONE_TIME,
      now: gw.clock.now(),
      expiresInMs: 60_000,
    });
    gw.clock.advance(60_001);
    const late = await gw.attemptLogin('late.comer', ONE_TIME);
    const wrong = await gw.attemptLogin('late.comer', 'Not-the-password-1234');
    expect(late.status).toBe(401);
    expect(late.json).toEqual(wrong.json);
    const failures = await accountEvents(gw.gateway, 'auth.login', user.userId);
    expect(failures.map((e) => e.reason)).toContain('one_time_password_expired');
  });

  it('answers MFA start with setup_required while the password change is pending', async ({ gw }) => {
    const { token } = await newcomerSession(gw);
    const answer = await gw.route('startMfa', { body: {}, token });
    expect(answer.status).toBe(403);
    expect(answer.error?.code).toBe('setup_required');
  });
});

describe('the setup steps', () => {
  it('changes the password, then enrols MFA, then reaches the API as its role; each step audited', async ({ gw }) => {
    const { user, device, token } = await newcomerSession(gw);

    const wrongCurrent = await gw.route('changePassword', { token, body: { currentPassword: 'Not-the-password-1234', newPassword: NEW_PASSWORD } });
    expect(wrongCurrent.status).toBe(401);
    expect(wrongCurrent.error?.code).toBe('invalid_credentials');

    const common = await gw.route('changePassword', { token, body: { currentPassword: ONE_TIME, newPassword: 'PASSWORD1234' } });
    expect(common.status).toBe(422);
    expect(common.error).toMatchObject({ code: 'password_rejected' });
    expect(common.error?.message).toMatch(/common passwords/);

    const changed = await gw.route('changePassword', { token, body: { currentPassword: ONE_TIME, newPassword: NEW_PASSWORD } });
    expect(changed.status, changed.text).toBe(200);
    const afterPassword = changed.body;
    expect(afterPassword.user.pendingSetup).toEqual(['mfa_enrolment']);
    expect(claimsOf(afterPassword.tokens.accessToken).sid).toBe(claimsOf(token).sid);
    const stored = await gw.gateway.store.identity.findUserById(user.userId);
    expect(stored?.mustChangePassword).toBe(false);
    expect(await verifyPassword(stored?.passwordHash ?? '', NEW_PASSWORD)).toBe(true);
    // Still restricted: MFA is owed.
    expect((await gw.route('lookup', { token: afterPassword.tokens.accessToken, body: { by: 'customerId', value: 'CUS-000001' } })).error?.code).toBe(
      'setup_required',
    );

    const next = afterPassword.tokens.accessToken;
    const started = await gw.route('startMfa', { body: {}, token: next });
    expect(started.status, started.text).toBe(200);
    const uri = started.body.otpauthUri;
    expect(uri).toMatch(
      new RegExp(`^otpauth://totp/Sentinel%20Desk:${user.username.replace('.', '\\.')}\\?secret=[A-Z2-7]+&issuer=Sentinel%20Desk&algorithm=SHA1&digits=6&period=30$`),
    );
    expect(containsPan(uri)).toBe(false);
    expect(Date.parse(started.body.expiresAt) - gw.clock.now()).toBe(10 * 60_000);

    const wrongCode = await gw.route('confirmMfa', { token: next, body: { code: '000000' } });
    expect(wrongCode.status).toBe(401);
    const code = await currentTotp(secretOf(uri), gw.clock.now());
    const confirmed = await gw.route('confirmMfa', { token: next, body: { code } });
    expect(confirmed.status, confirmed.text).toBe(200);
    const done = confirmed.body;
    expect(done.user).toMatchObject({ pendingSetup: [], mfaEnabled: true });
    expect(claimsOf(done.tokens.accessToken).setup).toEqual([]);

    const lookup = await gw.route('lookup', { token: done.tokens.accessToken, body: { by: 'customerId', value: 'CUS-000001' } });
    expect(lookup.status, lookup.text).toBe(200);
    // Agents are agents: setup grants no more than the role.
    expect((await gw.route('agents', { token: done.tokens.accessToken })).error?.code).toBe('forbidden');

    const changes = await accountEvents(gw.gateway, 'auth.credential.change', user.userId);
    expect(changes.filter((e) => e.outcome === 'success').map((e) => e.details.action)).toEqual(['password_change', 'mfa_enrol']);
    expect(changes.filter((e) => e.outcome === 'failure').map((e) => e.reason)).toEqual(['invalid_credentials', 'password_common', 'invalid_otp']);

    // The enrolment code is spent: the next sign-in needs the next one, and the new password.
    const replay = await gw.attemptLogin(user.username, NEW_PASSWORD, { device, otp: code });
    expect(replay.status).toBe(401);
    nextStep(gw);
    const signIn = await gw.attemptLogin(user.username, NEW_PASSWORD, { device, otp: await currentTotp(secretOf(uri), gw.clock.now()) });
    expect(signIn.status, signIn.text).toBe(200);
    expect(signIn.body.user.pendingSetup).toEqual([]);
    expect((await gw.attemptLogin(user.username, ONE_TIME, { device })).status).toBe(401);
  });

  it('uses up the refresh token of the session it reissues', async ({ gw }) => {
    const { device, grant, token } = await newcomerSession(gw);
    const changed = await gw.route('changePassword', { token, body: { currentPassword: ONE_TIME, newPassword: NEW_PASSWORD } });
    expect(changed.status).toBe(200);
    const fresh = changed.body.tokens.refreshToken;
    const refresh = (refreshToken: string) =>
      gw.route('refresh', { body: { refreshToken, deviceId: device.deviceId, signature: device.sessionProof('refresh', refreshToken).signature } });
    const renewed = await refresh(fresh);
    expect(renewed.status, renewed.text).toBe(200);
    expect(renewed.body.user.pendingSetup).toEqual(['mfa_enrolment']);
    const old = await refresh(grant.tokens.refreshToken);
    expect(old.status).toBe(401);
  });

  it('ends every other session of the account, and keeps the one that changed it', async ({ gw }) => {
    const { user, device, token } = await newcomerSession(gw);
    // Someone else who knew the password signed in on two other desks.
    const others = await Promise.all([new TestDevice(), new TestDevice()].map(async (other) => {
      const answer = await gw.attemptLogin(user.username, ONE_TIME, { device: other });
      expect(answer.status, answer.text).toBe(200);
      return { device: other, grant: answer.body };
    }));
    const refresh = (desk: TestDevice, refreshToken: string) =>
      gw.route('refresh', { body: { refreshToken, deviceId: desk.deviceId, signature: desk.sessionProof('refresh', refreshToken).signature } });

    const changed = await gw.route('changePassword', { token, body: { currentPassword: ONE_TIME, newPassword: NEW_PASSWORD } });
    expect(changed.status, changed.text).toBe(200);
    for (const other of others) {
      expect((await gw.route('startMfa', { body: {}, token: other.grant.tokens.accessToken })).status).toBe(401);
      expect((await refresh(other.device, other.grant.tokens.refreshToken)).status).toBe(401);
    }
    const kept = changed.body;
    expect((await gw.route('startMfa', { body: {}, token: kept.tokens.accessToken })).status).toBe(200);
    expect((await refresh(device, kept.tokens.refreshToken)).status).toBe(200);
    const [audited] = (await accountEvents(gw.gateway, 'auth.credential.change', user.userId)).filter((e) => e.outcome === 'success');
    expect(audited?.details).toMatchObject({ action: 'password_change', otherSessionsEnded: 2 });
  });

  it('lets one of several parallel password changes win', async ({ gw }) => {
    const { user, token } = await newcomerSession(gw);
    const candidates = ['Amber orchard violin 17', 'Copper meadow rocket 28', 'Silent glacier tulip 39', 'Velvet canyon oyster 50'];
    const answers = await Promise.all(
      candidates.map((newPassword) => gw.route('changePassword', { token, body: { currentPassword: ONE_TIME, newPassword } })),
    );
    const winners = answers.flatMap((answer, i) => (answer.status === 200 ? [candidates[i] ?? ''] : []));
    expect(winners).toHaveLength(1);
    for (const answer of answers.filter((a) => a.status !== 200)) expect([409, 429, 401]).toContain(answer.status);
    const stored = await gw.gateway.store.identity.findUserById(user.userId);
    expect(await verifyPassword(stored?.passwordHash ?? '', winners[0] ?? '')).toBe(true);
    expect(await gw.gateway.store.identity.passwordHistory(user.userId, 10)).toHaveLength(1);
  });

  it('lets exactly one of parallel confirmations of the same code enrol', async ({ gw }) => {
    const { user, token } = await newcomerSession(gw);
    const changed = await gw.route('changePassword', { token, body: { currentPassword: ONE_TIME, newPassword: NEW_PASSWORD } });
    const next = changed.body.tokens.accessToken;
    const started = await gw.route('startMfa', { body: {}, token: next });
    const code = await currentTotp(secretOf(started.body.otpauthUri), gw.clock.now());
    const answers = await Promise.all(Array.from({ length: 8 }, () => gw.route('confirmMfa', { token: next, body: { code } })));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    for (const answer of answers.filter((a) => a.status !== 200)) expect([401, 409]).toContain(answer.status);
    const successes = (await accountEvents(gw.gateway, 'auth.credential.change', user.userId)).filter((e) => e.outcome === 'success' && e.details.action === 'mfa_enrol');
    expect(successes).toHaveLength(1);
  });

  it('refuses an MFA offer that ran out, and a second enrolment', async ({ gw }) => {
    const { token } = await newcomerSession(gw);
    const changed = await gw.route('changePassword', { token, body: { currentPassword: ONE_TIME, newPassword: NEW_PASSWORD } });
    const next = changed.body.tokens.accessToken;
    const started = await gw.route('startMfa', { body: {}, token: next });
    const secret = secretOf(started.body.otpauthUri);
    gw.clock.advance(10 * 60_000 + 1);
    const late = await gw.route('confirmMfa', { token: next, body: { code: await currentTotp(secret, gw.clock.now()) } });
    expect(late.status).toBe(409);

    const again = await gw.route('startMfa', { body: {}, token: next });
    const code = await currentTotp(secretOf(again.body.otpauthUri), gw.clock.now());
    expect((await gw.route('confirmMfa', { token: next, body: { code } })).status).toBe(200);
    expect((await gw.route('startMfa', { body: {}, token: next })).status).toBe(409);
  });
});
