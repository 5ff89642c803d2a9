// Presence and heartbeats attacked over real HTTP on 127.0.0.1: one agent
// speaking for another's desk (in parallel), forged and replayed signatures,
// card numbers in every free-text field, a locked desk with no access token,
// sign-out, a flood of devices, and desks whose audit head goes back, forks,
// claims a cursor the gateway never stored, or never arrives.
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditBatchEntry, Heartbeat } from '../../../shared/api.ts';
import { batchSigningMessage, chainMessage, GENESIS_HASH } from '../../../shared/audit-chain.ts';
import { canonicalJson } from '../../../shared/canonical-json.ts';
import { containsPan } from '../../../shared/pan.ts';
import type { AgentPresence, Alert } from '../../../shared/schemas/supervision.ts';
import { TestDevice } from '../../harness/device/device.ts';
import { startGateway, type RunningGateway } from '../../harness/gateway/gateway.ts';
import { filesAtRest } from '../../harness/database/raw-database.ts';
import { watchStream, type StreamWatcher } from '../../harness/gateway/sse.ts';

let gw: RunningGateway;
let supervisor: string;
let stream: StreamWatcher;
beforeAll(async () => {
  gw = await startGateway({ customers: 2, config: { alerts: { headStallMinutes: 15 } } });
  supervisor = (await gw.login('sup.sara')).token;
  stream = await watchStream(`${gw.url}/v1/supervisor/stream`, supervisor);
});
afterAll(async () => {
  stream.close();
  await gw.close();
});
/** After the clock jumps past the access-token lifetime the supervisor signs in again (and its old stream is closed by the gateway). */
const rewatch = async (): Promise<void> => {
  stream.close();
  supervisor = (await gw.login('sup.sara')).token;
  stream = await watchStream(`${gw.url}/v1/supervisor/stream`, supervisor);
};

const sendHeartbeat = (body: Heartbeat, token?: string) =>
  token === undefined
    ? gw.route('deviceHeartbeat', { body })
    : gw.route('heartbeat', { token, body });
const presenceOf = async (deviceId: string): Promise<AgentPresence | undefined> =>
  ((await gw.route('agents', { token: supervisor })).body).find((a) => a.deviceId === deviceId);
const chainAlerts = async (deviceId: string): Promise<Alert[]> =>
  ((await gw.route('alerts', { query: { status: 'all' }, token: supervisor })).body).filter(
    (a) => a.kind === 'audit_chain_break' && a.deviceId === deviceId,
  );

describe('presence is bound to the device', () => {
  it('refuses, with 403, every heartbeat a session sends for another device, all at once', async () => {
    const anaDesk = new TestDevice();
    const benDesk = new TestDevice();
    const ana = await gw.login('agent.ana', { device: anaDesk });
    const ben = await gw.login('agent.ben', { device: benDesk });
    expect((await sendHeartbeat(benDesk.heartbeat(gw.clock.now()), ben.token)).status).toBe(200);

    const spoofs = await Promise.all(
      Array.from({ length: 12 }, () => sendHeartbeat(anaDesk.heartbeat(gw.clock.now(), { deviceId: benDesk.deviceId, state: 'locked' }), ana.token)),
    );
    expect(spoofs.map((a) => a.status)).toEqual(Array(12).fill(403));
    // Without a token, the device key is the credential: Ana's key does not speak for Ben's desk.
    const forged = await sendHeartbeat(anaDesk.heartbeat(gw.clock.now(), { deviceId: benDesk.deviceId, state: 'locked' }));
    expect(forged.status).toBe(401);
    expect(await presenceOf(benDesk.deviceId)).toMatchObject({ username: 'agent.ben', state: 'active' });
  });

  it('refuses a replayed heartbeat, a stale one, and one changed after signing', async () => {
    const desk = new TestDevice();
    const { token } = await gw.login('agent.ana', { device: desk });
    const captured = desk.heartbeat(gw.clock.now());
    expect((await sendHeartbeat(captured, token)).status).toBe(200);
    const replays = await Promise.all(Array.from({ length: 5 }, () => sendHeartbeat(captured, token)));
    expect(replays.map((a) => a.status)).toEqual(Array(5).fill(409));
    expect((await sendHeartbeat(desk.heartbeat(gw.clock.now(), { sentAt: new Date(gw.clock.now() - 10 * 60_000).toISOString() }), token)).status).toBe(400);
    const changed = { ...desk.heartbeat(gw.clock.now()), state: 'idle' as const };
    expect((await sendHeartbeat(changed, token)).status).toBe(401);
  });

  it('refuses card numbers in every free-text heartbeat field, and never stores or logs them', async () => {
    const desk = new TestDevice();
    const { token } = await gw.login('agent.ana', { device: desk });
    const pans = ['4111 1111 1111 1111', '5555-5555-5555-4444', '378282246310005'];
    const answers = await Promise.all(
      pans.flatMap((pan) => [
        sendHeartbeat(desk.heartbeat(gw.clock.now(), { appVersion: `1.0 ${pan}` }), token),
        sendHeartbeat(desk.heartbeat(gw.clock.now(), { integrity: { status: 'failed', reason: `row ${pan}`, at: 1 } }), token),
        sendHeartbeat(desk.heartbeat(gw.clock.now(), { deviceId: pan.replace(/\D/g, '') }), token),
      ]),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(answers.length).fill(400));
    const login = await gw.call('POST', '/v1/auth/login', {
      body: { username: 'agent.ana', password: 'desk-demo-ana-2026', device: { ...new TestDevice().info(), deviceId: '4111111111111111' } },
    });
    expect(login.status).toBe(400);
    // The log is text: no PAN-like run at all. The database holds HMAC hex whose digit runs can pass Luhn by chance,
    // so it is searched for the numbers sent, in every form they were written.
    expect(containsPan(readFileSync(gw.logPath, 'utf8'))).toBe(false);
    const forms = pans.flatMap((pan) => [pan, pan.replace(/\D/g, '')]);
    for (const file of await filesAtRest(gw)) {
      const bytes = file.bytes.toString('latin1');
      for (const form of forms) expect(bytes.includes(form), `${file.name}: ${form}`).toBe(false);
    }
    expect(containsPan(stream.text())).toBe(false);
  });
});

describe('presence tells the truth', () => {
  it('shows a locked desk as locked, from heartbeats signed by the device key alone, with time in state', async () => {
    const desk = new TestDevice();
    const { token } = await gw.login('agent.ana', { device: desk });
    expect((await sendHeartbeat(desk.heartbeat(gw.clock.now()), token)).status).toBe(200);

    gw.clock.advance(5_000);
    // The lock dropped the access token: no Authorization header at all.
    expect((await sendHeartbeat(desk.heartbeat(gw.clock.now(), { state: 'locked' }))).status).toBe(200);
    const locked = await stream.waitFor((e) => e.type === 'presence' && e.data.deviceId === desk.deviceId && e.data.state === 'locked');
    gw.clock.advance(30_000);
    expect((await sendHeartbeat(desk.heartbeat(gw.clock.now(), { state: 'locked' }))).status).toBe(200);
    const later = await presenceOf(desk.deviceId);
    expect(later?.state).toBe('locked');
    expect(locked.type === 'presence' && later?.stateSince).toBe(locked.type === 'presence' && locked.data.stateSince);
    expect(Date.parse(later?.lastSeenAt ?? '')).toBe(gw.clock.now());
    // The device credential is for a locked desk only.
    expect((await sendHeartbeat(desk.heartbeat(gw.clock.now(), { state: 'active' }))).status).toBe(401);
  });

  it('publishes offline the moment the agent signs out, and refuses the device’s heartbeats after', async () => {
    const desk = new TestDevice();
    const { token, grant } = await gw.login('agent.ana', { device: desk });
    expect((await sendHeartbeat(desk.heartbeat(gw.clock.now()), token)).status).toBe(200);
    expect((await sendHeartbeat(desk.heartbeat(gw.clock.now(), { state: 'locked' }))).status).toBe(200);
    await gw.route('logout', { body: { refreshToken: grant.tokens.refreshToken } });
    await stream.waitFor((e) => e.type === 'presence' && e.data.deviceId === desk.deviceId && e.data.state === 'offline');
    expect((await sendHeartbeat(desk.heartbeat(gw.clock.now(), { state: 'locked' }))).status).toBe(401);
    expect((await sendHeartbeat(desk.heartbeat(gw.clock.now()), token)).status).toBe(401);
  });

  it('bounds the presence map: the stalest offline desk makes room, live desks are never evicted', async () => {
    await using small = await startGateway({ customers: 1, config: { presence: { maxDevices: 2 } } });
    const desks = [new TestDevice(), new TestDevice(), new TestDevice(), new TestDevice()];
    const sessions: Awaited<ReturnType<RunningGateway['login']>>[] = [];
    for (const desk of desks) sessions.push(await small.login('agent.ana', { device: desk }));
    const beat = (i: number) => small.call('POST', '/v1/presence/heartbeat', { token: sessions[i]?.token ?? '', body: desks[i]?.heartbeat(small.clock.now()) });
    expect([(await beat(0)).status, (await beat(1)).status]).toEqual([200, 200]);
    await small.call('POST', '/v1/auth/logout', { body: { refreshToken: sessions[0]?.grant.tokens.refreshToken } });
    expect((await beat(2)).status).toBe(200);
    expect(await small.gateway.presence.size()).toBe(2);
    const flood = await Promise.all([beat(3), beat(3)]);
    expect(flood.map((a) => a.status)).toContain(429);
    expect(await small.gateway.presence.size()).toBe(2);
  });
});

describe('the token-less heartbeat route', () => {
  it('is rate-limited per address, since anyone may call it', async () => {
    await using limited = await startGateway({ customers: 1, config: { presence: { deviceHeartbeatsPerMinutePerIp: 3 } } });
    const desk = new TestDevice();
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => limited.route('deviceHeartbeat', { body: desk.heartbeat(limited.clock.now(), { state: 'locked' }) })),
    );
    expect(answers.filter((a) => a.status === 429)).toHaveLength(5);
    // The three let through were still checked: this device is not enrolled.
    expect(answers.filter((a) => a.status === 401)).toHaveLength(3);
  });
});

/** A chain over other events, signed with the device's own key: what a desk that rewrote its trail would send. */
function rewrittenBatch(desk: TestDevice, count: number) {
  let prevHash = GENESIS_HASH;
  const entries: AuditBatchEntry[] = [];
  for (let seq = 1; seq <= count; seq++) {
    const event = desk.event();
    const hash = createHash('sha256').update(chainMessage(prevHash, seq, canonicalJson(event)), 'utf8').digest('hex');
    entries.push({ seq, prevHash, hash, event });
    prevHash = hash;
  }
  const batchId = randomUUID();
  const signature = desk.sign(batchSigningMessage({ deviceId: desk.deviceId, batchId, firstSeq: 1, lastSeq: count, headHash: prevHash }));
  return { deviceId: desk.deviceId, batchId, entries, signature };
}

describe('the audit head a desk promised', () => {
  const promising = async () => {
    const desk = new TestDevice();
    const { token } = await gw.login('agent.ana', { device: desk });
    const entries = desk.append([desk.event(), desk.event(), desk.event(), desk.event()]);
    expect((await sendHeartbeat(desk.heartbeat(gw.clock.now(), { queueDepth: 4 }), token)).status).toBe(200);
    return { desk, token, entries };
  };
  const critical = async (deviceId: string) => {
    const found = await stream.waitFor((e) => e.type === 'alert' && e.data.deviceId === deviceId && e.data.kind === 'audit_chain_break');
    expect(found.type === 'alert' && found.data.severity).toBe('critical');
    return found.type === 'alert' ? found.data.message : '';
  };

  it('raises a critical alert when a later heartbeat goes back (truncated or replaced trail)', async () => {
    const { desk, token } = await promising();
    await sendHeartbeat(desk.heartbeat(gw.clock.now(), { queueHead: { seq: 2, hash: 'a'.repeat(64) } }), token);
    expect(await critical(desk.deviceId)).toContain('went back from seq 4 to 2');
  });

  it('raises a critical alert when the promised seq comes back with another hash (edited trail)', async () => {
    const { desk, token } = await promising();
    await sendHeartbeat(desk.heartbeat(gw.clock.now(), { queueHead: { seq: 4, hash: 'b'.repeat(64) } }), token);
    expect(await critical(desk.deviceId)).toContain('changed its hash');
  });

  it('raises a critical alert when the desk’s sync cursor is ahead of what the gateway stored (edited cursor)', async () => {
    const { desk, token } = await promising();
    await sendHeartbeat(desk.heartbeat(gw.clock.now(), { syncedThroughSeq: 4, queueDepth: 0 }), token);
    expect(await critical(desk.deviceId)).toContain('sync cursor');
  });

  it('raises a critical alert when a batch contradicts the promised head', async () => {
    const { desk, token } = await promising();
    const answer = await gw.route('auditBatches', { token, body: rewrittenBatch(desk, 4) });
    expect(answer.status).toBe(200);
    expect(await critical(desk.deviceId)).toContain('not the one the desk promised');
  });

  it('raises a critical alert when a promised head is not synced in time while the desk could sync, not while it is locked', async () => {
    const { desk, token } = await promising();
    // Locked for an hour: no token, no sync, no alarm.
    await sendHeartbeat(desk.heartbeat(gw.clock.now(), { state: 'locked' }));
    gw.clock.advance(60 * 60_000);
    await sendHeartbeat(desk.heartbeat(gw.clock.now(), { state: 'locked' }));
    const fresh = (await gw.login('agent.ana', { device: desk })).token;
    await sendHeartbeat(desk.heartbeat(gw.clock.now()), fresh);
    await rewatch();
    expect(await chainAlerts(desk.deviceId)).toHaveLength(0);
    // Unlocked and online for longer than the threshold, and the events still have not come.
    gw.clock.advance(16 * 60_000);
    const refreshed = (await gw.login('agent.ana', { device: desk })).token;
    await rewatch();
    await sendHeartbeat(desk.heartbeat(gw.clock.now()), refreshed);
    expect(await critical(desk.deviceId)).toContain('has not been synced');
    expect(token).not.toBe(refreshed);
  });

  it('raises a critical alert and shows it on the board when the desk reports its trail failed verification', async () => {
    const { desk, token } = await promising();
    await sendHeartbeat(desk.heartbeat(gw.clock.now(), { integrity: { status: 'failed', reason: 'tag at seq 3 (2 verified)', at: gw.clock.now() } }), token);
    expect(await critical(desk.deviceId)).toContain('failed verification');
    expect((await presenceOf(desk.deviceId))?.auditIntegrity).toBe('failed');
  });

  it('raises nothing for a healthy desk that promises, syncs and promises again', async () => {
    const { desk, token, entries } = await promising();
    expect((await gw.route('auditBatches', { token, body: desk.batch(entries) })).status).toBe(200);
    await sendHeartbeat(desk.heartbeat(gw.clock.now(), { syncedThroughSeq: 4 }), token);
    const more = desk.append([desk.event()]);
    await sendHeartbeat(desk.heartbeat(gw.clock.now(), { syncedThroughSeq: 4, queueDepth: 1 }), token);
    expect((await gw.route('auditBatches', { token, body: desk.batch(more) })).status).toBe(200);
    gw.clock.advance(30 * 60_000);
    const fresh = (await gw.login('agent.ana', { device: desk })).token;
    await sendHeartbeat(desk.heartbeat(gw.clock.now(), { syncedThroughSeq: 5 }), fresh);
    await rewatch();
    expect(await chainAlerts(desk.deviceId)).toHaveLength(0);
    expect((await presenceOf(desk.deviceId))?.auditIntegrity).toBe('ok');
  });
});

