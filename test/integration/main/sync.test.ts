// Sync against the real gateway through a fault proxy on 127.0.0.1. In every
// case each event arrives exactly once, in order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDesk, type TestDesk } from '../../support/desk.ts';
import { startFaultProxy, type FaultProxy } from '../../support/fault-proxy.ts';
import { startGateway, type RunningGateway } from '../../support/gateway.ts';
import { lookupEvent } from '../../support/audit-queue.ts';

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
  const desk = await startDesk(proxy.url, options);
  await desk.session.login({ username: 'agent.ana', password: 'desk-demo-ana-2026' });
  return desk;
}

/** The gateway holds exactly the desk's events: every seq once, in order, with the same IDs. */
async function expectExactlyOnce(desk: TestDesk): Promise<number> {
  const local = new Map<number, string>();
  // Everything the desk appended, read back from its own file.
  const all = await (async () => {
    const db = (await import('better-sqlite3')).default;
    const handle = new db(desk.fixture.dbPath, { readonly: true });
    const count = handle.prepare<[], { n: number }>('SELECT MAX(seq) AS n FROM events').get()?.n ?? 0;
    handle.close();
    return count;
  })();
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

describe('sync through faults', () => {
  it('delivers exactly once through 500s, 429 with Retry-After, dropped connections and slow answers', async () => {
    const desk = await signedInDesk({ batchSize: 5, timeoutMs: 400 });
    try {
      for (let n = 0; n < 40; n++) desk.queue.append(lookupEvent(n));
      proxy.inject('/v1/audit/batches', [
        { kind: 'status', status: 500 },
        { kind: 'status', status: 503 },
        { kind: 'status', status: 429, retryAfter: '1' },
        { kind: 'drop-before' },
        { kind: 'drop-after' },
        { kind: 'slow', delayMs: 800 },
        { kind: 'drop-after' },
        { kind: 'status', status: 408 },
        { kind: 'slow', delayMs: 100 },
      ]);
      const started = Date.now();
      expect(await desk.sync.syncNow()).toBe('drained');
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000); // Retry-After: 1 was honoured
      const faults = proxy.log.filter((l) => l.path.startsWith('/v1/audit/batches')).map((l) => l.fault);
      expect(faults).toEqual(expect.arrayContaining(['status', 'drop-before', 'drop-after', 'slow']));
      await expectExactlyOnce(desk);
      const status = desk.sync.status();
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
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(desk.sync.status().state).toBe('retrying');
      expect(desk.sync.status().oldestUnsyncedAgeMs).toBeGreaterThan(day - 60_000);
      proxy.outage('/v1/audit/batches', null);
      expect(await offline).toBe('drained');
      expect(await expectExactlyOnce(desk)).toBeGreaterThanOrEqual(20_000);
    } finally {
      proxy.outage('/v1/audit/batches', null);
      await desk.close();
    }
  }, 120_000);

  it('halts on 409 and keeps every event; the gateway raised an integrity alert', async () => {
    const desk = await signedInDesk();
    try {
      desk.queue.append(lookupEvent(1));
      expect(await desk.sync.syncNow()).toBe('drained');
      // Forge: rewrite a stored, unsynced row with a valid seal over different content.
      desk.queue.append(lookupEvent(2));
      const Database = (await import('better-sqlite3')).default;
      const db = new Database(desk.fixture.dbPath);
      const last = db.prepare<[], { seq: number }>('SELECT MAX(seq) AS seq FROM events').get()?.seq ?? 0;
      db.prepare('UPDATE events SET hash = ? WHERE seq = ?').run('f'.repeat(64), last);
      db.close();
      expect(await desk.sync.syncNow()).toBe('halted');
      expect(desk.sync.status()).toMatchObject({ state: 'halted', lastError: { code: 'conflict' } });
      expect(desk.queue.status().depth).toBeGreaterThan(0);
      const alerts = (await gw.gateway.alerts.list('open')).filter((a) => a.kind === 'audit_chain_break' && a.deviceId === desk.queue.deviceId);
      expect(alerts).toHaveLength(1);
    } finally {
      await desk.close();
    }
  });

  it('quarantines a batch the gateway refuses as invalid, without deleting it', async () => {
    const desk = await signedInDesk();
    try {
      desk.queue.append(lookupEvent(1));
      proxy.inject('/v1/audit/batches', [{ kind: 'status', status: 422 }]);
      expect(await desk.sync.syncNow()).toBe('halted');
      expect(desk.queue.pending(100).some((e) => e.event.type === 'audit.sync.halted' && e.event.reason === 'quarantined')).toBe(true);
      desk.sync.resume();
      expect(await desk.sync.syncNow()).toBe('drained');
      await expectExactlyOnce(desk);
    } finally {
      await desk.close();
    }
  });

  it('waits offline without a session instead of failing', async () => {
    const desk = await startDesk(proxy.url);
    try {
      desk.queue.append(lookupEvent(1));
      expect(await desk.sync.syncNow()).toBe('offline');
      expect(desk.queue.status().depth).toBeGreaterThan(0);
    } finally {
      await desk.close();
    }
  });
});
