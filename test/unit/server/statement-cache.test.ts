// The SQLite statement cache on a real better-sqlite3 database: one statement per
// SQL text, reused; the least recently used text falls out past the capacity;
// a cached statement follows a schema change; Kysely over it reads and writes.
import Database from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { SqliteImmediateDialect } from '../../../server/storage/sqlite-immediate-dialect.ts';
import { withStatementCache } from '../../../server/storage/statement-cache.ts';

const countingDatabase = () => {
  const raw = new Database(':memory:');
  const prepared: string[] = [];
  const counting = {
    close: () => raw.close(),
    prepare: (text: string) => {
      prepared.push(text);
      return raw.prepare(text);
    },
  };
  return { raw, prepared, counting };
};

describe('withStatementCache', () => {
  it('prepares each SQL text once and hands back the same statement', () => {
    const { prepared, counting } = countingDatabase();
    const cached = withStatementCache(counting);
    const first = cached.prepare('SELECT 1 AS one');
    expect(cached.prepare('SELECT 1 AS one')).toBe(first);
    expect(first.all([])).toEqual([{ one: 1 }]);
    expect(prepared).toEqual(['SELECT 1 AS one']);
  });

  it('drops the least recently used text once past its capacity', () => {
    const { prepared, counting } = countingDatabase();
    const cached = withStatementCache(counting, 2);
    cached.prepare('SELECT 1');
    cached.prepare('SELECT 2');
    cached.prepare('SELECT 1');
    cached.prepare('SELECT 3');
    cached.prepare('SELECT 1');
    cached.prepare('SELECT 2');
    expect(prepared).toEqual(['SELECT 1', 'SELECT 2', 'SELECT 3', 'SELECT 2']);
  });

  it('follows a schema change made after a statement was cached', () => {
    const { raw, counting } = countingDatabase();
    raw.exec('CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1)');
    const cached = withStatementCache(counting);
    expect(cached.prepare('SELECT * FROM t').all([])).toEqual([{ a: 1 }]);
    raw.exec('ALTER TABLE t ADD COLUMN b TEXT');
    expect(cached.prepare('SELECT * FROM t').all([])).toEqual([{ a: 1, b: null }]);
  });

  it('serves Kysely queries, transactions and streams on one connection', async () => {
    const { counting } = countingDatabase();
    const db = new Kysely<{ t: { a: number } }>({ dialect: new SqliteImmediateDialect({ database: withStatementCache(counting) }) });
    await sql`CREATE TABLE t (a INTEGER)`.execute(db);
    for (let a = 1; a <= 3; a++) await db.transaction().execute((trx) => trx.insertInto('t').values({ a }).execute());
    const streamed: number[] = [];
    for await (const row of db.selectFrom('t').select('a').orderBy('a').stream()) streamed.push(row.a);
    expect(streamed).toEqual([1, 2, 3]);
    expect(await db.selectFrom('t').select('a').where('a', '>', 1).orderBy('a').execute()).toEqual([{ a: 2 }, { a: 3 }]);
    await db.destroy();
  });
});
