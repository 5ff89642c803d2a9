// Issue 25's evidence bundle on both engines: real desks (AuditQueue on a real
// SQLite file, the test keychain, SyncEngine, the log key pinned in policy)
// sync to the gateway; `npm run audit-export` writes the bundle and
// `npm run verify` checks it offline. The verifier accepts it untouched, and
// rejects each tampered copy naming the entry (or checkpoint) at fault.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import { BUNDLE_FILES, type BundleManifest } from '../../../shared/audit-bundle.ts';
import { verifyBundle } from '../../../scripts/audit-verifier/verify-bundle.ts';
import { loadOrCreateSecrets } from '../../../server/secrets.ts';
import { startDesk, type TestDesk } from '../../harness/desk/desk.ts';
import { openRawDatabase } from '../../harness/database/raw-database.ts';
import { SQLITE_APPEND_ONLY_TRIGGERS } from '../../../server/storage/append-only.ts';
import type { RunningGateway } from '../../harness/gateway/gateway.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';
import { resignBundle, signWithOtherKey } from '../../harness/audit-bundle/bundle-rewrite.ts';

const it = gatewayTestWith({ customers: 2, config: { authRateLimitPerMinute: 100_000 } });
const folders: string[] = [];
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'sentinel-bundle-'));
  folders.push(dir);
  return dir;
};

const pinnedDesk = async (gw: RunningGateway, username: string, password: string): Promise<TestDesk> => {
  const pin = (await gw.route('logKey', {})).body;
  const desk = await startDesk(gw.url, { enrolmentToken: gw.enrolment.secret, policy: { auditLog: pin } });
  expect(await desk.router.handle('session.login', { username, password })).toMatchObject({ ok: true });
  return desk;
};

interface Exported {
  readonly dir: string;
  readonly key: string;
  readonly manifest: BundleManifest;
  /** A checkpoint a desk verified during the syncs, before the export. */
  readonly deskCheckpoint: string;
}

let exported: Promise<Exported> | null = null;
/** Two desks sync in several rounds (each batch ack a checkpoint), then the command line exports everything. */
function exportOnce(gw: RunningGateway): Promise<Exported> {
  exported ??= (async () => {
    await using ana = await pinnedDesk(gw, 'agent.ana', 'desk-demo-ana-2026');
    await using second = await pinnedDesk(gw, 'agent.ana', 'desk-demo-ana-2026');
    for (let round = 0; round < 3; round++) {
      for (const desk of [ana, second]) {
        desk.queue.appendSystem({ type: 'app.start', outcome: 'success', actor: { userId: null, username: null, roles: [] }, target: { kind: 'app', id: `0.1.${round}` } });
        expect(await desk.sync.syncNow()).toBe('drained');
        await desk.sync.sendHeartbeat({ state: 'active', captureProtection: 'unsupported', appVersion: '0.1.0-test' });
      }
    }
    const deskCheckpoint = ana.queue.witnessedCheckpoint();
    if (deskCheckpoint === null) throw new Error('the desk holds no checkpoint');
    const dir = join(tempDir(), 'bundle');
    const run = spawnSync(
      process.execPath,
      ['server/audit-export-cli.ts', '--from', '2000-01-01', '--to', '2100-01-01', '--out', dir, '--data', gw.dataDir, ...(gw.database === undefined ? [] : ['--database', gw.database])],
      { encoding: 'utf8' },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, BUNDLE_FILES.manifest), 'utf8')) as BundleManifest;
    return { dir, key: (await gw.route('logKey', {})).body.verifierKey, manifest, deskCheckpoint };
  })();
  return exported;
}

/** A copy of the bundle with `file`'s lines changed by `edit`. */
function tampered(source: string, file: string, edit: (lines: string[]) => string[]): string {
  const dir = join(tempDir(), 'copy');
  cpSync(source, dir, { recursive: true });
  const lines = readFileSync(join(dir, file), 'utf8').split('\n').filter((l) => l !== '');
  writeFileSync(join(dir, file), `${edit(lines).join('\n')}\n`);
  return dir;
}

const entryLines = (dir: string): { i: number; deviceId?: string; seq?: number }[] =>
  readFileSync(join(dir, BUNDLE_FILES.entries), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as { i: number; deviceId?: string });

describe('the exported bundle, verified offline', () => {
  it('verifies untouched from the command line, against the pinned key and the checkpoint a desk verified', async ({ gw }) => {
    const { dir, key, manifest, deskCheckpoint } = await exportOnce(gw);
    expect(manifest.start).toBe(0);
    const checkpointFile = join(tempDir(), 'desk-checkpoint.txt');
    writeFileSync(checkpointFile, deskCheckpoint);
    const run = spawnSync(process.execPath, ['scripts/audit-verifier/verify-cli.ts', dir, '--key', key, '--checkpoint', checkpointFile], { encoding: 'utf8' });
    expect(run.stdout).toMatch(/^VERIFIED: entries 0\.\./m);
    expect(run.stdout).toMatch(/earlier checkpoint\(s\) rebuilt/);
    expect(run.status).toBe(0);
  });

  it.for([
    ['an edited entry', (lines: string[], k: number) => lines.map((l, n) => (n === k ? l.replace('"outcome":"success"', '"outcome":"failure"') : l)), 0],
    ['a deleted entry', (lines: string[], k: number) => lines.filter((_, n) => n !== k), 0],
    ['two swapped entries', (lines: string[], k: number) => lines.map((l, n) => (n === k ? (lines[k + 1] ?? l) : n === k + 1 ? (lines[k] ?? l) : l)), 0],
    ['a truncated tail', (lines: string[]) => lines.slice(0, -2), -2],
  ] as const)('rejects %s, naming its index', async ([, edit, offset], { gw }) => {
    const { dir, key, manifest } = await exportOnce(gw);
    const lines = entryLines(dir);
    // A desk's entry in the middle of the bundle, whose outcome is success.
    const k = lines.findIndex((l, n) => n > lines.length / 3 && l.deviceId !== 'gateway' && l.deviceId !== undefined);
    const expected = offset === 0 ? manifest.start + k : manifest.end + offset;
    const copy = tampered(dir, BUNDLE_FILES.entries, (raw) => edit(raw, k));
    const verdict = await verifyBundle(copy, { keys: [key], earlier: [] });
    expect(verdict.ok).toBe(false);
    expect(verdict.index).toBe(expected);
    expect(verdict.lines.at(-1)).toMatch(new RegExp(`^FAILED at entry ${expected}: `));
  });

  it('rejects an edited checkpoint and a checkpoint signed by another key', async ({ gw }) => {
    const { dir, key } = await exportOnce(gw);
    const edited = tampered(dir, BUNDLE_FILES.checkpoints, (lines) =>
      lines.map((l, n) => {
        if (n !== 1) return l;
        const line = JSON.parse(l) as { size: number; note: string };
        const [origin, size, ...rest] = line.note.split('\n');
        return JSON.stringify({ size: line.size, note: [origin, String(Number(size) + 1), ...rest].join('\n') });
      }),
    );
    const editedVerdict = await verifyBundle(edited, { keys: [key], earlier: [] });
    expect(editedVerdict.ok).toBe(false);
    expect(editedVerdict.lines.at(-1)).toMatch(/checkpoint 2 .*(signature|size)/);

    const foreign = await signWithOtherKey(dir, 1);
    const foreignVerdict = await verifyBundle(foreign, { keys: [key], earlier: [] });
    expect(foreignVerdict.ok).toBe(false);
    expect(foreignVerdict.lines.at(-1)).toMatch(/checkpoint 2 .*(unknown_key|signature_invalid)/);
  });

  it('rejects a rewritten and re-signed bundle given an earlier checkpoint, and a bundle mixing two histories', async ({ gw }) => {
    const { dir, key, deskCheckpoint } = await exportOnce(gw);
    const lines = entryLines(dir);
    const k = lines.findIndex((l) => l.deviceId === 'gateway');
    const logKey = loadOrCreateSecrets(gw.dataDir).logKey;
    // The attacker holds the database and the log key: one gateway entry rewritten, its chain re-hashed, the tree rebuilt, every checkpoint re-signed.
    const rewritten = await resignBundle(dir, join(tempDir(), 'rewritten'), logKey, k);
    expect((await verifyBundle(rewritten, { keys: [key], earlier: [] })).ok).toBe(true);
    const given = await verifyBundle(rewritten, { keys: [key], earlier: [deskCheckpoint] });
    expect(given.ok).toBe(false);
    expect(given.lines.at(-1)).toMatch(/do not rebuild your earlier checkpoint .*rewritten/);

    // The rewritten history's entries under the original's checkpoints.
    const mixed = tampered(dir, BUNDLE_FILES.entries, () => readFileSync(join(rewritten, BUNDLE_FILES.entries), 'utf8').split('\n').filter((l) => l !== ''));
    const verdict = await verifyBundle(mixed, { keys: [key], earlier: [] });
    expect(verdict.ok).toBe(false);
    expect(verdict.index).not.toBeNull();
    expect(verdict.index ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(k);
    expect(verdict.lines.at(-1)).toMatch(/do not rebuild the signed root/);
  });

  // Last: it deletes from the store the other tests exported.
  it('rejects a bundle exported after a desk’s events were deleted from the store, naming the first one', async ({ gw }) => {
    const { dir, key } = await exportOnce(gw);
    const first = entryLines(dir).find((l) => l.deviceId !== 'gateway' && l.deviceId !== undefined);
    if (first?.deviceId === undefined) throw new Error('no desk entry');
    const db = await openRawDatabase(gw);
    try {
      const deletes = `DELETE FROM audit_events WHERE device_id = '${first.deviceId}'; DELETE FROM audit_batches WHERE device_id = '${first.deviceId}'; DELETE FROM device_heads WHERE device_id = '${first.deviceId}';`;
      const guards = SQLITE_APPEND_ONLY_TRIGGERS.filter((t) => ['audit_events_no_delete', 'audit_batches_no_delete', 'device_heads_no_delete'].includes(t.name));
      await db.exec(
        db.engine === 'postgres'
          ? `BEGIN; SET LOCAL session_replication_role = replica; ${deletes} COMMIT;`
          : `${guards.map((g) => `DROP TRIGGER ${g.name};`).join(' ')} ${deletes} ${guards.map((g) => g.sql).join(' ')}`,
      );
    } finally {
      await db.close();
    }
    const again = join(tempDir(), 'after-delete');
    await gw.gateway.auditExport.write({ from: '2000-01-01', to: '2100-01-01' }, again);
    const verdict = await verifyBundle(again, { keys: [key], earlier: [] });
    expect(verdict.ok).toBe(false);
    expect(verdict.index).toBe(first.i);
    expect(verdict.lines.at(-1)).toMatch(/the store no longer holds it.*\(deleted\)/);
  });
});
