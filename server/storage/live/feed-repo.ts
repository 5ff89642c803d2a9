// The live feed on both engines. On PostgreSQL a sequence alone does not grow in
// commit order (a transaction that took id 7 may commit after one that took 8,
// and a tailer past 8 would skip 7), so appends take one transaction-scoped
// advisory lock held until commit: ids then become visible in order. Each
// append is one statement, so one round trip and one commit, with one NOTIFY
// whose payload is only the last id.
import { sql, type Kysely, type Transaction } from 'kysely';
import { z } from 'zod';
import { SupervisorStreamEventSchema } from '../../../shared/api.ts';
import { redactPans } from '../../../shared/pan.ts';
import { advisoryLock, type Engine, type Storage } from '../dialect.ts';
import type { FeedEntry, FeedEvent, FeedRepo } from '../store.ts';
import type { LiveTables } from './tables.ts';

/** The channel instances LISTEN on; a payload is one feed id. */
export const FEED_CHANNEL = 'sentinel_live_feed';

const SessionEndNoticeSchema = z.object({ type: z.literal('session_end'), data: z.object({ familyId: z.string().min(1) }) });
const FeedEventSchema = z.union([SupervisorStreamEventSchema, SessionEndNoticeSchema]);

const rowsOf = (events: readonly FeedEvent[], at: number) => events.map((event) => ({ kind: event.type, data: redactPans(JSON.stringify(event.data)), at }));

/**
 * Inserts feed rows on `db` (the pool, or a transaction they must commit with: an audit append, so a stored
 * event and its feed row stand or fall together) and returns their ids in order.
 */
export async function insertFeedRows(db: Kysely<LiveTables> | Transaction<LiveTables>, engine: Engine, events: readonly FeedEvent[], at: number): Promise<number[]> {
  if (events.length === 0) return [];
  if (engine === 'sqlite') {
    // One statement is one commit; the gateway's single connection writes one at a time.
    const inserted = await db.insertInto('live_feed').values(rowsOf(events, at)).returning('id').execute();
    return inserted.map((r) => r.id).sort((a, b) => a - b);
  }
  const values = sql.join(rowsOf(events, at).map((row) => sql`(CAST(${row.kind} AS TEXT), CAST(${row.data} AS TEXT), CAST(${row.at} AS BIGINT))`));
  // The lock is an InitPlan of a one-time filter: it is taken before the first row draws its id, and held until the statement commits.
  const inserted = await sql<{ id: number }>`WITH ins AS (
      INSERT INTO live_feed (kind, data, at)
      SELECT v.kind, v.data, v.at FROM (VALUES ${values}) AS v (kind, data, at)
      WHERE (SELECT 1 FROM (SELECT ${advisoryLock(FEED_CHANNEL)}) AS serialised) = 1
      RETURNING id)
    SELECT ins.id FROM ins CROSS JOIN (SELECT pg_notify(${FEED_CHANNEL}, (SELECT CAST(MAX(id) AS TEXT) FROM ins))) AS notified
    ORDER BY ins.id`.execute(db);
  return inserted.rows.map((r) => r.id);
}

export function liveFeedRepo({ db, engine }: Storage<LiveTables>): FeedRepo {
  return {
    append: (events, at) => insertFeedRows(db, engine, events, at),
    async after(id, limit) {
      const rows = await db.selectFrom('live_feed').select(['id', 'kind', 'data']).where('id', '>', id).orderBy('id').limit(limit).execute();
      return rows.map((row): FeedEntry => ({
        id: row.id,
        event: FeedEventSchema.parse({ type: row.kind, data: JSON.parse(row.data) as unknown }),
      }));
    },
    async lastId() {
      const row = await db.selectFrom('live_feed').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
      return row?.id ?? 0;
    },
    async prune(before) {
      const result = await db.deleteFrom('live_feed').where('at', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
