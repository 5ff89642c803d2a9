// Issue 25 over real HTTP on both engines, with real desks (AuditQueue on a
// real SQLite file, the test keychain, SyncEngine) that pin the gateway's log
// key in their policy:
// - every batch ack carries a receipt the desk verifies before it counts the
//   batch synced, and each heartbeat leaves the desk holding a newer checkpoint;
// - a receipt forged in transit halts sync: the batch stays unsynced and the
//   halt is on the desk's own trail;
// - an attacker with the database and the log key rewrites one old entry,
//   rebuilds the tree and has a new checkpoint signed: every desk that had
//   verified an earlier checkpoint reports the inconsistency at its next
//   heartbeat, with both signed checkpoints, and the gateway raises a critical alert.
import Database from 'better-sqlite3';
import { describe, expect } from 'vitest';
import { parseCheckpointText } from '../../../shared/transparency/checkpoint.ts';
import { parseNote } from '../../../shared/transparency/signed-note.ts';
import { startDesk, type TestDesk } from '../../harness/desk/desk.ts';
import { startFaultProxy } from '../../harness/gateway/fault-proxy.ts';
import type { RunningGateway } from '../../harness/gateway/gateway.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';
import { loggedLeaves, rewriteLoggedEntry } from '../../harness/database/log-rewrite.ts';
import { openRawDatabase } from '../../harness/database/raw-database.ts';
import { toHex } from '../../../shared/transparency/bytes.ts';
import { appendLeaves, EMPTY_EDGE, edgeRoot } from '../../../shared/transparency/tree-edge.ts';
import { EMPTY_ROOT } from '../../../shared/transparency/tree-hash.ts';

const it = gatewayTestWith({ customers: 2, config: { authRateLimitPerMinute: 100_000 } });

const pinnedDesk = async (gw: RunningGateway, url = gw.url): Promise<TestDesk> => {
  const pin = (await gw.route('logKey', {})).body;
  const desk = await startDesk(url, { enrolmentToken: gw.enrolment.secret, policy: { auditLog: pin } });
  expect(await desk.router.handle('session.login', { username: 'agent.ana', password: 'desk-demo-ana-2026' })).toMatchObject({ ok: true });
  return desk;
};
const heartbeat = (desk: TestDesk) => desk.sync.sendHeartbeat({ state: 'active', captureProtection: 'unsupported', appVersion: '0.1.0-test' });
const heldSize = (desk: TestDesk): number => {
  const note = desk.queue.witnessedCheckpoint();
  return note === null ? -1 : parseCheckpointText(parseNote(note).text).size;
};

describe('inclusion receipts and witnessing desks', () => {
  it('a desk verifies each batch receipt before marking it synced, and keeps a newer checkpoint at each heartbeat', async ({ gw }) => {
    await using desk = await pinnedDesk(gw);
    expect(await desk.sync.syncNow()).toBe('drained');
    expect(desk.sync.status()).toMatchObject({ state: 'idle', haltReason: null, queueDepth: 0 });
    await heartbeat(desk);
    const first = heldSize(desk);
    expect(first).toBeGreaterThan(0);
    // More of the desk's own trail, and a second heartbeat: the newer checkpoint is proven consistent and kept.
    desk.queue.appendSystem({ type: 'app.start', outcome: 'success', actor: { userId: null, username: null, roles: [] }, target: { kind: 'app', id: '0.1.0-test' } });
    expect(await desk.sync.syncNow()).toBe('drained');
    await heartbeat(desk);
    expect(heldSize(desk)).toBeGreaterThan(first);
  });

  it('keeps the verified checkpoint across a restart, under the queue’s tag: an edited one counts for nothing', async ({ gw }) => {
    const desk = await pinnedDesk(gw);
    expect(await desk.sync.syncNow()).toBe('drained');
    await heartbeat(desk);
    const held = desk.queue.witnessedCheckpoint();
    expect(held).not.toBeNull();
    await using restarted = await desk.restart();
    expect(restarted.queue.witnessedCheckpoint()).toBe(held);
    // Someone with the desk's files edits the kept checkpoint (an older one would do the same): its tag no longer verifies.
    const db = new Database(restarted.fixture.dbPath);
    try {
      db.prepare("UPDATE meta SET value = 'other.example/log' || substr(value, instr(value, char(10))) WHERE key = 'log_checkpoint'").run();
    } finally {
      db.close();
    }
    expect(restarted.queue.witnessedCheckpoint()).toBeNull();
  });

  it('a receipt forged in transit halts sync: the batch stays unsynced and the halt is on the desk’s trail', async ({ gw }) => {
    const proxy = await startFaultProxy(gw.url);
    try {
      await using desk = await pinnedDesk(gw, proxy.url);
      const pending = desk.queue.status().depth;
      expect(pending).toBeGreaterThan(0);
      // The man in the middle swaps the receipt's root-side sibling for another hash.
      proxy.inject('/v1/audit/batches', [
        {
          kind: 'rewrite',
          edit: (body) => {
            const ack = JSON.parse(body) as { receipt: { proof: { hashes: string[]; treeSize: number; leafIndex: number } } };
            ack.receipt.proof.leafIndex = ack.receipt.proof.leafIndex === 0 ? 1 : 0;
            return JSON.stringify(ack);
          },
        },
      ]);
      expect(await desk.sync.syncNow()).toBe('halted');
      expect(desk.sync.status()).toMatchObject({ state: 'halted', haltReason: 'integrity' });
      const trail = desk.queue.pending(10_000).map((e) => e.event);
      // Nothing was marked synced: every event of the batch is still pending, and the halt follows them.
      expect(trail.length).toBeGreaterThan(pending);
      expect(trail.at(-1)).toMatchObject({ type: 'audit.sync.halted', reason: 'integrity' });
      expect(String(trail.at(-1)?.details.message)).toContain('log receipt');
    } finally {
      await proxy.close();
    }
  });

  it('a rewritten, re-signed log is reported by every desk that had verified an earlier checkpoint, with both checkpoints', async ({ gw }) => {
    await using ana = await pinnedDesk(gw);
    await using other = await pinnedDesk(gw);
    for (const desk of [ana, other]) {
      expect(await desk.sync.syncNow()).toBe('drained');
      await heartbeat(desk);
      expect(heldSize(desk)).toBeGreaterThan(0);
    }
    const before = [ana.queue.witnessedCheckpoint(), other.queue.witnessedCheckpoint()];

    // The attacker (database access and the log key): entry 1 is rewritten, the tree rebuilt over it and re-signed.
    await rewriteLoggedEntry(gw, 1);

    for (const desk of [ana, other]) {
      await heartbeat(desk);
      // The desk keeps what it had verified, and its trail says why, with both signed checkpoints.
      const held = desk.queue.witnessedCheckpoint();
      expect(before).toContain(held);
      const report = desk.queue.pending(10_000).find((e) => e.event.type === 'audit.log_inconsistent');
      expect(report?.event.details).toMatchObject({ held });
      expect(String(report?.event.details.received)).toMatch(/^sentinel-desk\.local\/audit-log\n\d+\n/);
      expect(report?.event.details.received).not.toBe(held);
      expect(await desk.sync.syncNow()).toBe('drained');
    }
    // Critical, on the supervisors' board and in the administrators' workspace alike.
    const ours = (alerts: readonly { kind: string; severity: string; deviceId: string | null }[]) =>
      alerts.filter((a) => a.kind === 'audit_log_inconsistent' && a.severity === 'critical' && [ana.queue.deviceId, other.queue.deviceId].includes(a.deviceId ?? '')).length;
    const supervisor = (await gw.login('sup.sara')).token;
    await expect.poll(async () => ours((await gw.route('alerts', { query: { status: 'all' }, token: supervisor })).body)).toBe(2);
    const admin = (await gw.login('admin.ivan')).token;
    expect(ours((await gw.route('adminAlerts', { token: admin })).body)).toBe(2);
  });

  it('logs the entries of a store from before the log, each once, and the stored tree matches them', async ({ gw }) => {
    await gw.login('agent.ana');
    // The store as migration 015 finds it: entries, and an empty log.
    const raw = await openRawDatabase(gw);
    try {
      await raw.exec(`DELETE FROM tlog_leaves; DELETE FROM tlog_nodes; DELETE FROM tlog_checkpoints; UPDATE tlog_head SET size = 0, root_hash = '${toHex(EMPTY_ROOT)}' WHERE id = 1;`);
      let logged = 0;
      for (let chunk = 1; chunk > 0; logged += chunk) chunk = await gw.gateway.store.transparencyLog.logUnlogged(7);
      const [{ n }] = (await raw.rows<{ n: number }>('SELECT CAST(COUNT(*) AS INTEGER) AS n FROM audit_events')) as [{ n: number }];
      expect(logged).toBe(n);
      expect(await gw.gateway.store.transparencyLog.logUnlogged(7)).toBe(0);
      const leaves = await loggedLeaves(gw);
      expect(leaves).toHaveLength(n);
      const head = await gw.gateway.store.transparencyLog.head();
      expect(head.size).toBe(leaves.length);
      expect(edgeRoot(appendLeaves(EMPTY_EDGE, leaves).edge)).toEqual(head.rootHash);
    } finally {
      await raw.close();
    }
  });
});
