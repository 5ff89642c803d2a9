// Applies the pending migrations at start, all in one transaction, and records
// each in schema_migrations. On PostgreSQL an advisory lock makes instances that
// start together take turns: the second finds the work done.
import { sql, type Transaction } from 'kysely';
import type { Database as Tables } from '../tables.ts';
import { isPermissionDenied, serialise, type Storage } from '../dialect.ts';
import { MIGRATIONS } from './index.ts';
import type { Migration } from './migration.ts';

const MIGRATION_LOCK = 'sentinel:migrations';

export const LATEST_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));

export const MIGRATIONS_TABLE_SQL =
  'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)';

/** Applies what is pending; refuses a store migrated by a newer gateway. Returns the versions applied now. */
export async function migrate(storage: Storage, now: () => Date = () => new Date(), migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  const { db, engine } = storage;
  const apply = async (trx: Transaction<Tables>): Promise<number[]> => {
    await serialise(trx, engine, MIGRATION_LOCK);
    // A gateway running as a role without DDL rights (gateway-role.ts) finds the table made: no CREATE for it to be refused.
    if (!(await migrationsTableExists(trx, engine))) await sql.raw(MIGRATIONS_TABLE_SQL).execute(trx);
    const applied = new Set((await trx.selectFrom('schema_migrations').select('version').execute()).map((r) => r.version));
    const known = new Set(migrations.map((m) => m.version));
    const unknown = [...applied].filter((v) => !known.has(v));
    if (unknown.length > 0) throw new Error(`the store has migrations ${unknown.join(', ')} this gateway does not know; it was written by a newer gateway`);
    const done: number[] = [];
    for (const migration of migrations.filter((m) => !applied.has(m.version))) {
      for (const statement of migration[engine]) await sql.raw(statement).execute(trx);
      await trx.insertInto('schema_migrations').values({ version: migration.version, name: migration.name, applied_at: now().toISOString() }).execute();
      done.push(migration.version);
    }
    return done;
  };
  // On SQLite the transaction begins IMMEDIATE (sqlite-immediate-dialect.ts): two processes opening one
  // new file take turns rather than both read "nothing applied".
  try {
    return await db.transaction().execute(apply);
  } catch (error) {
    if (!isPermissionDenied(error)) throw error;
    throw new Error('the store needs migrating and this database role may not: run npm run migrate as the owner role', { cause: error });
  }
}

async function migrationsTableExists(trx: Transaction<Tables>, engine: Storage['engine']): Promise<boolean> {
  const found =
    engine === 'sqlite'
      ? sql<{ x: number }>`SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`
      : sql<{ x: number }>`SELECT 1 AS x WHERE to_regclass('public.schema_migrations') IS NOT NULL`;
  return (await found.execute(trx)).rows.length > 0;
}

/** Whether every migration this gateway knows is applied (readiness). */
export async function migrationsCurrent(storage: Storage, migrations: readonly Migration[] = MIGRATIONS): Promise<boolean> {
  const rows = await storage.db.selectFrom('schema_migrations').select('version').execute();
  const applied = new Set(rows.map((r) => r.version));
  return migrations.every((m) => applied.has(m.version));
}
