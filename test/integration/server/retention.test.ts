// Audit retention (PCI DSS 10.5.1) on a real store, with a manual clock that
// walks fifteen months (now-14 .. now), recording events and running the daily
// job each month as a gateway would. PostgreSQL: the last three months stay in
// the default search, months four to twelve are detached into audit_archive
// (searchable only explicitly), months past twelve are dropped only once the
// archive step exported them, and the chain verifier still verifies. SQLite:
// every event is kept; the default search still covers three months.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createChainVerifier, type Scheduler } from '../../../server/audit/chain-verifier.ts';
import { createAuditReader } from '../../../server/audit/reports.ts';
import { createAuditRetention } from '../../../server/audit/retention.ts';
import type { Principal } from '../../../server/core/principal.ts';
import { openStore } from '../../../server/storage/open-store.ts';
import type { StoredAuditEvent } from '../../../shared/schemas/supervision.ts';
import { openRawDatabase } from '../../harness/database/raw-database.ts';
import { storeServices } from '../../harness/database/store-services.ts';
import { manualClock } from '../../harness/clock/clock.ts';
import { dropTestDatabase, knownTestDatabase, TEST_ENGINE, testDatabaseFor } from '../../harness/database/test-database.ts';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const undo of cleanup.splice(0).reverse()) await undo();
});

const SUPERVISOR: Principal = { userId: 'u-sup-sara', username: 'sup.sara', roles: ['supervisor'], deviceId: 'dev-sup', familyId: 'fam-1', pendingSetup: [] };
// Fifteen months ending in the real current month, so the partitions migration 001 made for "now" are among them.
const NOW_MONTH = new Date().toISOString().slice(0, 7);
const monthAt = (offset: number): number => {
  const start = new Date(`${NOW_MONTH}-15T12:00:00.000Z`);
  start.setUTCMonth(start.getUTCMonth() + offset);
  return start.getTime();
};
const monthKey = (offset: number): string => new Date(monthAt(offset)).toISOString().slice(0, 7);
const EVENTS_PER_MONTH = 2;

async function retentionStand() {
  const dir = mkdtempSync(join(tmpdir(), 'sentinel-retention-'));
  const database = await testDatabaseFor(dir);
  const store = await openStore({ dataDir: dir, database });
  cleanup.push(async () => {
    await store.close();
    await dropTestDatabase(dir);
    rmSync(dir, { recursive: true, force: true });
  });
  const ticks: (() => void)[] = [];
  const scheduler: Scheduler = { every: (_ms, run) => (ticks.push(run), { cancel: () => ticks.splice(0) }) };
  const clock = manualClock(monthAt(-14));
  const errors: unknown[] = [];
  const { audit, alerts } = storeServices(store, clock, (e) => errors.push(e));
  const verifier = createChainVerifier({ repo: store.audit, devices: store.identity, alerts, intervalMs: 60_000, scheduler, onError: (e) => errors.push(e) });
  const retention = createAuditRetention({ repo: store.retention, clock, audit, alerts, scheduler, onError: (e) => errors.push(e) });
  const reader = createAuditReader({ repo: store.audit, audit, clock, pageBytes: 1_000_000 });
  /** Walks the months -14 .. 0: each month the daily job runs, then the month's events are recorded. */
  const liveThroughFifteenMonths = async () => {
    const passes = [];
    for (let offset = -14; offset <= 0; offset++) {
      clock.set(monthAt(offset));
      passes.push(await retention.runNow());
      for (let i = 0; i < EVENTS_PER_MONTH; i++) {
        await audit.record({ type: 'customer.view', outcome: 'success', actor: SUPERVISOR, target: { kind: 'customer', id: 'CUS-000001' }, details: { month: monthKey(offset) } });
      }
    }
    return passes;
  };
  return { dir, database, store, clock, audit, alerts, verifier, retention, reader, errors, ticks, liveThroughFifteenMonths };
}

/** Every event of a search scope, all pages. */
async function everything(store: Awaited<ReturnType<typeof openStore>>, scope: 'searchable' | 'archive'): Promise<StoredAuditEvent[]> {
  const found: StoredAuditEvent[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.audit.search({ from: '2000-01-01T00:00:00.000Z', limit: 500, ...(cursor === undefined ? {} : { cursor }) }, undefined, scope);
    found.push(...page.events);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return found;
}

const viewedMonths = (events: StoredAuditEvent[]): string[] =>
  [...new Set(events.filter((e) => e.event.type === 'customer.view').map((e) => String(e.event.details.month)))].sort();
const purges = (events: StoredAuditEvent[], action: string): string[] =>
  events.filter((e) => e.event.type === 'audit.purge' && e.event.details.action === action).map((e) => String(e.event.details.month)).sort();
const months = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => monthKey(from + i));

describe.skipIf(TEST_ENGINE !== 'postgres')('PostgreSQL retention by month partitions', () => {
  it('keeps three months searchable, archives months 4-12, drops older months only once archived, and the chain still verifies', async () => {
    const stand = await retentionStand();
    const passes = await stand.liveThroughFifteenMonths();
    const repo = stand.store.retention;
    // The database as its owner meets it, past the gateway.
    const raw = await openRawDatabase({ dataDir: stand.dir, database: stand.database });
    cleanup.push(() => raw.close());

    // Partitions ahead: the current month and the next two have their own, so the default partition stays empty.
    const attached = await repo.attachedMonths();
    expect(attached).toEqual(months(-2, 2));
    const defaultRows = await raw.rows<{ n: number }>('SELECT count(*)::int AS n FROM audit_events_default');
    expect(defaultRows[0]?.n).toBe(0);

    // Months past twelve were not archived: never dropped, and the alert says so.
    expect(passes.flatMap((p) => p.dropped)).toEqual([]);
    expect(passes.at(-1)?.overdue).toEqual(months(-14, -12));
    const overdue = (await stand.alerts.list('open')).filter((a) => a.kind === 'audit_archive_overdue');
    expect(overdue).toHaveLength(1);
    expect(overdue[0]?.severity).toBe('critical');
    expect(await repo.drop(monthKey(-14), new Date(stand.clock.now()).toISOString())).toBe(false);

    // The default search: the last three months only; the archive holds months 4-12 back (and the ones awaiting export).
    const page = await stand.reader.search(SUPERVISOR, { limit: 500 });
    expect(viewedMonths(page.events)).toEqual(months(-2, 0));
    expect(viewedMonths(await everything(stand.store, 'searchable'))).toEqual(months(-2, 0));
    expect(viewedMonths(await everything(stand.store, 'archive'))).toEqual(months(-14, -3));
    expect(await stand.verifier.verifyNow()).toEqual([]);

    // Archived months are still append-only.
    await expect(raw.exec('DELETE FROM audit_archive.audit_events')).rejects.toThrow(/append-only/);
    await expect(raw.exec("UPDATE audit_archive.audit_events SET outcome = 'failure'")).rejects.toThrow(/append-only/);

    // The archive step exports each overdue month, checks its row count, and only then may the job drop it.
    const exportDir = mkdtempSync(join(tmpdir(), 'sentinel-archive-'));
    cleanup.push(() => rmSync(exportDir, { recursive: true, force: true }));
    for (const month of months(-14, -12)) {
      const file = join(exportDir, `audit-${month}.jsonl`);
      const record = await stand.retention.archiveMonth(month, file);
      const lines = readFileSync(file, 'utf8').trim().split('\n');
      expect(lines).toHaveLength(record.rows);
      expect(record.rows).toBeGreaterThanOrEqual(EVENTS_PER_MONTH);
      expect((JSON.parse(lines.at(-1) ?? '{}') as { hash?: string }).hash).toBe(record.last_hash);
    }
    await expect(stand.retention.archiveMonth(monthKey(0), join(exportDir, 'current.jsonl'))).rejects.toThrow(/not detached/);
    const afterArchive = await stand.retention.runNow();
    expect(afterArchive.dropped).toEqual(months(-14, -12));
    expect(afterArchive.overdue).toEqual([]);
    expect(viewedMonths(await everything(stand.store, 'archive'))).toEqual(months(-11, -3));
    const log = await repo.archiveLog();
    expect(log.map((r) => r.month)).toEqual(months(-14, -3));
    expect(log.filter((r) => r.dropped_at !== null).every((r) => r.archived_at !== null)).toBe(true);

    // Dropped months are not tampering: the gateway's chain starts from the end recorded at detach.
    expect(await stand.verifier.verifyNow()).toEqual([]);

    // Each step is on the gateway's chain.
    const trail = [...(await everything(stand.store, 'searchable')), ...(await everything(stand.store, 'archive'))];
    expect(purges(trail, 'detach')).toEqual(months(-14, -3));
    expect(purges(trail, 'archive')).toEqual(months(-14, -12));
    expect(purges(trail, 'drop')).toEqual(months(-14, -12));
    expect(stand.errors).toEqual([]);
  });

  it('two instances running the job at once detach each month once, audited once', async () => {
    const stand = await retentionStand();
    await stand.liveThroughFifteenMonths();
    stand.clock.set(monthAt(1));
    const other = createAuditRetention({ repo: stand.store.retention, clock: stand.clock, audit: stand.audit, alerts: stand.alerts, onError: (e) => stand.errors.push(e) });
    const [a, b] = await Promise.all([stand.retention.runNow(), other.runNow()]);
    expect([...a.detached, ...b.detached]).toEqual([monthKey(-2)]);
    const trail = [...(await everything(stand.store, 'searchable')), ...(await everything(stand.store, 'archive'))];
    expect(purges(trail, 'detach').filter((m) => m === monthKey(-2))).toHaveLength(1);
    expect(await stand.verifier.verifyNow()).toEqual([]);
    expect(stand.errors).toEqual([]);
  });

  it('the archive command exports a detached month, verifies its rows and marks it archived', async () => {
    const stand = await retentionStand();
    await stand.liveThroughFifteenMonths();
    const month = monthKey(-14);
    const out = join(stand.dir, `audit-${month}.jsonl`);
    const url = knownTestDatabase(stand.dir) ?? '';
    const run = spawnSync(process.execPath, ['server/archive-cli.ts', '--database', url, '--month', month, '--out', out, '--data', stand.dir], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const [record] = (await stand.store.retention.archiveLog()).filter((r) => r.month === month);
    expect(record?.archived_at).not.toBeNull();
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(record?.rows ?? -1);
    const again = spawnSync(process.execPath, ['server/archive-cli.ts', '--database', url, '--month', month, '--out', out, '--data', stand.dir], { encoding: 'utf8' });
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/archive failed: .*EEXIST/);
  });

  it('a dropped month cannot hide a deleted event of a kept month', async () => {
    const stand = await retentionStand();
    await stand.liveThroughFifteenMonths();
    const exportDir = mkdtempSync(join(tmpdir(), 'sentinel-archive-'));
    cleanup.push(() => rmSync(exportDir, { recursive: true, force: true }));
    for (const month of months(-14, -12)) await stand.retention.archiveMonth(month, join(exportDir, `${month}.jsonl`));
    await stand.retention.runNow();
    // An insider with database rights removes the first kept month's partition without the job.
    const raw = await openRawDatabase({ dataDir: stand.dir, database: stand.database });
    await raw.exec(`DROP TABLE audit_archive.audit_events_${monthKey(-11).replace('-', '_')}`).finally(() => raw.close());
    const breaks = await stand.verifier.verifyNow();
    expect(breaks.map((b) => b.deviceId)).toContain('gateway');
  });
});

describe.skipIf(TEST_ENGINE !== 'sqlite')('SQLite retention: every event kept, the default search covers three months', () => {
  it('keeps all fifteen months, searches the last three by default and older ones on request, and the chain verifies', async () => {
    const stand = await retentionStand();
    const passes = await stand.liveThroughFifteenMonths();
    expect(passes.every((p) => p.created.length + p.detached.length + p.dropped.length === 0)).toBe(true);
    const page = await stand.reader.search(SUPERVISOR, { limit: 500 });
    expect(viewedMonths(page.events)).toEqual(months(-2, 0));
    const older = await stand.reader.search(SUPERVISOR, { limit: 500, from: new Date(monthAt(-15)).toISOString() });
    expect(viewedMonths(older.events)).toEqual(months(-14, 0));
    await expect(stand.retention.archiveMonth(monthKey(-14), join(stand.dir, 'x.jsonl'))).rejects.toThrow(/SQLite keeps every audit event/);
    expect(await stand.verifier.verifyNow()).toEqual([]);
    expect(stand.errors).toEqual([]);
  });
});
