// Sync against the real gateway through a fault proxy on 127.0.0.1. In every
// case each event arrives exactly once, in order; local tampering halts sync;
// quitting is bounded even when the gateway never answers.
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { abortableSleep, SyncEngine } from '../../../main/sync/sync-engine.ts';
import { startDesk, type TestDesk } from '../../harness/desk/desk.ts';
import { startFaultProxy, type FaultProxy } from '../../harness/gateway/fault-proxy.ts';
import { startGateway, type RunningGateway } from '../../harness/gateway/gateway.ts';
import { lookupEvent } from '../../harness/desk/audit-queue.ts';

let gw: RunningGateway;
let proxy: FaultProxy;
beforeAll(async () => {
  // The gateway's clock stands still here, so an ingest quota window never rolls over: size it for the 20,000-event backlog.
  gw = await startGateway({ customers: 2, config: { audit: { quotas: [{ windowSeconds: 10, maxEvents: 100_000, maxBytes: 256 * 1024 * 1024 }] } } });
  proxy = await startFaultProxy(gw.url);
});
afterAll(async () => {
  await proxy.close();
  await gw.close();
});

async function signedInDesk(options: Parameters<typeof startDesk>[1] = {}): Promise<TestDesk> {
  const desk = await startDesk(proxy.url, { enrolmentToken: gw.enrolment.secret, ...options });
  await desk.session.login({ username: 'agent.ana', password: 'desk-demo-ana-2026' });
  return desk;
}

/** The gateway holds exactly the desk's events: every seq once, in order, with the same IDs. */
async function expectExactlyOnce(desk: TestDesk): Promise<number> {
  const local = new Map<number, string>();
  // Everything the desk appended, read back from its own file.
  const all = desk.queue.chainHead().seq;
  const server = (await gw.gateway.store.audit.search({ limit: 500 })).events; // newest first
  const fromServer: { seq: number; id: string }[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await gw.gateway.store.audit.search({ limit: 500, ...(cursor ? { cursor } : {}) });
    fromServer.push(...page.events.filter((e) => e.deviceId === desk.queue.deviceId).map((e) => ({ seq: e.seq, id: e.event.id })));
    if (page.nextCursor === null) break;
    cursor = page.nextCursor;
  }
  expect(server.length).toBeGreaterThan(0);
  const seqs = fromServer.map((e) => e.seq).sort((a, b) => a - b);
  expect(seqs).toEqual(Array.from({ length: all }, (_, i) => i + 1));
  for (const entry of fromServer) local.set(entry.seq, entry.id);
  expect(local.size).toBe(all);
  expect(desk.queue.status().depth).toBe(0);
  return all;
}

/** A sync engine over the desk's own queue and API client whose waits are recorded (and still real, and abortable). */
function recordingEngine(desk: TestDesk, backoff = { baseMs: 20, capMs: 200 }): { engine: SyncEngine; waits: number[] } {
  const waits: number[] = [];
  const engine = new SyncEngine({
    source: desk.queue,
    api: desk.api,
    clock: desk.fixture.clock,
    sleep: (ms, signal) => {
      waits.push(ms);
      return abortableSleep(ms, signal);
    },
    random: Math.random,
    batchSize: 5,
    backoff,
  });
  return { engine, waits };
}

const forgeRow = (desk: TestDesk, seq: number): void => {
  const db = new Database(desk.fixture.dbPath);
  db.prepare('UPDATE events SET hash = ? WHERE seq = ?').run('f'.repeat(64), seq);
  db.close();
};

describe('sync through faults', () => {
  it('delivers exactly once through 500s, 429 with Retry-After, dropped connections and slow answers', async () => {
    // The desk's one request timeout (sign-in included: it hashes a password) that a loaded machine stays well inside, and one slow answer past it.
    const desk = await signedInDesk({ batchSize: 5, timeoutMs: 3_000 });
    const { engine, waits } = recordingEngine(desk);
    try {
      for (let n = 0; n < 40; n++) desk.queue.append(lookupEvent(n));
      proxy.inject('/v1/audit/batches', [
        { kind: 'status', status: 500 },
        { kind: 'status', status: 503 },
        { kind: 'status', status: 429, retryAfter: '1' },
        { kind: 'drop-before' },
        { kind: 'drop-after' },
        { kind: 'slow', delayMs: 4_000 },
        { kind: 'drop-after' },
        { kind: 'status', status: 408 },
        { kind: 'slow', delayMs: 100 },
      ]);
      expect(await engine.syncNow()).toBe('drained');
      // Backoff is capped at 200 ms here, so the one wait of a second or more is the 429's Retry-After: 1.
      expect(waits.filter((ms) => ms >= 1000)).toEqual([1000]);
      expect(waits.filter((ms) => ms < 1000).every((ms) => ms <= 200)).toBe(true);
      const faults = proxy.log.filter((l) => l.path.startsWith('/v1/audit/batches')).map((l) => l.fault);
      expect(faults).toEqual(expect.arrayContaining(['status', 'drop-before', 'drop-after', 'slow']));
      await expectExactlyOnce(desk);
      const status = engine.status();
      expect(status).toMatchObject({ state: 'idle', queueDepth: 0 });
      expect(status.lastError?.code).toBeTypeOf('string');
    } finally {
      await desk.close();
    }
  }, 60_000);

  it('delivers a 24-hour offline backlog of 20,000 events, exactly once and in order', async () => {
    const day = 86_400_000;
    const start = Date.now() - day;
    const desk = await signedInDesk({ batchSize: 500, clockStart: start });
    try {
      proxy.outage('/v1/audit/batches', { kind: 'refuse' });
      for (let n = 0; n < 20_000; n++) {
        desk.fixture.clock.set(start + Math.floor((n * day) / 20_000));
        desk.queue.append(lookupEvent(n));
      }
      desk.fixture.clock.set(Date.now());
      const offline = desk.sync.syncNow();
      await vi.waitFor(() => expect(desk.sync.status().state).toBe('retrying'), { timeout: 10_000 });
      expect(desk.sync.status().oldestUnsyncedAgeMs).toBeGreaterThan(day - 60_000);
      proxy.outage('/v1/audit/batches', null);
      expect(await offline).toBe('drained');
      expect(await expectExactlyOnce(desk)).toBeGreaterThanOrEqual(20_000);
    } finally {
      proxy.outage('/v1/audit/batches', null);
      await desk.close();
    }
  }, 300_000); // 20,000 fsynced appends: minutes on a busy shared disk

  it('halts on a row tampered while the desk runs: sends the verified prefix only, records the halt, refuses customers, and stays halted after a restart', async () => {
    let desk = await signedInDesk();
    try {
      desk.queue.append(lookupEvent(1));
      expect(await desk.sync.syncNow()).toBe('drained');
      const synced = desk.queue.chainHead().seq;
      for (let n = 2; n < 6; n++) desk.queue.append(lookupEvent(n));
      forgeRow(desk, synced + 3);
      expect(await desk.sync.syncNow()).toBe('halted');
      expect(desk.sync.status()).toMatchObject({ state: 'halted', haltReason: 'integrity', lastError: { code: 'audit_integrity' } });
      expect(desk.queue.integrity()).toMatchObject({ status: 'failed', reason: `hash at seq ${synced + 3}; clearance ${desk.queue.integrityClearance() ?? ''}` });
      // The gateway has the verified rows and nothing from the forged one on.
      const atGateway = (await gw.gateway.store.audit.search({ limit: 500 })).events.filter((e) => e.deviceId === desk.queue.deviceId).map((e) => e.seq);
      expect(Math.max(...atGateway)).toBe(synced + 2);
      const stored = desk.queue.readStored().map((r) => r.event?.type);
      expect(stored).toEqual(expect.arrayContaining(['audit.integrity.failure', 'audit.sync.halted']));
      expect(await desk.router.handle('customers.lookup', { by: 'customerId', value: 'CUS-000001' })).toMatchObject({ ok: false, error: { code: 'audit_integrity' } });
      expect(await desk.router.handle('customers.get', { customerId: 'CUS-000001' })).toMatchObject({ ok: false, error: { code: 'audit_integrity' } });

      desk = await desk.restart();
      expect(desk.queue.integrity()).toMatchObject({ status: 'failed' });
      expect(await desk.sync.syncNow()).toBe('halted');
      await desk.session.login({ username: 'agent.ana', password: 'desk-demo-ana-2026' });
      expect(await desk.router.handle('customers.lookup', { by: 'customerId', value: 'CUS-000001' })).toMatchObject({ ok: false, error: { code: 'audit_integrity' } });
    } finally {
      await desk.close();
    }
  });

  it('after IT clears the failure through policy, the new chain continues where the gateway stopped and syncs', async () => {
    let desk = await signedInDesk();
    try {
      desk.queue.append(lookupEvent(1));
      expect(await desk.sync.syncNow()).toBe('drained');
      desk.queue.append(lookupEvent(2));
      forgeRow(desk, desk.queue.chainHead().seq);
      expect(await desk.sync.syncNow()).toBe('halted');
      const code = desk.queue.integrityClearance();
      desk = await desk.restart({ policy: { auditIntegrityClearance: code } });
      expect(desk.queue.integrity()).toEqual({ status: 'ok' });
      await desk.session.login({ username: 'agent.ana', password: 'desk-demo-ana-2026' });
      expect(await desk.sync.syncNow()).toBe('drained');
      const cleared = (await gw.gateway.store.audit.search({ limit: 500, type: 'audit.integrity.cleared' })).events.filter((e) => e.deviceId === desk.queue.deviceId);
      expect(cleared).toHaveLength(1);
      expect((await desk.router.handle('customers.lookup', { by: 'customerId', value: 'CUS-000001' })).ok).toBe(true);
    } finally {
      await desk.close();
    }
  });

  it('halts on 409 when the local trail was deleted and started over; the gateway raised an integrity alert', async () => {
    let desk = await signedInDesk();
    try {
      for (let n = 0; n < 3; n++) desk.queue.append(lookupEvent(n));
      expect(await desk.sync.syncNow()).toBe('drained');
      const { dbPath } = desk.fixture;
      desk = await desk.restart({
        // Between the two starts the agent deletes the queue file: the desk starts a fresh chain at seq 1.
        fixture: (() => {
          for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true });
          return desk.fixture;
        })(),
      });
      await desk.session.login({ username: 'agent.ana', password: 'desk-demo-ana-2026' });
      expect(await desk.sync.syncNow()).toBe('halted');
      expect(desk.sync.status()).toMatchObject({ state: 'halted', haltReason: 'chain_rejected', lastError: { code: 'conflict' } });
      expect(desk.queue.status().depth).toBeGreaterThan(0);
      const alerts = (await gw.gateway.alerts.list('open')).filter((a) => a.kind === 'audit_chain_break' && a.deviceId === desk.queue.deviceId);
      expect(alerts).toHaveLength(1);
    } finally {
      await desk.close();
    }
  });

  it('quarantines a batch the gateway refuses as invalid, without deleting it; a restart sends it again', async () => {
    let desk = await signedInDesk();
    try {
      desk.queue.append(lookupEvent(1));
      proxy.inject('/v1/audit/batches', [{ kind: 'status', status: 422 }]);
      expect(await desk.sync.syncNow()).toBe('halted');
      expect(desk.sync.status().haltReason).toBe('quarantined');
      expect(desk.queue.pending(100).some((e) => e.event.type === 'audit.sync.halted' && e.event.reason === 'quarantined')).toBe(true);
      expect(await desk.sync.syncNow()).toBe('halted');
      desk = await desk.restart();
      await desk.session.login({ username: 'agent.ana', password: 'desk-demo-ana-2026' });
      expect(await desk.sync.syncNow()).toBe('drained');
      await expectExactlyOnce(desk);
    } finally {
      await desk.close();
    }
  });

  it('waits offline without a session instead of failing', async () => {
    await using desk = await startDesk(proxy.url, { enrolmentToken: gw.enrolment.secret });
    desk.queue.append(lookupEvent(1));
    expect(await desk.sync.syncNow()).toBe('offline');
    expect(desk.queue.status().depth).toBeGreaterThan(0);
  });
});

describe('quitting while the gateway is unreachable', () => {
  it('a backoff wait ends as soon as sync is stopped', async () => {
    const desk = await signedInDesk();
    const { engine, waits } = recordingEngine(desk, { baseMs: 600_000, capMs: 600_000 });
    try {
      desk.queue.append(lookupEvent(1));
      proxy.outage('/v1/audit/batches', { kind: 'refuse' });
      const run = engine.syncNow();
      await vi.waitFor(() => expect(waits.length).toBeGreaterThan(0));
      engine.stop();
      // Without an abortable sleep this waits up to ten minutes; the test's timeout would fail it.
      expect(await run).toBe('stopped');
    } finally {
      proxy.outage('/v1/audit/batches', null);
      await desk.close();
    }
  }, 20_000);

  it('shutdown() returns within its flush bound when the gateway accepts and never answers', async () => {
    const desk = await signedInDesk({ timeoutMs: 600_000, quitFlushMs: 300 });
    try {
      desk.queue.append(lookupEvent(1));
      proxy.outage('/v1/audit/batches', { kind: 'hang' });
      void desk.sync.syncNow();
      await vi.waitFor(() => expect(proxy.log.some((l) => l.fault === 'hang')).toBe(true));
      await desk.shutdown();
      // Closed and nothing lost: the stop is on record and the unsent event is still queued for the next start.
      const reopened = await desk.fixture.open();
      expect(reopened.readStored().some((r) => r.event?.type === 'app.stop')).toBe(true);
      expect(reopened.pending(100).some((e) => e.event.type === 'customer.lookup')).toBe(true);
      reopened.close();
    } finally {
      proxy.outage('/v1/audit/batches', null);
      await desk.fixture.keychain.cleanup();
    }
  }, 20_000);
});
