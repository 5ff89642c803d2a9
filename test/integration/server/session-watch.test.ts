// The held session watch (GET /v1/session/watch) over real HTTP on 127.0.0.1,
// on the run's engine: it answers 401 as soon as its session ends (an admin's
// disable, a lockout by failed sign-ins, a device revocation, a sign-out, a
// reused refresh token), even with the slow re-check an hour away, so only the
// notice can have answered it; the slow re-check alone catches an end no notice told of; a quiet watch
// answers 200 at its hold time, past the slow-loris request timeout; a flood
// of watches from one session is capped with 429; and a watch held on a
// second instance ends when the session ends on the first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayConfigInput } from '../../../server/config.ts';
import { createUser, signInCreated } from '../../harness/gateway/admin.ts';
import { startGateway, startSecondInstance, type RunningGateway } from '../../harness/gateway/gateway.ts';
import type { RouteResponse } from '../../harness/gateway/route-client.ts';

const HOUR = 3_600_000;
const running: RunningGateway[] = [];
afterAll(async () => {
  for (const gw of running.splice(0).reverse()) await gw.close();
});
const gateway = async (config: GatewayConfigInput): Promise<RunningGateway> => {
  const gw = await startGateway({ customers: 2, config: { authRateLimitPerMinute: 100_000, ...config } });
  running.push(gw);
  return gw;
};

/** Opens a watch and resolves once `on` holds it (so what follows cannot be answered by the sign-in check); the answer comes later. */
async function heldWatch(on: RunningGateway, token: string): Promise<{ answer: Promise<RouteResponse<'sessionWatch'>> }> {
  const before = on.gateway.watches.openCount();
  const answer = on.route('sessionWatch', { token });
  await expect.poll(() => on.gateway.watches.openCount(), { timeout: 20_000 }).toBeGreaterThan(before);
  return { answer };
}

describe('a held watch answers 401 the moment its session ends', () => {
  let gw: RunningGateway;
  let admin: string;
  beforeAll(async () => {
    // Held for a minute and re-checked hourly: an answer within the test's time can only come from the session's end itself.
    gw = await gateway({ sessionWatch: { holdMs: 60_000, recheckMs: HOUR } });
    admin = (await gw.login('admin.ivan')).token;
  }, 60_000);

  it('when an admin disables the user', async () => {
    const grant = await createUser(gw, admin, { username: 'agent.watch', roles: ['agent'] });
    const token = await signInCreated(gw, grant);
    const { answer } = await heldWatch(gw, token);
    const disabled = await gw.route('adminDisableUser', { params: { userId: grant.user.userId }, token: admin, body: { reason: 'Left the company today' } });
    expect(disabled.status, disabled.text).toBe(200);
    const watched = await answer;
    expect(watched.status).toBe(401);
    expect(watched.json.error?.code).toBe('unauthenticated');
    expect(gw.gateway.watches.openCount()).toBe(0);
  });

  it('when failed sign-ins lock the account', async () => {
    const grant = await createUser(gw, admin, { username: 'agent.locked', roles: ['agent'] });
    const token = await signInCreated(gw, grant);
    const { answer } = await heldWatch(gw, token);
    for (let i = 0; i < gw.gateway.config.lockout.maxFailedAttempts; i += 1) {
      expect((await gw.attemptLogin('agent.locked', 'not the password at all')).status).toBe(401);
    }
    expect((await answer).status).toBe(401);
  });

  it('when an admin revokes its desk', async () => {
    const { token, device } = await gw.login('agent.ana');
    const { answer } = await heldWatch(gw, token);
    expect((await gw.route('revokeDevice', { params: { deviceId: device.deviceId }, token: admin, body: { reason: 'The laptop was reported stolen' } })).status).toBe(200);
    expect((await answer).status).toBe(401);
  });

  it('when the desk signs out, and not when another session of the same user does', async () => {
    const mine = await gw.login('sup.sara');
    const other = await gw.login('sup.sara');
    const { answer } = await heldWatch(gw, mine.token);
    const { answer: othersWatch } = await heldWatch(gw, other.token);
    expect((await gw.route('logout', { body: { refreshToken: other.grant.tokens.refreshToken } })).status).toBe(200);
    expect((await othersWatch).status).toBe(401);
    expect(gw.gateway.watches.openCount()).toBe(1);
    expect((await gw.route('logout', { body: { refreshToken: mine.grant.tokens.refreshToken } })).status).toBe(200);
    expect((await answer).status).toBe(401);
  });

  it('when a reused refresh token ends the session', async () => {
    const { grant, token, device } = await gw.login('agent.ana');
    const { answer } = await heldWatch(gw, token);
    const proof = (refreshToken: string) => device.sessionProof('refresh', refreshToken);
    expect((await gw.route('refresh', { body: proof(grant.tokens.refreshToken) })).status).toBe(200);
    // The stolen copy comes back: the gateway ends the whole session.
    expect((await gw.route('refresh', { body: proof(grant.tokens.refreshToken) })).status).toBe(401);
    expect((await answer).status).toBe(401);
  });

  it('caps the watches one session holds: the rest get 429 at once, and the held ones still end with the session', async () => {
    const { grant, token } = await gw.login('agent.ana');
    const settled: RouteResponse<'sessionWatch'>[] = [];
    const flood = Array.from({ length: 12 }, () =>
      gw.route('sessionWatch', { token }).then((answer) => {
        settled.push(answer);
        return answer;
      }),
    );
    await expect.poll(() => settled.length, { timeout: 20_000 }).toBe(10);
    for (const refused of settled) {
      expect(refused.status).toBe(429);
      expect(refused.json.error?.code).toBe('rate_limited');
    }
    expect(gw.gateway.watches.openCount()).toBe(2);
    expect((await gw.route('logout', { body: { refreshToken: grant.tokens.refreshToken } })).status).toBe(200);
    expect((await Promise.all(flood)).filter((a) => a.status === 401)).toHaveLength(2);
    expect(gw.gateway.watches.openCount()).toBe(0);
  });
});

describe('the slow re-check and the hold time', () => {
  it('ends a watch whose session ended without a notice (a lost one), at its next re-check', async () => {
    const gw = await gateway({ sessionWatch: { holdMs: 60_000, recheckMs: 200 } });
    const { token } = await gw.login('agent.ana');
    const principal = await gw.gateway.auth.authenticate(token);
    if (principal === null) throw new Error('a fresh token did not authenticate');
    const { answer } = await heldWatch(gw, token);
    // Straight to the store: no notice goes out, as if it were lost.
    await gw.gateway.store.identity.revokeFamily(principal.familyId, gw.clock.now());
    expect((await answer).status).toBe(401);
  });

  it('answers 200 at its hold time, past a request timeout shorter than the hold', async () => {
    const gw = await gateway({ sessionWatch: { holdMs: 1_500, recheckMs: HOUR }, limits: { requestTimeoutMs: 300 } });
    const { token } = await gw.login('agent.ana');
    const { answer } = await heldWatch(gw, token);
    const held = await answer;
    expect(held.status, held.text).toBe(200);
    expect(held.body).toEqual({ status: 'held' });
    expect(gw.gateway.watches.openCount()).toBe(0);
  });

  it('answers before the idle-socket cut-off, however long a hold is configured', async () => {
    const gw = await gateway({ sessionWatch: { holdMs: HOUR, recheckMs: HOUR }, limits: { connectionTimeoutMs: 1_000 } });
    const { token } = await gw.login('agent.ana');
    const held = await gw.route('sessionWatch', { token });
    expect(held.status, held.text).toBe(200);
  });

  it('refuses a watch without a live session', async () => {
    const gw = await gateway({});
    expect((await gw.route('sessionWatch', {})).status).toBe(401);
    expect((await gw.route('sessionWatch', { token: 'not-a-token' })).status).toBe(401);
    expect(gw.gateway.watches.openCount()).toBe(0);
  });
});

describe('across instances', () => {
  it('ends a watch held on B when an admin disables the user on A', async () => {
    const a = await gateway({ sessionWatch: { holdMs: 60_000, recheckMs: HOUR } });
    const b = await startSecondInstance(a);
    running.push(b);
    const admin = (await a.login('admin.ivan')).token;
    const grant = await createUser(a, admin, { username: 'agent.far', roles: ['agent'] });
    const token = await signInCreated(a, grant);
    const { answer } = await heldWatch(b, token);
    expect((await a.route('adminDisableUser', { params: { userId: grant.user.userId }, token: admin, body: { reason: 'Left the company today' } })).status).toBe(200);
    expect((await answer).status).toBe(401);
    expect(b.gateway.watches.openCount()).toBe(0);
  });
});
