// One SQLite file opened by several processes at once, attacked the way an
// operator's hands do it: eight admin CLIs on one empty folder, four CLIs
// against a gateway under load on the same file, a process killed at every
// moment of its first open, and old files the gateway must refuse untouched.
// The promise (open-store.ts, sqlite-immediate-dialect.ts): a second process
// waits its turn instead of failing "database is locked" (the CLI's exit 1),
// a refused file is left exactly as it was, and a file left by a killed
// process is migrated by the next open.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, openStore } from '../../../server/storage/open-store.ts';
import { TestDevice } from '../../harness/device/device.ts';
import { startGateway } from '../../harness/gateway/gateway.ts';
import { TEST_ENGINE } from '../../harness/database/test-database.ts';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '../../../server/admin-cli.ts');
const folders: string[] = [];
const folder = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'sentinel-shared-file-'));
  folders.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function admin(args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await run(process.execPath, [CLI, ...args], { timeout: 60_000 });
    return { code: 0, stderr };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, stderr: failed.stderr };
  }
}

/** The tables, indexes and triggers of a file, by name. */
const schemaOf = (file: string): string[] => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare("SELECT type || ':' || name AS n FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY 1").all() as { n: string }[]).map((r) => r.n);
  } finally {
    db.close();
  }
};

/** How far a killed first open got: the migrations it recorded. */
const stageOf = (file: string): string => {
  const db = new Database(file, { readonly: true });
  try {
    // A kill mid-write can leave a journal or WAL that only a writer may recover: the next open's job, not this probe's.
    if (needsWriterRecovery(db)) return 'an interrupted write that only a writer can recover';
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'schema_migrations'").get() !== undefined;
    if (!table) return `an unstamped file (user_version ${String(db.pragma('user_version', { simple: true }))})`;
    const applied = (db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]).map((r) => r.version);
    return `migrations [${applied.join(',')}]`;
  } finally {
    db.close();
  }
};

function needsWriterRecovery(db: Database.Database): boolean {
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return false;
  } catch (error) {
    if (error instanceof Database.SqliteError && error.code.startsWith('SQLITE_READONLY')) return true;
    throw error;
  }
}

describe.runIf(TEST_ENGINE === 'sqlite')('processes sharing one SQLite file', () => {
  it('creates one admin when eight CLIs race on an empty folder; the other seven refuse with exit 2, none fails', async () => {
    const dir = folder();
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => admin(['create-admin', `racer.n${i}`, '--data', dir])));
    expect(answers.map((x) => x.code).sort(), answers.map((x) => x.stderr).join('')).toEqual([0, 2, 2, 2, 2, 2, 2, 2]);
    const store = await openStore({ dataDir: dir });
    expect(await store.admin.listAccounts()).toHaveLength(1);
    await store.close();
  });

  it('lets four CLIs take turns with a gateway writing on the same file under load: every CLI refuses cleanly, no request fails', async () => {
    const gw = await startGateway({ config: { authRateLimitPerMinute: 100_000, limits: { connectionsPerIp: 1_000 } }, customers: 2 });
    try {
      let loading = true;
      const statuses: number[] = [];
      // Failed sign-ins write on every step (challenge, window hits, audit, alerts); challenges write too.
      const load = Promise.all(Array.from({ length: 4 }, async (_, lane) => {
        for (let i = 0; loading; i++) {
          const answer = await gw.attemptLogin(`load.lane${lane}n${i}`, 'Wrong password for the load 7', { device: new TestDevice() });
          statuses.push(answer.status);
        }
      }));
      const answers = await Promise.all(['side.one', 'side.two', 'side.three', 'side.four'].map((name) => admin(['create-admin', name, '--data', gw.dataDir])));
      loading = false;
      await load;
      // The demo seed has accounts: each CLI must refuse with exit 2, never fail on a lock (exit 1).
      expect(answers.map((x) => x.code), answers.map((x) => x.stderr).join('')).toEqual([2, 2, 2, 2]);
      expect(statuses.length).toBeGreaterThan(0);
      expect(statuses.filter((s) => s !== 401)).toEqual([]);
    } finally {
      await gw.close();
    }
  });

  it('migrates, at the next open, a new file whose first opener was killed at any moment', async () => {
    const reference = folder();
    await (await openStore({ dataDir: reference })).close();
    const expected = schemaOf(join(reference, DATABASE_FILE));
    const outcomes: string[] = [];
    // The kill lands at staggered moments after the file appears: while it is classified, stamped and migrated.
    for (let offset = 0; offset <= 36; offset += 3) {
      const dir = folder();
      const file = join(dir, DATABASE_FILE);
      const child = spawn(process.execPath, [CLI, 'create-admin', 'killed.admin', '--data', dir], { stdio: 'ignore' });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      while (!existsSync(file) && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 1));
      await new Promise((resolve) => setTimeout(resolve, offset));
      child.kill('SIGKILL');
      await exited;
      const stage = stageOf(file);
      const store = await openStore({ dataDir: dir });
      try {
        expect(await store.ready()).toEqual({ ready: true });
        const admins = (await store.admin.listAccounts()).length;
        outcomes.push(`+${offset} ms: killed at ${stage}, ${admins} admin`);
      } finally {
        await store.close();
      }
      expect(schemaOf(join(dir, DATABASE_FILE))).toEqual(expected);
      // And the CLI run again does its job: exit 0 if the killed one created no admin, 2 if it did.
      const again = await admin(['create-admin', 'second.try', '--data', dir]);
      expect([0, 2], again.stderr).toContain(again.code);
    }
    expect(outcomes).toHaveLength(13);
  }, 180_000);

  for (const mode of ['delete', 'wal'] as const) {
    it(`refuses a file of store schema 3 in ${mode} journal mode and leaves its bytes and journal mode exactly as they were`, async () => {
      const dir = folder();
      const file = join(dir, DATABASE_FILE);
      const old = new Database(file);
      old.pragma(`journal_mode = ${mode}`);
      old.exec("CREATE TABLE users (user_id TEXT PRIMARY KEY, username TEXT NOT NULL); INSERT INTO users VALUES ('u-3', 'three.user'); PRAGMA user_version = 3;");
      old.close();
      const before = readFileSync(file);
      await expect(openStore({ dataDir: dir })).rejects.toThrow(/store schema 3; this gateway reads schema 2/);
      // A second refusal, as an operator retrying would get.
      await expect(openStore({ dataDir: dir })).rejects.toThrow(/store schema 3/);
      expect(readFileSync(file).equals(before)).toBe(true);
      const after = new Database(file, { readonly: true });
      try {
        expect(after.pragma('journal_mode', { simple: true })).toBe(mode);
        expect(after.pragma('user_version', { simple: true })).toBe(3);
        expect(after.prepare("SELECT name FROM sqlite_master WHERE name = 'schema_migrations'").all()).toEqual([]);
      } finally {
        after.close();
      }
    });
  }
});
