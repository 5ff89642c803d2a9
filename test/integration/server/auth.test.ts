// Identity over real HTTP on 127.0.0.1: passwords, MFA, lockout, refresh
// rotation with reuse detection, reauth and logout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionGrant } from '../../../shared/api.ts';
import { currentTotp } from '../../../server/identity/totp.ts';
import { TestDevice } from '../../support/device.ts';
import { startGateway, type RunningGateway } from '../../support/gateway.ts';

let gw: RunningGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => {
  await gw.close();
});

const loginBody = (username: string, password: string, device = new TestDevice(), otp?: string) => ({
  username,
  password,
  ...(otp === undefined ? {} : { otp }),
  device: device.info(),
});

describe('login', () => {
  it('signs in without MFA and returns the user and a token pair', async () => {
    const answer = await gw.call('POST', '/v1/auth/login', { body: loginBody('agent.ana', 'desk-demo-ana-2026') });
    expect(answer.status).toBe(200);
    const grant = answer.json as unknown as SessionGrant;
    expect(grant.user).toMatchObject({ username: 'agent.ana', roles: ['agent'], mfaEnabled: false });
    // JWT expiry has whole-second precision.
    const lifetime = Date.parse(grant.tokens.accessTokenExpiresAt) - gw.clock.now();
    expect(lifetime).toBeGreaterThan(15 * 60_000 - 1000);
    expect(lifetime).toBeLessThanOrEqual(15 * 60_000);
  });

  it('gives the same answer for an unknown user and a wrong password', async () => {
    const unknown = await gw.call('POST', '/v1/auth/login', { body: loginBody('nobody.here', 'whatever-password-1') });
    const wrong = await gw.call('POST', '/v1/auth/login', { body: loginBody('agent.ben', 'wrong-password-123') });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.json).toEqual(wrong.json);
    expect(unknown.json.error?.code).toBe('invalid_credentials');
  });

  it('asks for the one-time code, accepts it once, and refuses its replay', async () => {
    const device = new TestDevice();
    const secret = await gw.totpSecret('sup.sara');
    const noCode = await gw.call('POST', '/v1/auth/login', { body: loginBody('sup.sara', 'desk-demo-sara-2026', device) });
    expect(noCode.status).toBe(401);
    expect(noCode.json.error?.code).toBe('mfa_required');

    const code = await currentTotp(secret, gw.clock.now());
    const first = await gw.call('POST', '/v1/auth/login', { body: loginBody('sup.sara', 'desk-demo-sara-2026', device, code) });
    expect(first.status).toBe(200);
    expect((first.json as unknown as SessionGrant).user.roles).toEqual(['supervisor']);

    const replay = await gw.call('POST', '/v1/auth/login', { body: loginBody('sup.sara', 'desk-demo-sara-2026', device, code) });
    expect(replay.status).toBe(401);
    expect(replay.json.error?.code).toBe('invalid_credentials');

    gw.clock.advance(30_000);
    const next = await currentTotp(secret, gw.clock.now());
    const later = await gw.call('POST', '/v1/auth/login', { body: loginBody('sup.sara', 'desk-demo-sara-2026', device, next) });
    expect(later.status).toBe(200);
  });

  it('locks the account on the 11th attempt after 10 failures, for 30 minutes', async () => {
    const device = new TestDevice();
    await gw.login('agent.ben', { device }); // a success clears earlier failures
    for (let attempt = 1; attempt <= 10; attempt++) {
      const answer = await gw.call('POST', '/v1/auth/login', { body: loginBody('agent.ben', `wrong-password-${attempt}x`, device) });
      expect(answer.status, `attempt ${attempt}`).toBe(401);
    }
    const secret = await gw.totpSecret('agent.ben');
    const eleventh = await gw.call('POST', '/v1/auth/login', {
      body: loginBody('agent.ben', 'desk-demo-ben-2026', device, await currentTotp(secret, gw.clock.now())),
    });
    expect(eleventh.status).toBe(423);
    expect(eleventh.json.error?.code).toBe('account_locked');
    expect(eleventh.json.error?.retryAfterSeconds).toBeGreaterThan(29 * 60);
    expect(eleventh.headers.get('retry-after')).toBe(String(eleventh.json.error?.retryAfterSeconds));

    gw.clock.advance(30 * 60_000 + 1000);
    const afterLock = await gw.call('POST', '/v1/auth/login', {
      body: loginBody('agent.ben', 'desk-demo-ben-2026', device, await currentTotp(secret, gw.clock.now())),
    });
    expect(afterLock.status).toBe(200);
  });

  it('binds a device to the key it enrolled with', async () => {
    const device = new TestDevice();
    await gw.login('agent.ana', { device });
    const impostor = { ...device.info(), publicKey: new TestDevice().publicKey };
    const answer = await gw.call('POST', '/v1/auth/login', {
      body: { username: 'agent.ana', password: 'desk-demo-ana-2026', device: impostor },
    });
    expect(answer.status).toBe(409);
  });

  it('stores argon2id hashes and sealed TOTP secrets only', async () => {
    const ben = await gw.gateway.store.identity.findUserByUsername('agent.ben');
    expect(ben?.passwordHash.startsWith('$argon2id$')).toBe(true);
    const secret = await gw.totpSecret('agent.ben');
    expect(ben?.mfaSecretSealed).not.toContain(secret);
  });
});

describe('refresh tokens', () => {
  it('rotate, and a reused token revokes the whole session', async () => {
    const { grant, device } = await gw.login('agent.ana');
    const first = await gw.call('POST', '/v1/auth/refresh', { body: { refreshToken: grant.tokens.refreshToken, deviceId: device.deviceId } });
    expect(first.status).toBe(200);
    const rotated = first.json as unknown as SessionGrant;
    expect(rotated.tokens.refreshToken).not.toBe(grant.tokens.refreshToken);

    const reuse = await gw.call('POST', '/v1/auth/refresh', { body: { refreshToken: grant.tokens.refreshToken, deviceId: device.deviceId } });
    expect(reuse.status).toBe(401);
    // The family is gone: the rotated refresh token and every access token of the session stop working.
    const afterReuse = await gw.call('POST', '/v1/auth/refresh', { body: { refreshToken: rotated.tokens.refreshToken, deviceId: device.deviceId } });
    expect(afterReuse.status).toBe(401);
    const lookup = await gw.call('POST', '/v1/customers/lookup', {
      token: rotated.tokens.accessToken,
      body: { by: 'customerId', value: 'CUS-000001' },
    });
    expect(lookup.status).toBe(401);
  });

  it('refuses a refresh token presented by another device', async () => {
    const { grant } = await gw.login('agent.ana');
    const answer = await gw.call('POST', '/v1/auth/refresh', { body: { refreshToken: grant.tokens.refreshToken, deviceId: 'some-other-desk' } });
    expect(answer.status).toBe(401);
  });

  it('expire access tokens after 15 minutes', async () => {
    const { token } = await gw.login('agent.ana');
    gw.clock.advance(15 * 60_000 + 1000);
    const answer = await gw.call('POST', '/v1/customers/lookup', { token, body: { by: 'customerId', value: 'CUS-000001' } });
    expect(answer.status).toBe(401);
  });
});

describe('reauth and logout', () => {
  it('unlocks with refresh token and password; a wrong password can be retried', async () => {
    const { grant, device } = await gw.login('agent.ana');
    const wrong = await gw.call('POST', '/v1/auth/reauth', {
      body: { refreshToken: grant.tokens.refreshToken, deviceId: device.deviceId, password: 'not-my-password' },
    });
    expect(wrong.status).toBe(401);
    const right = await gw.call('POST', '/v1/auth/reauth', {
      body: { refreshToken: grant.tokens.refreshToken, deviceId: device.deviceId, password: 'desk-demo-ana-2026' },
    });
    expect(right.status).toBe(200);
    expect((right.json as unknown as SessionGrant).user.username).toBe('agent.ana');
  });

  it('logout revokes the session at once', async () => {
    const { grant } = await gw.login('agent.ana');
    const out = await gw.call('POST', '/v1/auth/logout', { body: { refreshToken: grant.tokens.refreshToken } });
    expect(out.status).toBe(200);
    const lookup = await gw.call('POST', '/v1/customers/lookup', {
      token: grant.tokens.accessToken,
      body: { by: 'customerId', value: 'CUS-000001' },
    });
    expect(lookup.status).toBe(401);
  });
});

describe('rate limiting on auth', () => {
  it('answers 429 past the per-minute limit', async () => {
    const limited = await startGateway({ config: { authRateLimitPerMinute: 3 }, customers: 1 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        statuses.push((await limited.call('POST', '/v1/auth/login', { body: loginBody('agent.ana', 'wrong-password-xx') })).status);
      }
      expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
      expect(statuses.slice(3)).toEqual([429, 429]);
    } finally {
      await limited.close();
    }
  });
});
