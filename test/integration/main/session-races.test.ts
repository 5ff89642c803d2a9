// The desk's session as one state machine, raced and faulted: a lock or logout
// while a refresh is in flight, 429/503/401 on refresh, a refresh token copied
// out of the keychain. Real gateway on 127.0.0.1 behind a fault proxy, real OS
// keychain, real audit queue on a temp SQLite file.
import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sessionProofMessage } from '../../../shared/device-proof.ts';
import type { Result } from '../../../shared/errors.ts';
import { createIdleLock } from '../../../main/idle/idle-lock.ts';
import { secretAccounts } from '../../../main/secrets/secret-store.ts';
import { TestDevice } from '../../harness/device/device.ts';
import { startDesk, type TestDesk } from '../../harness/desk/desk.ts';
import { startFaultProxy, type FaultProxy } from '../../harness/gateway/fault-proxy.ts';
import { startGateway, type RunningGateway } from '../../harness/gateway/gateway.ts';

let gw: RunningGateway;
let proxy: FaultProxy;
const desks: TestDesk[] = [];
beforeAll(async () => {
  gw = await startGateway({ customers: 2, config: { authRateLimitPerMinute: 1000 } });
  proxy = await startFaultProxy(gw.url);
});
afterEach(async () => {
  for (const desk of desks.splice(0)) await desk.close();
});
afterAll(async () => {
  await proxy.close();
  await gw.close();
});

const PASSWORD = 'desk-demo-ana-2026';

async function signedInDesk(options: Parameters<typeof startDesk>[1] = {}): Promise<TestDesk> {
  const desk = await startDesk(proxy.url, { enrolmentToken: gw.enrolment.secret, ...options });
  desks.push(desk);
  expect(await desk.router.handle('session.login', { username: 'agent.ana', password: PASSWORD })).toMatchObject({ ok: true });
  return desk;
}
const refreshAccount = (): string => secretAccounts.refreshToken(new URL(proxy.url).origin, 'agent.ana');
const lookup = (desk: TestDesk): Promise<Result<unknown>> => desk.router.handle('customers.lookup', { by: 'customerId', value: 'CUS-000001' });
/** The access token's session ID (the refresh-token family), read from the JWT the desk holds. */
const familyOf = (desk: TestDesk): string => {
  const token = desk.session.accessToken();
  if (token === null) throw new Error('no access token');
  return (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sid: string }).sid;
};
/** Makes the desk's access token expire at the gateway, so its next call must refresh. */
const expireAccessToken = (): void => {
  gw.clock.advance(16 * 60_000);
};
const refreshesSeen = (): number => proxy.log.filter((entry) => entry.path === '/v1/auth/refresh').length;

describe('a lock or logout always wins over a refresh in flight', () => {
  it('a lock during a refresh stays locked, the next call is refused, and the unlock still works', async () => {
    const desk = await signedInDesk();
    const before = await desk.fixture.keychain.get(refreshAccount());
    expireAccessToken();
    proxy.inject('/v1/auth/refresh', [{ kind: 'hold' }]);
    const inFlight = lookup(desk);
    await proxy.held(); // the gateway has rotated the token; the desk has not heard yet
    expect(await desk.router.handle('session.lock', {})).toMatchObject({ ok: true, value: { status: 'locked' } });
    proxy.release();
    expect(await inFlight).toMatchObject({ ok: false });

    expect(desk.session.state().status).toBe('locked');
    expect(desk.session.accessToken()).toBeNull();
    expect(await lookup(desk)).toMatchObject({ ok: false, error: { code: 'session_locked' } });
    // The rotated token was kept for the unlock (the old one is spent), and the unlock works with it.
    const kept = await desk.fixture.keychain.get(refreshAccount());
    expect(kept).not.toBeNull();
    expect(kept).not.toBe(before);
    expect(await desk.router.handle('session.unlock', { password: PASSWORD })).toMatchObject({ ok: true, value: { status: 'active' } });
    expect(await lookup(desk)).toMatchObject({ ok: true });
  });

  it('a logout during a refresh wins: the rotated token never reaches the keychain, and the gateway ends the session', async () => {
    const desk = await signedInDesk();
    const family = familyOf(desk);
    expireAccessToken();
    proxy.inject('/v1/auth/refresh', [{ kind: 'hold' }]);
    const inFlight = lookup(desk);
    await proxy.held();
    const loggingOut = desk.router.handle('session.logout', {});
    expect(desk.session.state().status).toBe('signed_out');
    proxy.release();
    expect(await loggingOut).toMatchObject({ ok: true });
    expect(await inFlight).toMatchObject({ ok: false });

    expect(desk.session.state().status).toBe('signed_out');
    expect(await desk.fixture.keychain.get(refreshAccount())).toBeNull();
    expect((await gw.gateway.store.identity.findSessionFamily(family))?.revokedAt).not.toBeNull();
  });
});

describe('only a refused refresh token ends the session', () => {
  it('429 and 503 on refresh keep the session and its token; the next call refreshes and is answered', async () => {
    const desk = await signedInDesk();
    const token = await desk.fixture.keychain.get(refreshAccount());
    expireAccessToken();
    proxy.inject('/v1/auth/refresh', [{ kind: 'status', status: 429, retryAfter: '2' }, { kind: 'status', status: 503 }, { kind: 'drop-before' }]);
    expect(await lookup(desk)).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect(await lookup(desk)).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(await lookup(desk)).toMatchObject({ ok: false, error: { code: 'server_unreachable' } });
    expect(desk.session.state().status).toBe('active');
    expect(await desk.fixture.keychain.get(refreshAccount())).toBe(token);

    expect(await lookup(desk)).toMatchObject({ ok: true });
    expect(await desk.fixture.keychain.get(refreshAccount())).not.toBe(token);
  });

  it('a refresh token the gateway refuses ends the session and leaves the keychain', async () => {
    const desk = await signedInDesk();
    await gw.gateway.store.identity.revokeFamily(familyOf(desk), gw.clock.now());
    expect(await lookup(desk)).toMatchObject({ ok: false, error: { code: 'session_expired' } });
    expect(desk.session.state().status).toBe('signed_out');
    expect(await desk.fixture.keychain.get(refreshAccount())).toBeNull();
  });

  it('10 parallel calls after expiry share one refresh, and all are answered', async () => {
    const desk = await signedInDesk();
    expireAccessToken();
    const seen = refreshesSeen();
    const answers = await Promise.all(Array.from({ length: 10 }, () => lookup(desk)));
    expect(answers.every((a) => a.ok)).toBe(true);
    expect(refreshesSeen() - seen).toBe(1);
  });
});

describe('the device key', () => {
  it('a refresh token copied out of the keychain refreshes nothing without the device key, and is not spent', async () => {
    const desk = await signedInDesk();
    const copied = await desk.fixture.keychain.get(refreshAccount());
    if (copied === null) throw new Error('no refresh token in the keychain');
    const thief = new TestDevice(desk.queue.deviceId);
    const answer = await gw.route('refresh', {
      body: thief.sessionProof('refresh', copied, { signWith: generateKeyPairSync('ed25519').privateKey }),
    });
    expect(answer.status).toBe(401);
    expireAccessToken();
    expect(await lookup(desk)).toMatchObject({ ok: true });
  });
});

describe('session.lock(reason) is the one audited path for every lock', () => {
  const lockEvents = (desk: TestDesk) => desk.queue.pending(10_000).filter((entry) => entry.event.type === 'session.lock').map((entry) => entry.event);

  it('manual, idle, OS lock and suspend each write one session.lock event with their reason', async () => {
    const desk = await signedInDesk();
    let idleSeconds = 0;
    const idle = createIdleLock({ idleLockMinutes: 15, idleSeconds: () => idleSeconds, lock: (reason) => desk.session.lock(reason) });
    const unlock = async () => expect(await desk.router.handle('session.unlock', { password: PASSWORD })).toMatchObject({ ok: true });

    expect(await desk.router.handle('session.lock', {})).toMatchObject({ ok: true });
    await unlock();
    idle.check(); // not idle long enough: no lock
    idleSeconds = 15 * 60;
    idle.check();
    idle.check(); // already locked: no second event
    await unlock();
    idle.osLocked();
    await unlock();
    idle.suspended();

    const events = lockEvents(desk);
    expect(events.map((e) => e.details.reason)).toEqual(['manual', 'idle', 'os_lock', 'suspend']);
    for (const event of events) expect(event).toMatchObject({ outcome: 'success', actor: { userId: 'u-agent-ana', username: 'agent.ana' } });
  });

  it('a lock holds even when the audit trail is full, and the failure is reported', async () => {
    const desk = await signedInDesk({ policy: { auditQueueMaxEvents: 1000 } });
    while (desk.queue.canAppend()) desk.queue.append({ type: 'supervisor.view', outcome: 'success', actor: { userId: null, username: null, roles: [] }, target: { kind: 'app', id: 'filler' } });
    expect(await desk.router.handle('session.lock', {})).toMatchObject({ ok: true, value: { status: 'locked' } });
    expect(desk.session.accessToken()).toBeNull();
    expect(desk.reported.length).toBeGreaterThan(0);
  });
});

describe('another process of the OS user, holding the keychain, while the desk is locked (issue 21)', () => {
  it('cannot refresh with the copied refresh token and device key: the desk told the gateway of its lock at once; the desk’s own unlock still works', async () => {
    // On the gateway's clock (earlier tests moved it on): a heartbeat signed too far from it is refused as stale.
    const desk = await signedInDesk({ clockStart: gw.clock.now() });
    const family = familyOf(desk);
    // The desk's timer has reported it active once (no timer runs here after that).
    await desk.sync.sendHeartbeat({ state: 'active', captureProtection: 'unsupported', appVersion: '0.1.0-test' });
    expect(await desk.router.handle('session.lock', {})).toMatchObject({ ok: true, value: { status: 'locked' } });
    // The lock itself sent the signed "locked" heartbeat.
    await expect.poll(async () => (await gw.gateway.store.identity.findSessionFamily(family))?.lockedAt ?? null, { timeout: 15_000 }).not.toBeNull();

    const refreshToken = await desk.fixture.keychain.get(refreshAccount());
    const storedKey = await desk.fixture.keychain.get(secretAccounts.deviceSigningKey(desk.fixture.deviceId));
    if (refreshToken === null || storedKey === null) throw new Error('the keychain holds no session');
    const key = createPrivateKey({ key: Buffer.from(storedKey, 'base64url'), format: 'der', type: 'pkcs8' });
    const signature = sign(null, Buffer.from(sessionProofMessage('refresh', { deviceId: desk.fixture.deviceId, refreshToken }), 'utf8'), key).toString('base64url');
    const stolen = await gw.route('refresh', { body: { refreshToken, deviceId: desk.fixture.deviceId, signature } });
    expect(stolen.status).toBe(401);
    expect(stolen.error?.message).toMatch(/locked/);
    expect((await gw.gateway.alerts.list('open')).some((a) => a.kind === 'locked_session_use' && a.deviceId === desk.fixture.deviceId)).toBe(true);

    expect(await desk.router.handle('session.unlock', { password: PASSWORD })).toMatchObject({ ok: true, value: { status: 'active' } });
    expect(await lookup(desk)).toMatchObject({ ok: true });
  });
});
