// A transaction whose commit does not wait for the disk by itself: for the
// rolling-window counters (request rate limits, card-lookup bursts, customer
// access caps), charged on every request. Its rows are visible to every
// connection and instance at commit as usual, so counts and caps stay exact;
// only the flush is left to the next durable commit, which writes the log in
// order (SQLite's WAL is synced whole, PostgreSQL flushes its WAL up to the
// later commit). A customer access writes its audit record durably right after
// its charge, so an answered access has its charge on disk; a power cut can lose
// only the charges made since the last durable commit.
import { sql, type Transaction } from 'kysely';
import type { Storage } from './dialect.ts';

export function relaxedCommit<Tables, T>({ db, engine }: Storage<Tables>, work: (trx: Transaction<Tables>) => Promise<T>): Promise<T> {
  if (engine === 'postgres') {
    return db.transaction().execute(async (trx) => {
      await sql`SET LOCAL synchronous_commit = off`.execute(trx);
      return work(trx);
    });
  }
  // SQLite sets this per connection, not per transaction: the connection is held from here until the level is back.
  return db.connection().execute(async (connection) => {
    const level = await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(connection);
    const restore = level.rows[0]?.synchronous ?? 2;
    await sql`PRAGMA synchronous = NORMAL`.execute(connection);
    try {
      return await connection.transaction().execute(work);
    } finally {
      await sql`PRAGMA synchronous = ${sql.raw(String(restore))}`.execute(connection);
    }
  });
}
