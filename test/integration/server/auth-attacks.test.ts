// Sign-in attacked the way an insider would: many requests at once, a stolen
// refresh token, a key the desk does not hold, password spraying. Real HTTP on
// 127.0.0.1, real SQLite files. The per-address rate limit is raised here: an
// attacker with many addresses gets past it, so these tests check the controls
// behind it.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect } from 'vitest';
import type { Alert } from '../../../shared/schemas/supervision.ts';
import { currentTotp } from '../../../server/identity/totp.ts';
import { TestDevice } from '../../harness/device/device.ts';
import { startGateway, type RunningGateway } from '../../harness/gateway/gateway.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';
import type { HttpAnswer } from '../../harness/gateway/http-call.ts';

const UNLIMITED = { authRateLimitPerMinute: 100_000 };

const it = gatewayTestWith({ config: UNLIMITED, customers: 2 });

const statuses = (answers: readonly HttpAnswer[]): Record<number, number> => {
  const counts: Record<number, number> = {};
  for (const a of answers) counts[a.status] = (counts[a.status] ?? 0) + 1;
  return counts;
};
const lookup = (gw: RunningGateway, token: string) => gw.route('lookup', { token, body: { by: 'customerId', value: 'CUS-000001' } });
const refresh = (gw: RunningGateway, device: TestDevice, refreshToken: string) => gw.route('refresh', { body: device.sessionProof('refresh', refreshToken) });
const parallel = <T>(n: number, attempt: (i: number) => Promise<T>): Promise<T[]> => Promise.all(Array.from({ length: n }, (_, i) => attempt(i)));

describe('lockout under parallel guessing', () => {
  it('30 parallel wrong passwords lock the account: the right password is then refused, and its open session is revoked', async () => {
    await using victim = await startGateway({ config: UNLIMITED, customers: 1 });
    const before = await victim.login('agent.ana');
    const guesses = await parallel(30, (i) => victim.attemptLogin('agent.ana', `wrong-password-${i}xx`));
    const counts = statuses(guesses);
    expect(counts[200]).toBeUndefined();
    // At most the limit of guesses had their password checked at all; the rest were refused unverified.
    expect(counts[401] ?? 0).toBeLessThanOrEqual(10);
    expect((counts[423] ?? 0) + (counts[429] ?? 0) + (counts[401] ?? 0)).toBe(30);

    const right = await victim.attemptLogin('agent.ana', 'desk-demo-ana-2026');
    expect(right.status).toBe(423);
    expect(right.error?.code).toBe('account_locked');
    expect((await victim.gateway.store.identity.findUserByUsername('agent.ana'))?.lockedUntil).toBeGreaterThan(victim.clock.now());

    // Locking ended the session that was open before the attack: its access token and its refresh are refused.
    expect((await victim.route('lookup', { token: before.token, body: { by: 'customerId', value: 'CUS-000001' } })).status).toBe(401);
    const refreshed = await victim.route('refresh', { body: before.device.sessionProof('refresh', before.grant.tokens.refreshToken) });
    expect(refreshed.status).toBe(401);
  });

  it('30 parallel wrong one-time codes with the right password lock the account too', async ({ gw }) => {
    const secret = await gw.totpSecret('agent.ben');
    const now = await currentTotp(secret, gw.clock.now());
    const wrongCode = (i: number): string => String((Number(now) + 1 + i) % 1_000_000).padStart(6, '0');
    const guesses = await parallel(30, (i) => gw.attemptLogin('agent.ben', 'desk-demo-ben-2026', { otp: wrongCode(i) }));
    expect(statuses(guesses)[200]).toBeUndefined();
    const right = await gw.attemptLogin('agent.ben', 'desk-demo-ben-2026', { otp: now });
    expect(right.status).toBe(423);
  });

  it('refuses attempts beyond the in-flight bound with a typed 429, and still counts them', async () => {
    await using bounded = await startGateway({ config: { ...UNLIMITED, lockout: { maxAttemptsInFlight: 1 } }, customers: 1 });
    const guesses = await parallel(6, (i) => bounded.attemptLogin('agent.ana', `wrong-password-${i}xx`));
    const refused = guesses.filter((g) => g.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    for (const answer of refused) expect(answer.error).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 1 });
    expect((await bounded.gateway.store.identity.findUserByUsername('agent.ana'))?.failedAttempts).toBe(6);
  });
});

describe('one-time codes under parallel replay', () => {
  it('8 parallel logins with one code: exactly one succeeds', async ({ gw }) => {
    const secret = await gw.totpSecret('sup.sara');
    gw.clock.advance(30_000);
    const code = await currentTotp(secret, gw.clock.now());
    const answers = await parallel(8, () => gw.attemptLogin('sup.sara', 'desk-demo-sara-2026', { otp: code }));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    gw.clock.advance(30_000);
  });

  it('holds with no in-flight bound in the way: the compare-and-set alone lets one of 8 through', async () => {
    await using wide = await startGateway({ config: { ...UNLIMITED, lockout: { maxAttemptsInFlight: 10 } }, customers: 1 });
    const code = await currentTotp(await wide.totpSecret('sup.sara'), wide.clock.now());
    const answers = await parallel(8, () => wide.attemptLogin('sup.sara', 'desk-demo-sara-2026', { otp: code }));
    expect(statuses(answers)).toEqual({ 200: 1, 401: 7 });
  });
});

describe('the answer does not confirm a password before every factor is checked', () => {
  it('a missing code gets the same answer with the right password, a wrong one, and an unknown name', async ({ gw }) => {
    const right = await gw.attemptLogin('admin.ivan', 'desk-demo-ivan-2026');
    const wrong = await gw.attemptLogin('admin.ivan', 'not-the-password-1');
    const unknown = await gw.attemptLogin('nobody.at.all', 'not-the-password-1');
    expect(right.status).toBe(401);
    expect(right.json).toEqual(wrong.json);
    expect(right.json).toEqual(unknown.json);
    expect(right.error?.code).toBe('invalid_credentials');
  });
});

describe('sessions of locked and disabled accounts, and their absolute lifetime', () => {
  it('a disabled account loses its sessions at once and signs in with the same answer as an unknown name', async () => {
    await using disabled = await startGateway({ config: UNLIMITED, customers: 1 });
    const { grant, device, token } = await disabled.login('agent.ana');
    const user = await disabled.gateway.store.identity.findUserByUsername('agent.ana');
    await disabled.gateway.store.identity.disableAccount(user?.userId ?? '', disabled.clock.now());
    expect((await disabled.route('lookup', { token, body: { by: 'customerId', value: 'CUS-000001' } })).status).toBe(401);
    expect((await disabled.route('refresh', { body: device.sessionProof('refresh', grant.tokens.refreshToken) })).status).toBe(401);
    const login = await disabled.attemptLogin('agent.ana', 'desk-demo-ana-2026');
    const unknown = await disabled.attemptLogin('nobody.at.all', 'desk-demo-ana-2026');
    expect(login.status).toBe(401);
    expect(login.json).toEqual(unknown.json);
  });

  it('a session dies 12 hours after sign-in however often it is refreshed', async ({ gw }) => {
    const { grant, device } = await gw.login('agent.ana');
    const signedInAt = gw.clock.now();
    let tokens = grant.tokens;
    // Refreshed every 55 minutes, as a desk in use does.
    for (let step = 1; step <= 13; step++) {
      gw.clock.advance(55 * 60_000);
      const answer = await refresh(gw, device, tokens.refreshToken);
      expect(answer.status, `refresh ${step}`).toBe(200);
      tokens = answer.body.tokens;
      expect(Date.parse(tokens.refreshTokenExpiresAt)).toBeLessThanOrEqual(signedInAt + 12 * 3_600_000);
      expect(Date.parse(tokens.accessTokenExpiresAt)).toBeLessThanOrEqual(signedInAt + 12 * 3_600_000);
    }
    expect(await lookup(gw, tokens.accessToken)).toMatchObject({ status: 200 });
    gw.clock.set(signedInAt + 12 * 3_600_000 + 1000);
    const late = await refresh(gw, device, tokens.refreshToken);
    expect(late.status).toBe(401);
    expect(late.error?.code).toBe('session_expired');
    expect((await lookup(gw, tokens.accessToken)).status).toBe(401);
  });

  it('a session refreshed every 11 hours does not outlive its 12', async ({ gw }) => {
    const { grant, device } = await gw.login('agent.ana');
    gw.clock.advance(11 * 3_600_000);
    const first = await refresh(gw, device, grant.tokens.refreshToken);
    expect(first.status).toBe(200);
    gw.clock.advance(11 * 3_600_000);
    const second = await refresh(gw, device, first.body.tokens.refreshToken);
    expect(second.status).toBe(401);
  });
});

describe('refresh and unlock need the device key', () => {
  it('a refresh token read from the keychain, signed with any other key, is refused and not burnt', async ({ gw }) => {
    const { grant, device } = await gw.login('agent.ana');
    const thief = generateKeyPairSync('ed25519').privateKey;
    const stolen = await gw.route('refresh', { body: device.sessionProof('refresh', grant.tokens.refreshToken, { signWith: thief }) });
    expect(stolen.status).toBe(401);
    const unsigned = await gw.call('POST', '/v1/auth/refresh', { body: { refreshToken: grant.tokens.refreshToken, deviceId: device.deviceId } });
    expect(unsigned.status).toBe(400);
    // A signature over the token made for unlocking does not refresh either.
    const wrongPurpose = await gw.route('refresh', { body: device.sessionProof('reauth', grant.tokens.refreshToken) });
    expect(wrongPurpose.status).toBe(401);
    // The desk that holds the key still refreshes with the same token: the thief could not spend it.
    expect((await refresh(gw, device, grant.tokens.refreshToken)).status).toBe(200);
  });

  it('unlock with the right password but without the device key is refused', async ({ gw }) => {
    const { grant, device } = await gw.login('agent.ana');
    const thief = generateKeyPairSync('ed25519').privateKey;
    const answer = await gw.route('reauth', {
      body: { ...device.sessionProof('reauth', grant.tokens.refreshToken, { signWith: thief }), password: 'desk-demo-ana-2026' },
    });
    expect(answer.status).toBe(401);
    const own = await gw.route('reauth', { body: { ...device.sessionProof('reauth', grant.tokens.refreshToken), password: 'desk-demo-ana-2026' } });
    expect(own.status).toBe(200);
  });

  it('parallel refreshes of one token: one rotates, the reuse ends the session', async ({ gw }) => {
    const { grant, device } = await gw.login('agent.ana');
    const answers = await parallel(5, () => refresh(gw, device, grant.tokens.refreshToken));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    const winner = answers.find((a) => a.status === 200)?.body;
    if (winner === undefined) throw new Error('no refresh won');
    expect((await lookup(gw, winner.tokens.accessToken)).status).toBe(401);
  });
});

describe('device enrolment needs proof of possession', () => {
  const challenge = async (gw: RunningGateway, device: TestDevice): Promise<string> => String((await gw.route('challenge', { body: { deviceId: device.deviceId } })).json.nonce);
  const loginWith = (gw: RunningGateway, device: TestDevice, proof: { nonce: string; signature: string }, publicKey = device.publicKey) =>
    gw.route('login', {
      body: { username: 'agent.ana', password: 'desk-demo-ana-2026', device: { ...device.info(), publicKey }, proof, enrolment: gw.enrolment },
    });
  const proofOf = (gw: RunningGateway, device: TestDevice, nonce: string, username: string) => device.loginProof(nonce, username, { enrolment: gw.enrolment });

  it('refuses to enrol a public key the desk cannot sign with', async ({ gw }) => {
    const attacker = new TestDevice();
    const someoneElses = new TestDevice().publicKey;
    const nonce = await challenge(gw, attacker);
    // The attacker signs with the key it holds, but names another.
    const answer = await loginWith(gw, attacker, proofOf(gw, attacker, nonce, 'agent.ana'), someoneElses);
    expect(answer.status).toBe(401);
    expect(answer.error?.code).toBe('unauthenticated');
    expect(await gw.gateway.store.identity.findDevice(attacker.deviceId)).toBeNull();
  });

  it('uses a challenge once, even by 5 parallel logins, and only for the device and account it was signed for', async ({ gw }) => {
    const device = new TestDevice();
    const nonce = await challenge(gw, device);
    const proof = proofOf(gw, device, nonce, 'agent.ana');
    const answers = await parallel(5, () => loginWith(gw, device, proof));
    expect(statuses(answers)).toEqual({ 200: 1, 401: 4 });

    const other = new TestDevice();
    const foreign = await challenge(gw, device);
    expect((await loginWith(gw, other, proofOf(gw, other, foreign, 'agent.ana'))).status).toBe(401);
    const forAnother = await challenge(gw, device);
    expect((await loginWith(gw, device, proofOf(gw, device, forAnother, 'agent.ben'))).status).toBe(401);
  });

  it('refuses a challenge past its two minutes and one that was never issued', async ({ gw }) => {
    const device = new TestDevice();
    const nonce = await challenge(gw, device);
    gw.clock.advance(121_000);
    expect((await loginWith(gw, device, proofOf(gw, device, nonce, 'agent.ana'))).status).toBe(401);
    expect((await loginWith(gw, device, proofOf(gw, device, 'A'.repeat(43), 'agent.ana'))).status).toBe(401);
  });
});

describe('password spraying', () => {
  it('50 unknown names, one try each, raise one per-source alert and the global one', async () => {
    await using spray = await startGateway({ config: { ...UNLIMITED, alerts: { failedLogins: { globalThreshold: 50 } } }, customers: 1 });
    await parallel(50, (i) => spray.attemptLogin(`sprayed.name.${i}`, 'Spring2026!spring'));
    const alerts = await spray.gateway.alerts.list('all');
    const bySource = alerts.filter((a: Alert) => a.kind === 'failed_logins_source');
    expect(bySource).toHaveLength(1);
    expect(bySource[0]?.message).toContain('127.0.0.1');
    expect(alerts.filter((a: Alert) => a.kind === 'failed_logins_global')).toHaveLength(1);
    // No single name crossed its own threshold: the per-name rule alone would have said nothing.
    expect(alerts.filter((a: Alert) => a.kind === 'failed_logins')).toHaveLength(0);
  });
});
