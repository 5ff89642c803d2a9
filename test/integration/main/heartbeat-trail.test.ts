// Heartbeats end to end, with the real desk (AuditQueue on a real SQLite file,
// the test keychain, the API client, SyncEngine, desk timers) against a real
// gateway on 127.0.0.1, watched by a supervisor's SSE stream:
// - a desk that quit offline with a backlog, and whose local trail was then
//   truncated, edited, deleted, or whose sync cursor was edited, raises a
//   critical alert on the board with the first heartbeat after it restarts
//   and reconnects; an untouched desk raises none;
// - a locked desk keeps reporting "locked" with the device key alone, and
//   sign-out shows "offline" at once.
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeskTimers } from '../../../main/desk-timers.ts';
import { containsPan } from '../../../shared/pan.ts';
import type { Alert } from '../../../shared/schemas/supervision.ts';
import { lookupEvent, queueFixture, type QueueFixture } from '../../harness/desk/audit-queue.ts';
import { startDesk, type TestDesk } from '../../harness/desk/desk.ts';
import { startFaultProxy, type FaultProxy } from '../../harness/gateway/fault-proxy.ts';
import { startGateway, type RunningGateway } from '../../harness/gateway/gateway.ts';
import { watchStream, type StreamWatcher } from '../../harness/gateway/sse.ts';

let gw: RunningGateway;
/** The first run's network: audit batches stop getting through, so its backlog is still only on the desk when it quits. */
let network: FaultProxy;
let supervisor: string;
let stream: StreamWatcher;
beforeAll(async () => {
  gw = await startGateway({ customers: 2 });
  network = await startFaultProxy(gw.url);
  supervisor = (await gw.login('sup.sara')).token;
  stream = await watchStream(`${gw.url}/v1/supervisor/stream`, supervisor);
});
afterAll(async () => {
  stream.close();
  await network.close();
  await gw.close();
});

const signIn = async (desk: TestDesk): Promise<void> => {
  expect(await desk.router.handle('session.login', { username: 'agent.ana', password: 'desk-demo-ana-2026' })).toMatchObject({ ok: true });
};
const heartbeat = (desk: TestDesk) => desk.sync.sendHeartbeat({ state: 'active', captureProtection: 'unsupported', appVersion: '0.1.0-test' });
const chainAlerts = async (deviceId: string): Promise<Alert[]> =>
  ((await gw.route('alerts', { query: { status: 'all' }, token: supervisor })).body).filter(
    (a) => a.kind === 'audit_chain_break' && a.deviceId === deviceId,
  );

/** Rows past the desk's sync cursor in its queue file: what the gateway has not acknowledged. */
const unsyncedRows = (fixture: QueueFixture): number => {
  const db = new Database(fixture.dbPath, { readonly: true });
  try {
    return db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM events WHERE seq > (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'synced_through_seq')").get()?.n ?? 0;
  } finally {
    db.close();
  }
};

type Tamper = 'untouched' | 'truncated' | 'edited' | 'deleted' | 'cursor' | 'pan-cursor';
/** What the alert must say: each tampering is caught by its own check, not by accident. */
const evidence: Record<Exclude<Tamper, 'untouched'>, string> = {
  truncated: 'went back from seq',
  edited: 'failed verification: tag at seq',
  deleted: 'the queue was replaced',
  // The cursor's HMAC no longer verifies when the desk opens its queue.
  cursor: 'failed verification: cursor at seq',
  'pan-cursor': 'failed verification: cursor at seq',
};
const tampering: Record<Tamper, (fixture: QueueFixture) => void> = {
  untouched: () => undefined,
  // The agent deletes the actions that have not reached the gateway yet.
  truncated: (fixture) => {
    const db = new Database(fixture.dbPath);
    db.prepare("DELETE FROM events WHERE seq > (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'synced_through_seq')").run();
    db.close();
  },
  // One unsynced row's sealed payload is changed.
  edited: (fixture) => {
    const db = new Database(fixture.dbPath);
    db.prepare("UPDATE events SET sealed = randomblob(length(sealed)) WHERE seq = (SELECT CAST(value AS INTEGER) + 2 FROM meta WHERE key = 'synced_through_seq')").run();
    db.close();
  },
  // The whole queue file goes (the keychain and the device ID stay).
  deleted: (fixture) => {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${fixture.dbPath}${suffix}`, { force: true });
  },
  // The cursor is moved to the head: the unsynced events would never be sent.
  cursor: (fixture) => {
    const db = new Database(fixture.dbPath);
    db.prepare("UPDATE meta SET value = (SELECT CAST(MAX(seq) AS TEXT) FROM events) WHERE key = 'synced_through_seq'").run();
    db.close();
  },
  // A cursor that reads as a test card number: the desk's report of it must still be one the gateway accepts.
  'pan-cursor': (fixture) => {
    const db = new Database(fixture.dbPath);
    db.prepare("UPDATE meta SET value = '4111111111111111' WHERE key = 'synced_through_seq'").run();
    db.close();
  },
};

describe('a tampered local trail reaches the supervisor’s board', () => {
  it.each(Object.keys(tampering) as Tamper[])('%s trail: the first heartbeat after the restart decides', async (tamper) => {
    const fixture = queueFixture(`desk-${tamper}-${Math.random().toString(36).slice(2, 8)}`);
    fixture.clock.set(Date.now());
    const first = await startDesk(network.url, { enrolmentToken: gw.enrolment.secret, fixture, quitFlushMs: 200 });
    await signIn(first);
    for (let i = 0; i < 5; i++) first.queue.append(lookupEvent(i));
    expect(await first.sync.syncNow()).toBe('drained');
    // Sync loses the gateway; ten more actions wait on the desk, and the heartbeat promises them.
    network.outage('/v1/audit/batches', { kind: 'refuse' });
    try {
      for (let i = 5; i < 15; i++) first.queue.append(lookupEvent(i));
      await heartbeat(first);
      // Quit's flush cannot reach the gateway either: the backlog stays local.
      await first.shutdown();
    } finally {
      network.outage('/v1/audit/batches', null);
    }
    expect(unsyncedRows(fixture)).toBeGreaterThanOrEqual(10);

    tampering[tamper](fixture);
    // A restart takes time; the gateway refuses a heartbeat signed at the same instant as an earlier one.
    fixture.clock.advance(1_000);

    await using restarted = await startDesk(gw.url, { enrolmentToken: gw.enrolment.secret, fixture });
    await signIn(restarted);
    await heartbeat(restarted);
    if (tamper === 'untouched') {
      expect(await chainAlerts(fixture.deviceId)).toEqual([]);
      return;
    }
    const alert = await stream.waitFor((e) => e.type === 'alert' && e.data.deviceId === fixture.deviceId && e.data.kind === 'audit_chain_break');
    expect(alert.type === 'alert' && alert.data.severity).toBe('critical');
    const message = alert.type === 'alert' ? alert.data.message : '';
    expect(message).toContain(evidence[tamper]);
    expect(containsPan(message)).toBe(false);
    expect(await chainAlerts(fixture.deviceId)).toHaveLength(1);
  });
});

describe('presence from the real desk', () => {
  it('heartbeats on its timer as active, keeps going while locked (device key only), and shows offline at sign-out', async () => {
    const desk = await startDesk(gw.url, { enrolmentToken: gw.enrolment.secret });
    const timers = startDeskTimers({ desk, idleSeconds: () => 0, periods: { idleCheckMs: 60_000, syncMs: 60_000, heartbeatMs: 50, maintenanceMs: 3_600_000 } });
    const seen = (state: string) => (e: (typeof stream.events)[number]) => e.type === 'presence' && e.data.deviceId === desk.fixture.deviceId && e.data.state === state;
    try {
      await signIn(desk);
      await stream.waitFor(seen('active'));
      expect(await desk.router.handle('session.lock', {})).toMatchObject({ ok: true, value: { status: 'locked' } });
      const locked = await stream.waitFor(seen('locked'));
      // It stays locked, and is still heard: lastSeenAt moves on, stateSince does not.
      const before = stream.events.length;
      await stream.waitFor((e) => seen('locked')(e) && stream.events.indexOf(e) >= before);
      const latest = stream.events.filter(seen('locked')).at(-1);
      expect(latest?.type === 'presence' && latest.data.stateSince).toBe(locked.type === 'presence' && locked.data.stateSince);
      expect(await desk.router.handle('session.logout', {})).toMatchObject({ ok: true });
      await stream.waitFor(seen('offline'));
    } finally {
      timers.stop();
      await desk.close();
    }
  });
});
