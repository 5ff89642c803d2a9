// The gateway's database opened directly, as a local attacker or a failing disk
// would meet it, on whichever engine the test run uses: the SQLite file with
// better-sqlite3, or the PostgreSQL database as its superuser.
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { DATABASE_FILE, POSTGRES_TYPES } from '../../../server/storage/open-store.ts';
import type { Engine } from '../../../server/storage/dialect.ts';
import type { Database as Tables } from '../../../server/storage/tables.ts';
import { postgresDataDir } from './test-database.ts';

export interface GatewayDatabase {
  readonly dataDir: string;
  readonly database: string | undefined;
}

export interface RawDatabase {
  readonly engine: Engine;
  /** One or more statements, no parameters. */
  exec(script: string): Promise<void>;
  rows<T>(query: string, params?: readonly unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export async function openRawDatabase(target: GatewayDatabase): Promise<RawDatabase> {
  if (target.database === undefined) {
    const db = new Database(join(target.dataDir, DATABASE_FILE));
    return {
      engine: 'sqlite',
      // Inside a promise, so a refused statement is a rejection as on PostgreSQL.
      exec: (script) =>
        new Promise<void>((resolve) => {
          db.exec(script);
          resolve();
        }),
      rows: <T>(query: string, params: readonly unknown[] = []) => new Promise<T[]>((resolve) => resolve(db.prepare(query).all(...params) as T[])),
      close: () => {
        db.close();
        return Promise.resolve();
      },
    };
  }
  const client = new pg.Client({ connectionString: target.database });
  await client.connect();
  return {
    engine: 'postgres',
    exec: async (script) => {
      await client.query(script);
    },
    rows: async <T>(query: string, params: readonly unknown[] = []) => (await client.query(query, [...params])).rows as T[],
    close: () => client.end(),
  };
}

/**
 * The gateway's tables through a Kysely handle on a connection of the test's own (the file, or the database
 * URL), reading values as the gateway does, for typed reads and writes past the repos. `destroy()` it when done.
 */
export function openRawKysely(target: GatewayDatabase): Kysely<Tables> {
  if (target.database === undefined) {
    return new Kysely<Tables>({ dialect: new SqliteDialect({ database: new Database(join(target.dataDir, DATABASE_FILE)) }) });
  }
  const pool = new pg.Pool({ connectionString: target.database, types: POSTGRES_TYPES, max: 1 });
  // pg-pool's end() resolves before its clients' sockets close: the test's DROP DATABASE … WITH (FORCE) right
  // after destroy() can reach a backend still open, whose FATAL 57P01 would then be an uncaught 'error' on a
  // client no one listens to. A query in flight still rejects with it.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
}

let faults = 0;

/**
 * A real fault in the store: inserts into `table` for which `condition` (SQL over NEW) holds fail with
 * `message` until restore().
 */
export async function refuseInserts(target: GatewayDatabase, table: string, condition: string, message: string): Promise<{ restore(): Promise<void> }> {
  const db = await openRawDatabase(target);
  const name = `test_fault_${++faults}`;
  if (db.engine === 'sqlite') {
    await db.exec(`CREATE TRIGGER ${name} BEFORE INSERT ON ${table} WHEN ${condition} BEGIN SELECT RAISE(ABORT, '${message}'); END`);
  } else {
    await db.exec(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '${message}'; END $$;
      CREATE TRIGGER ${name} BEFORE INSERT ON ${table} FOR EACH ROW WHEN (${condition}) EXECUTE FUNCTION ${name}();`);
  }
  return {
    async restore() {
      await db.exec(db.engine === 'sqlite' ? `DROP TRIGGER ${name}` : `DROP TRIGGER ${name} ON ${table}; DROP FUNCTION ${name}();`);
      await db.close();
    },
  };
}

/** PostgreSQL's first object ID for user objects: files numbered below it are the template's own catalogs. */
const FIRST_NORMAL_OBJECT_ID = 16_384;

/**
 * Every file that holds the gateway's data at rest, read whole: its data folder (the SQLite file, WAL and
 * log; or the log alone), and on PostgreSQL, after a CHECKPOINT, its database's files in the cluster and the
 * cluster's WAL. `cluster: 'gateway-relations'` keeps only the files of the gateway's own tables and indexes
 * (no WAL, no catalogs): a scan for arbitrary digit runs would otherwise read PostgreSQL's binary catalogs,
 * which hold such runs of their own from before the gateway existed.
 */
export async function filesAtRest(target: GatewayDatabase, options: { cluster?: 'all' | 'gateway-relations' } = {}): Promise<{ name: string; bytes: Buffer }[]> {
  const read = (dir: string, prefix: string, keep: (name: string) => boolean = () => true) =>
    readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isFile() && keep(entry.name))
      .map((entry) => ({ name: `${prefix}${entry.name}`, bytes: readFileSync(join(dir, entry.name)) }));
  const own = read(target.dataDir, '');
  if (target.database === undefined) return own;
  const db = await openRawDatabase(target);
  try {
    await db.exec('CHECKPOINT');
    const [row] = await db.rows<{ oid: number }>('SELECT oid::int AS oid FROM pg_database WHERE datname = current_database()');
    if (row === undefined) throw new Error('no database oid');
    const cluster = postgresDataDir();
    if (options.cluster === 'gateway-relations') {
      return [...own, ...read(join(cluster, 'base', String(row.oid)), 'pg:base/', (name) => Number.parseInt(name, 10) >= FIRST_NORMAL_OBJECT_ID)];
    }
    return [...own, ...read(join(cluster, 'base', String(row.oid)), 'pg:base/'), ...read(join(cluster, 'pg_wal'), 'pg:pg_wal/')];
  } finally {
    await db.close();
  }
}
