// Issue 21: with the keychain, the locked desk still opened. Any process of
// the OS user could read the refresh token and the device key, refresh while
// the desk was locked, read a customer and put the rotated token back. Over
// real HTTP on both engines: once the desk's signed heartbeat says "locked",
// the session is locked at the gateway too; its refresh token and access token
// reach nothing (each use recorded and alerted) until the desk unlocks with
// reauth, and a "locked" heartbeat signed before that unlock locks nothing.
import { describe, expect } from 'vitest';
import { TestDevice } from '../../harness/device/device.ts';
import type { RunningGateway } from '../../harness/gateway/gateway.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';

const PASSWORD = 'desk-demo-ana-2026';
const it = gatewayTestWith({ customers: 2, config: { authRateLimitPerMinute: 100_000 } });

/** agent.ana signed in on a new desk, which then locks: its heartbeat, signed by the device key alone, says so. */
async function lockedDesk(gw: RunningGateway) {
  const device = new TestDevice();
  const login = await gw.attemptLogin('agent.ana', PASSWORD, { device });
  expect(login.status, login.text).toBe(200);
  const { accessToken, refreshToken } = login.body.tokens;
  expect((await gw.route('heartbeat', { token: accessToken, body: device.heartbeat(gw.clock.now()) })).status).toBe(200);
  const locked = await gw.route('deviceHeartbeat', { body: device.heartbeat(gw.clock.now(), { state: 'locked' }) });
  expect(locked.status, locked.text).toBe(200);
  return { device, accessToken, refreshToken };
}

const lookup = (gw: RunningGateway, token: string) => gw.route('lookup', { token, body: { by: 'customerId', value: 'CUS-000001' } });
const lockedUseAlerts = async (gw: RunningGateway, deviceId: string) => (await gw.gateway.alerts.list('open')).filter((a) => a.kind === 'locked_session_use' && a.deviceId === deviceId);

describe('a locked session', () => {
  it('refuses every refresh, in parallel, with the stolen refresh token and device key, and the access token it had; each use is on record and alerted', async ({ gw }) => {
    const { device, accessToken, refreshToken } = await lockedDesk(gw);
    const refreshes = await Promise.all(Array.from({ length: 5 }, () => gw.route('refresh', { body: device.sessionProof('refresh', refreshToken) })));
    for (const answer of refreshes) {
      expect(answer.status).toBe(401);
      expect(answer.error?.message).toMatch(/locked/);
    }
    expect((await lookup(gw, accessToken)).status).toBe(401);
    const [alert] = await lockedUseAlerts(gw, device.deviceId);
    expect(alert).toMatchObject({ severity: 'critical', userId: 'u-agent-ana' });
    expect(alert?.occurrences).toBeGreaterThanOrEqual(6);
    const { events } = await gw.gateway.store.audit.search({ userId: 'u-agent-ana', limit: 500 });
    expect(events.filter((e) => e.event.reason === 'session_locked' && e.event.details.deviceId === device.deviceId).length).toBeGreaterThanOrEqual(6);
    // The refresh token was never consumed: the desk's own unlock still works with it.
    const unlocked = await gw.route('reauth', { body: { ...device.sessionProof('reauth', refreshToken), password: PASSWORD } });
    expect(unlocked.status, unlocked.text).toBe(200);
    expect((await lookup(gw, unlocked.body.tokens.accessToken)).status).toBe(200);
  });

  it('stays unlocked after the unlock even when a "locked" heartbeat signed before it arrives late', async ({ gw }) => {
    const { device, refreshToken } = await lockedDesk(gw);
    const late = device.heartbeat(gw.clock.now(), { state: 'locked' });
    gw.clock.advance(1_000);
    const unlocked = await gw.route('reauth', { body: { ...device.sessionProof('reauth', refreshToken), password: PASSWORD } });
    expect(unlocked.status, unlocked.text).toBe(200);
    expect((await gw.route('deviceHeartbeat', { body: late })).status).toBeLessThan(500);
    expect((await lookup(gw, unlocked.body.tokens.accessToken)).status).toBe(200);
    const refreshed = await gw.route('refresh', { body: device.sessionProof('refresh', unlocked.body.tokens.refreshToken) });
    expect(refreshed.status, refreshed.text).toBe(200);
  });

  it('locks again at the next "locked" heartbeat after an unlock', async ({ gw }) => {
    const { device, refreshToken } = await lockedDesk(gw);
    const unlocked = await gw.route('reauth', { body: { ...device.sessionProof('reauth', refreshToken), password: PASSWORD } });
    expect(unlocked.status).toBe(200);
    gw.clock.advance(1_000);
    expect((await gw.route('deviceHeartbeat', { body: device.heartbeat(gw.clock.now(), { state: 'locked' }) })).status).toBe(200);
    expect((await lookup(gw, unlocked.body.tokens.accessToken)).status).toBe(401);
  });
});
