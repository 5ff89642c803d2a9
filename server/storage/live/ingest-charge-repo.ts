// Rolling ingest quotas on both engines. The decision and the charge are one
// INSERT … SELECT … WHERE: the new rows exist only if every subject's window
// still has room. On PostgreSQL two such statements could each see the other's
// window without its row, so they first serialise on the subjects' advisory locks,
// taken by a statement of their own: the INSERT's snapshot must come after them.
import { sql } from 'kysely';
import type { IngestChargeRepo } from '../store.ts';
import { serialiseAll, type Storage } from '../dialect.ts';
import type { LiveTables } from './tables.ts';

export function liveIngestChargeRepo({ db, engine }: Storage<LiveTables>): IngestChargeRepo {
  return {
    async charge(subjects, now, usage, quotas) {
      if (subjects.length === 0) return true;
      const fits = sql.join(
        subjects.flatMap((subject) =>
          quotas.map((quota) => {
            const since = now - quota.windowSeconds * 1000;
            const used = (column: 'events' | 'bytes') =>
              sql`(SELECT COALESCE(SUM(${sql.ref(column)}), 0) FROM ingest_charges WHERE subject = ${subject} AND at > ${since})`;
            return sql`${used('events')} + ${usage.events} <= ${quota.maxEvents} AND ${used('bytes')} + ${usage.bytes} <= ${quota.maxBytes}`;
          }),
        ),
        sql` AND `,
      );
      const rows = sql.join(
        subjects.map((subject) => sql`SELECT CAST(${subject} AS TEXT) AS subject`),
        sql` UNION ALL `,
      );
      const insert = sql<{ subject: string }>`INSERT INTO ingest_charges (subject, at, events, bytes)
        SELECT s.subject, CAST(${now} AS BIGINT), CAST(${usage.events} AS INTEGER), CAST(${usage.bytes} AS INTEGER)
        FROM (${rows}) s WHERE ${fits} RETURNING subject`;
      if (engine === 'sqlite') return (await insert.execute(db)).rows.length === subjects.length;
      return db.transaction().execute(async (trx) => {
        // All the subjects' locks in one round trip, in sorted order, so requests sharing subjects cannot deadlock.
        await serialiseAll(trx, engine, subjects.map((subject) => `ingest:${subject}`));
        return (await insert.execute(trx)).rows.length === subjects.length;
      });
    },
    async recent(subjects, since) {
      if (subjects.length === 0) return [];
      const rows = await db.selectFrom('ingest_charges').selectAll().where('subject', 'in', subjects).where('at', '>', since).orderBy('at').execute();
      return rows.map((r) => ({ subject: r.subject, at: r.at, events: r.events, bytes: r.bytes }));
    },
    async prune(before) {
      await db.deleteFrom('ingest_charges').where('at', '<=', before).execute();
    },
  };
}
