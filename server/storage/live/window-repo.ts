// Sliding windows of hits (failed sign-ins, card lookups), on both engines. A
// count read right after its insert includes every hit committed so far, this
// one too. One subject's hits take turns, so parallel hits count exactly as
// sequential ones (a rate limit lets exactly `max` through, not fewer).
import type { WindowRepo } from '../store.ts';
import { serialise, type Storage } from '../dialect.ts';
import { relaxedCommit } from '../relaxed-commit.ts';
import type { LiveTables } from './tables.ts';

export function liveWindowRepo(storage: Storage<LiveTables>): WindowRepo {
  const { db, engine } = storage;
  return {
    hit: (windowName, subject, at, windowMs) =>
      // The insert and the count are one transaction, so one subject's hits take turns and each count is its place in line.
      // On SQLite that is the transaction itself (it holds the gateway's one connection, and begins IMMEDIATE against other
      // processes on the file): two statements outside one let another hit's insert in between, and both counted it.
      // On PostgreSQL under READ COMMITTED it takes a per-subject advisory lock. A hit is charged on every rate-limited
      // request, and its commit does not wait for the disk (relaxed-commit.ts).
      relaxedCommit(storage, async (trx) => {
        await serialise(trx, engine, `window:${windowName}:${subject}`);
        await trx.insertInto('window_hits').values({ window_name: windowName, subject, at }).execute();
        const row = await trx
          .selectFrom('window_hits')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('window_name', '=', windowName)
          .where('subject', '=', subject)
          .where('at', '>', at - windowMs)
          .executeTakeFirst();
        return Number(row?.n ?? 1);
      }),
    async prune(before) {
      await db.deleteFrom('window_hits').where('at', '<=', before).execute();
    },
  };
}
