// relaxedCommit (the window counters' and access caps' transactions) on the real
// engine: its rows are committed and visible like any other, a failure rolls
// back, and the durable commit level is back for every statement that is not
// its own, including one queued while it runs.
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Storage } from '../../../server/storage/dialect.ts';
import { relaxedCommit } from '../../../server/storage/relaxed-commit.ts';
import { SqliteImmediateDialect } from '../../../server/storage/sqlite-immediate-dialect.ts';
import { dropTestDatabase, testDatabaseFor, TEST_ENGINE } from '../../harness/database/test-database.ts';

interface Tables {
  counters: { n: number };
}

let dir: string;
let storage: Storage<Tables>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sentinel-relaxed-'));
  const url = await testDatabaseFor(dir);
  if (url === undefined) {
    const file = new Database(join(dir, 'relaxed.sqlite'));
    file.pragma('journal_mode = WAL');
    file.pragma('synchronous = FULL');
    storage = { engine: 'sqlite', db: new Kysely<Tables>({ dialect: new SqliteImmediateDialect({ database: file }) }) };
  } else {
    // One connection, so a leaked setting would meet the next statement.
    storage = { engine: 'postgres', db: new Kysely<Tables>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }) }) };
  }
  // The test cluster runs with synchronous_commit off (it lives for one run): this session asks for durable commits, as production does.
  if (storage.engine === 'postgres') await sql`SET synchronous_commit = on`.execute(storage.db);
  await sql`CREATE TABLE counters (n INTEGER NOT NULL)`.execute(storage.db);
});
afterAll(async () => {
  await storage.db.destroy();
  await dropTestDatabase(dir);
  rmSync(dir, { recursive: true, force: true });
});

/** The commit level a statement outside relaxedCommit runs under. */
async function durableLevel(): Promise<string> {
  if (storage.engine === 'sqlite') return String((await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(storage.db)).rows[0]?.synchronous);
  return String((await sql<{ synchronous_commit: string }>`SHOW synchronous_commit`.execute(storage.db)).rows[0]?.synchronous_commit);
}

describe(`relaxedCommit (${TEST_ENGINE})`, () => {
  it('commits rows every connection sees, and leaves the durable level as it was', async () => {
    const before = await durableLevel();
    expect(before).toBe(TEST_ENGINE === 'sqlite' ? '2' : 'on');
    const inside = await relaxedCommit(storage, async (trx) => {
      await trx.insertInto('counters').values({ n: 1 }).execute();
      return storage.engine === 'postgres' ? (await sql<{ s: string }>`SELECT current_setting('synchronous_commit') AS s`.execute(trx)).rows[0]?.s : undefined;
    });
    if (TEST_ENGINE === 'postgres') expect(inside).toBe('off');
    expect(await storage.db.selectFrom('counters').select('n').execute()).toEqual([{ n: 1 }]);
    expect(await durableLevel()).toBe(before);
  });

  it('rolls a failed transaction back and still restores the durable level', async () => {
    const before = await durableLevel();
    await expect(
      relaxedCommit(storage, async (trx) => {
        await trx.insertInto('counters').values({ n: 2 }).execute();
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await storage.db.selectFrom('counters').select('n').where('n', '=', 2).execute()).toEqual([]);
    expect(await durableLevel()).toBe(before);
  });

  it('never lends its level to a statement queued while it runs', async () => {
    const before = await durableLevel();
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started: () => void = () => undefined;
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });
    const relaxed = relaxedCommit(storage, async (trx) => {
      await trx.insertInto('counters').values({ n: 3 }).execute();
      started();
      await held;
    });
    await running;
    const queued = durableLevel();
    release();
    await relaxed;
    expect(await queued).toBe(before);
  });
});
