// Versioned migrations at start, on the run's engine: a store is migrated once
// and reopened as it is; instances starting together migrate it once between
// them; a store written by a newer gateway is refused; on SQLite, a file of the
// last unversioned gateway (user_version 2) is adopted as "001 applied" with its
// data kept; on PostgreSQL, audit events land in month partitions.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, openStore, PRE_MIGRATION_SCHEMA } from '../../../server/storage/open-store.ts';
import { SQLITE_APPEND_ONLY_TRIGGERS } from '../../../server/storage/append-only.ts';
import { initialSchema } from '../../../server/storage/migrations/001-initial-schema.ts';
import { MIGRATIONS } from '../../../server/storage/migrations/index.ts';
import type { Database as Tables } from '../../../server/storage/tables.ts';
import { openRawDatabase, openRawKysely } from '../../harness/database/raw-database.ts';
import { dropTestDatabase, testDatabaseFor, TEST_ENGINE } from '../../harness/database/test-database.ts';

const dirs: string[] = [];
/** Connections of the tests' own, closed before their databases are dropped. */
const cleanupRaw: Kysely<Tables>[] = [];
afterEach(async () => {
  for (const raw of cleanupRaw.splice(0)) await raw.destroy();
  for (const dir of dirs.splice(0)) {
    await dropTestDatabase(dir);
    rmSync(dir, { recursive: true, force: true });
  }
});
const freshDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'sentinel-migrate-'));
  dirs.push(dir);
  return dir;
};

describe(`migrations (${TEST_ENGINE})`, () => {
  it('applies every migration once, records each, and reopens a current store as it is', async () => {
    const dir = freshDir();
    const database = await testDatabaseFor(dir, { empty: true });
    const store = await openStore({ dataDir: dir, database });
    expect(await store.ready()).toEqual({ ready: true });
    const raw = openRawKysely({ dataDir: dir, database });
    cleanupRaw.push(raw);
    const applied = await raw.selectFrom('schema_migrations').select(['version', 'name']).orderBy('version').execute();
    expect(applied).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    await store.close();
    const again = await openStore({ dataDir: dir, database });
    expect(await raw.selectFrom('schema_migrations').select('version').execute()).toHaveLength(MIGRATIONS.length);
    expect(await again.audit.restoreTriggers()).toEqual({ broken: [], restored: true });
    await again.close();
  });

  it('migrates once when several instances start on one fresh store at the same moment', async () => {
    const dir = freshDir();
    const database = await testDatabaseFor(dir, { empty: true });
    // SQLite is one gateway per file; PostgreSQL instances take turns on an advisory lock.
    const instances = TEST_ENGINE === 'postgres' ? 4 : 1;
    const stores = await Promise.all(Array.from({ length: instances }, () => openStore({ dataDir: dir, database })));
    for (const store of stores) expect(await store.ready()).toEqual({ ready: true });
    const raw = openRawKysely({ dataDir: dir, database });
    cleanupRaw.push(raw);
    expect(await raw.selectFrom('schema_migrations').select('version').execute()).toHaveLength(MIGRATIONS.length);
    await Promise.all(stores.map((s) => s.close()));
  });

  it('refuses a store that a newer gateway migrated', async () => {
    const dir = freshDir();
    const database = await testDatabaseFor(dir, { empty: true });
    await (await openStore({ dataDir: dir, database })).close();
    const raw = await openRawDatabase({ dataDir: dir, database });
    await raw.exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from-the-future', '2030-01-01T00:00:00.000Z')");
    await raw.close();
    await expect(openStore({ dataDir: dir, database })).rejects.toThrow(/migrations 999 .*newer gateway/);
  });
});

describe.runIf(TEST_ENGINE === 'sqlite')('an unversioned SQLite file (user_version 2)', () => {
  it('is adopted as migration 001, keeps its rows and triggers, and gets the later migrations', async () => {
    const dir = freshDir();
    const file = new Database(join(dir, DATABASE_FILE));
    // What the last gateway before migrations left: its schema (migration 001's statements) at user_version 2.
    for (const statement of initialSchema.sqlite) file.exec(statement);
    file.exec(`INSERT INTO users (user_id, username, display_name, roles, password_hash) VALUES ('u-old', 'old.user', 'Old User', '["agent"]', '$argon2id$x');
      PRAGMA user_version = ${PRE_MIGRATION_SCHEMA};`);
    file.close();
    const store = await openStore({ dataDir: dir });
    expect((await store.identity.findUserById('u-old'))?.username).toBe('old.user');
    const raw = openRawKysely({ dataDir: dir, database: undefined });
    cleanupRaw.push(raw);
    const applied = await raw.selectFrom('schema_migrations').select('version').orderBy('version').execute();
    expect(applied.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(await store.heads.get('desk-none')).toBeNull();
    expect(await store.audit.restoreTriggers()).toEqual({ broken: [], restored: true });
    const triggers = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'trigger'`.execute(raw);
    expect(triggers.rows.map((t) => t.name).sort()).toEqual(SQLITE_APPEND_ONLY_TRIGGERS.map((t) => t.name).sort());
    await store.close();
  });
});

describe.runIf(TEST_ENGINE === 'postgres')('audit_events on PostgreSQL', () => {
  it('is range-partitioned by month on event time, with this and next month made and a default for the rest', async () => {
    const dir = freshDir();
    const database = await testDatabaseFor(dir, { empty: true });
    const store = await openStore({ dataDir: dir, database });
    const raw = openRawKysely({ dataDir: dir, database });
    cleanupRaw.push(raw);
    const month = (offset: number): string => {
      const d = new Date();
      return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + offset, 1)).toISOString().slice(0, 7).replace('-', '_');
    };
    const partitions = await sql<{ name: string }>`SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'audit_events'::regclass ORDER BY 1`.execute(raw);
    expect(partitions.rows.map((p) => p.name)).toEqual(['audit_events_default', `audit_events_${month(0)}`, `audit_events_${month(1)}`].sort());
    // The maintenance entry point retention calls ahead of each month: idempotent, and names the partition.
    const made = await sql<{ name: string }>`SELECT sentinel_ensure_audit_partition(now() + interval '2 months') AS name`.execute(raw);
    expect(made.rows[0]?.name).toBe(`audit_events_${month(2)}`);
    await store.close();
  });
});
