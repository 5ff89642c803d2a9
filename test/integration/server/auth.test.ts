// Identity over real HTTP on 127.0.0.1: passwords, MFA, lockout, refresh
// rotation with reuse detection, reauth and logout.
import { describe, expect } from 'vitest';
import { currentTotp } from '../../../server/identity/totp.ts';
import { TestDevice } from '../../harness/device/device.ts';
import { startGateway } from '../../harness/gateway/gateway.ts';
import { gatewayTest } from '../../harness/gateway/gateway-test.ts';

const it = gatewayTest;


describe('login', () => {
  it('signs in without MFA and returns the user and a token pair', async ({ gw }) => {
    const answer = await gw.attemptLogin('agent.ana', 'desk-demo-ana-2026');
    expect(answer.status).toBe(200);
    const grant = answer.body;
    expect(grant.user).toMatchObject({ username: 'agent.ana', roles: ['agent'], mfaEnabled: false });
    // JWT expiry has whole-second precision.
    const lifetime = Date.parse(grant.tokens.accessTokenExpiresAt) - gw.clock.now();
    expect(lifetime).toBeGreaterThan(15 * 60_000 - 1000);
    expect(lifetime).toBeLessThanOrEqual(15 * 60_000);
  });

  it('gives the same answer for an unknown user and a wrong password', async ({ gw }) => {
    const unknown = await gw.attemptLogin('nobody.here', 'whatever-password-1');
    const wrong = await gw.attemptLogin('agent.ben', 'wrong-password-123');
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.json).toEqual(wrong.json);
    expect(unknown.error?.code).toBe('invalid_credentials');
  });

  it('asks for the one-time code, accepts it once, and refuses its replay', async ({ gw }) => {
    const device = new TestDevice();
    const secret = await gw.totpSecret('sup.sara');
    const noCode = await gw.attemptLogin('sup.sara', 'desk-demo-sara-2026', { device });
    expect(noCode.status).toBe(401);
    expect(noCode.error?.code).toBe('invalid_credentials');
    gw.clock.advance(30_000); // the missing code counted as a failure; a success clears it

    const code = await currentTotp(secret, gw.clock.now());
    const first = await gw.attemptLogin('sup.sara', 'desk-demo-sara-2026', { device: device, otp: code });
    expect(first.status).toBe(200);
    expect(first.body.user.roles).toEqual(['supervisor']);

    const replay = await gw.attemptLogin('sup.sara', 'desk-demo-sara-2026', { device: device, otp: code });
    expect(replay.status).toBe(401);
    expect(replay.error?.code).toBe('invalid_credentials');

    gw.clock.advance(30_000);
    const next = await currentTotp(secret, gw.clock.now());
    const later = await gw.attemptLogin('sup.sara', 'desk-demo-sara-2026', { device: device, otp: next });
    expect(later.status).toBe(200);
  });

  it('locks the account on the 11th attempt after 10 failures, for 30 minutes', async ({ gw }) => {
    const device = new TestDevice();
    await gw.login('agent.ben', { device }); // a success clears earlier failures
    for (let attempt = 1; attempt <= 10; attempt++) {
      const answer = await gw.attemptLogin('agent.ben', `wrong-password-${attempt}x`, { device });
      expect(answer.status, `attempt ${attempt}`).toBe(401);
    }
    const secret = await gw.totpSecret('agent.ben');
    const eleventh = await gw.attemptLogin('agent.ben', 'desk-demo-ben-2026', { device, otp: await currentTotp(secret, gw.clock.now()) });
    expect(eleventh.status).toBe(423);
    expect(eleventh.error?.code).toBe('account_locked');
    expect(eleventh.error?.retryAfterSeconds).toBeGreaterThan(29 * 60);
    expect(eleventh.headers.get('retry-after')).toBe(String(eleventh.error?.retryAfterSeconds));

    gw.clock.advance(30 * 60_000 + 1000);
    const afterLock = await gw.attemptLogin('agent.ben', 'desk-demo-ben-2026', { device, otp: await currentTotp(secret, gw.clock.now()) });
    expect(afterLock.status).toBe(200);
  });

  it('binds a device to the key it enrolled with', async ({ gw }) => {
    const device = new TestDevice();
    await gw.login('agent.ana', { device });
    // Another key, proven with a valid challenge signature, still cannot take over an enrolled device ID.
    const impostor = new TestDevice(device.deviceId);
    const answer = await gw.attemptLogin('agent.ana', 'desk-demo-ana-2026', { device: impostor });
    expect(answer.status).toBe(409);
  });

  it('stores argon2id hashes and sealed TOTP secrets only', async ({ gw }) => {
    const ben = await gw.gateway.store.identity.findUserByUsername('agent.ben');
    expect(ben?.passwordHash.startsWith('$argon2id$')).toBe(true);
    const secret = await gw.totpSecret('agent.ben');
    expect(ben?.mfaSecretSealed).not.toContain(secret);
  });
});

describe('refresh tokens', () => {
  it('rotate, and a reused token revokes the whole session', async ({ gw }) => {
    const { grant, device } = await gw.login('agent.ana');
    const first = await gw.route('refresh', { body: device.sessionProof('refresh', grant.tokens.refreshToken) });
    expect(first.status).toBe(200);
    const rotated = first.body;
    expect(rotated.tokens.refreshToken).not.toBe(grant.tokens.refreshToken);

    const reuse = await gw.route('refresh', { body: device.sessionProof('refresh', grant.tokens.refreshToken) });
    expect(reuse.status).toBe(401);
    // The family is gone: the rotated refresh token and every access token of the session stop working.
    const afterReuse = await gw.route('refresh', { body: device.sessionProof('refresh', rotated.tokens.refreshToken) });
    expect(afterReuse.status).toBe(401);
    const lookup = await gw.route('lookup', {
      token: rotated.tokens.accessToken,
      body: { by: 'customerId', value: 'CUS-000001' },
    });
    expect(lookup.status).toBe(401);
  });

  it('refuses a refresh token presented by another device', async ({ gw }) => {
    const { grant } = await gw.login('agent.ana');
    const other = new TestDevice('some-other-desk');
    const answer = await gw.route('refresh', { body: other.sessionProof('refresh', grant.tokens.refreshToken) });
    expect(answer.status).toBe(401);
  });

  it('expire access tokens after 15 minutes', async ({ gw }) => {
    const { token } = await gw.login('agent.ana');
    gw.clock.advance(15 * 60_000 + 1000);
    const answer = await gw.route('lookup', { token, body: { by: 'customerId', value: 'CUS-000001' } });
    expect(answer.status).toBe(401);
  });
});

describe('reauth and logout', () => {
  it('unlocks with refresh token and password; a wrong password can be retried', async ({ gw }) => {
    const { grant, device } = await gw.login('agent.ana');
    const wrong = await gw.route('reauth', {
      body: { ...device.sessionProof('reauth', grant.tokens.refreshToken), password: 'not-my-password' },
    });
    expect(wrong.status).toBe(401);
    const right = await gw.route('reauth', {
      body: { ...device.sessionProof('reauth', grant.tokens.refreshToken), password: 'desk-demo-ana-2026' },
    });
    expect(right.status).toBe(200);
    expect(right.body.user.username).toBe('agent.ana');
  });

  it('logout revokes the session at once', async ({ gw }) => {
    const { grant } = await gw.login('agent.ana');
    const out = await gw.route('logout', { body: { refreshToken: grant.tokens.refreshToken } });
    expect(out.status).toBe(200);
    const lookup = await gw.route('lookup', {
      token: grant.tokens.accessToken,
      body: { by: 'customerId', value: 'CUS-000001' },
    });
    expect(lookup.status).toBe(401);
  });
});

describe('rate limiting on auth', () => {
  it('answers 429 past the per-minute limit', async () => {
    await using limited = await startGateway({ config: { authRateLimitPerMinute: 3 }, customers: 1 });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await limited.attemptLogin('agent.ana', 'wrong-password-xx')).status);
    }
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.slice(3)).toEqual([429, 429]);
  });
});
