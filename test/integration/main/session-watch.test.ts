// main's session watch against a real gateway on 127.0.0.1 (and a fault proxy
// in front of it): a signed-in desk holds one watch; when the session ends on
// the gateway the watch's 401 goes through the usual refresh, which fails, so
// the desk is signed out and tells the renderer; a lock stops the watch and
// frees its place on the gateway; network errors back off, step by step up to
// the cap, and the watch is held again once the gateway is reachable. No desk
// timers run here (no heartbeat, no polls): only the watch can notice.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSessionWatch } from '../../../main/session/session-watch.ts';
import { abortableSleep } from '../../../main/sync/sync-engine.ts';
import { startDesk, type TestDesk } from '../../harness/desk/desk.ts';
import { startFaultProxy, type FaultProxy } from '../../harness/gateway/fault-proxy.ts';
import { startGateway, type RunningGateway } from '../../harness/gateway/gateway.ts';

const HOUR = 3_600_000;
const PASSWORD = 'desk-demo-ana-2026';
const WATCH_PATH = '/v1/session/watch';

let gw: RunningGateway;
let proxy: FaultProxy;
let admin: string;
const desks: TestDesk[] = [];
beforeAll(async () => {
  // Held for a minute, re-checked hourly: within the test only the session's end itself can answer a watch.
  gw = await startGateway({ customers: 2, config: { authRateLimitPerMinute: 1000, sessionWatch: { holdMs: 60_000, recheckMs: HOUR } } });
  proxy = await startFaultProxy(gw.url);
  admin = (await gw.login('admin.ivan')).token;
}, 60_000);
afterEach(async () => {
  for (const desk of desks.splice(0)) await desk.close();
});
afterAll(async () => {
  await proxy.close();
  await gw.close();
});

/** A desk signed in as agent.ana, through the fault proxy unless told to talk to the gateway itself. */
async function signedInDesk(through: 'proxy' | 'direct' = 'proxy'): Promise<TestDesk> {
  const desk = await startDesk(through === 'proxy' ? proxy.url : gw.url, { enrolmentToken: gw.enrolment.secret });
  desks.push(desk);
  expect(await desk.router.handle('session.login', { username: 'agent.ana', password: PASSWORD })).toMatchObject({ ok: true });
  return desk;
}

const setAna = async (action: 'adminDisableUser' | 'adminEnableUser'): Promise<void> => {
  const answer = await gw.route(action, { params: { userId: 'u-agent-ana' }, token: admin, body: { reason: 'Session watch test' } });
  expect(answer.status, answer.text).toBe(200);
};

describe('a signed-in desk', () => {
  it('holds one watch, and is signed out (and tells the renderer) when an admin disables the user', async () => {
    const desk = await signedInDesk();
    await expect.poll(() => gw.gateway.watches.openCount(), { timeout: 20_000 }).toBe(1);
    expect(desk.sessionWatch.running()).toBe(true);
    try {
      await setAna('adminDisableUser');
      await expect.poll(() => desk.session.state().status, { timeout: 20_000 }).toBe('signed_out');
      expect(desk.pushed.filter((p) => p.event === 'session.changed').at(-1)?.payload).toMatchObject({ status: 'signed_out' });
      await expect.poll(() => desk.sessionWatch.running(), { timeout: 20_000 }).toBe(false);
      // The 401 went through the usual refresh, which the ended session failed.
      expect(proxy.log.filter((l) => l.path.startsWith('/v1/auth/refresh')).length).toBeGreaterThanOrEqual(1);
    } finally {
      await setAna('adminEnableUser');
    }
  });

  it('stops watching while locked, freeing its place on the gateway, and watches again once unlocked', async () => {
    // Straight to the gateway: the proxy would keep the abandoned request open upstream.
    const desk = await signedInDesk('direct');
    await expect.poll(() => gw.gateway.watches.openCount(), { timeout: 20_000 }).toBe(1);
    desk.session.lock('manual');
    expect(desk.sessionWatch.running()).toBe(false);
    await expect.poll(() => gw.gateway.watches.openCount(), { timeout: 20_000 }).toBe(0);
    expect(await desk.router.handle('session.unlock', { password: PASSWORD })).toMatchObject({ ok: true });
    await expect.poll(() => gw.gateway.watches.openCount(), { timeout: 20_000 }).toBe(1);
  });
});

describe('through network errors', () => {
  it('backs off step by step up to its cap, then is held again, and still signs the desk out', async () => {
    const desk = await signedInDesk();
    await expect.poll(() => gw.gateway.watches.openCount(), { timeout: 20_000 }).toBe(1);
    // The desk's own watch steps aside (the proxy keeps its request open upstream, so the gateway still counts it);
    // this one records its waits (random() = 1: each wait is its full step).
    await desk.sessionWatch.stop();
    const abandoned = gw.gateway.watches.openCount();
    const waits: number[] = [];
    const watch = createSessionWatch({
      api: desk.api,
      sleep: (ms, signal) => {
        waits.push(ms);
        return abortableSleep(ms, signal);
      },
      random: () => 1,
      retry: { baseMs: 10, capMs: 80 },
      timeoutMs: 120_000,
      report: (error) => {
        throw error;
      },
    });
    proxy.outage(WATCH_PATH, { kind: 'drop-before' });
    try {
      watch.start();
      await expect.poll(() => waits.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(6);
      expect(waits.slice(0, 6)).toEqual([10, 20, 40, 80, 80, 80]);
      expect(desk.session.state().status).toBe('active');
    } finally {
      proxy.outage(WATCH_PATH, null);
    }
    await expect.poll(() => gw.gateway.watches.openCount(), { timeout: 20_000 }).toBe(abandoned + 1);
    try {
      await setAna('adminDisableUser');
      await expect.poll(() => watch.running(), { timeout: 20_000 }).toBe(false);
      expect(desk.session.state().status).toBe('signed_out');
    } finally {
      await watch.stop();
      await setAna('adminEnableUser');
    }
  });
});
