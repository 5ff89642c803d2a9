// Device audit chains: heads, append-only entries, batch acks, search, the
// per-agent activity aggregation behind reports, and the raw reads the chain
// verifier walks. A device's next sequence number is taken by compare-and-set
// on its head row, so two requests (or two gateway instances) never both store it.
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { AuditEventSchema } from '../../../shared/audit.ts';
import type { ActivityReportRow, StoredAuditEvent } from '../../../shared/index.ts';
import { AuditFlagSchema } from '../../../shared/schemas/supervision.ts';
import { GATEWAY_DEVICE_ID } from '../../../shared/gateway-device.ts';
import { FIGURES, type FigureDefinition } from '../../../shared/report-figures.ts';
import { brokenGuards, restoreGuards } from '../append-only.ts';
import { greatest, isPermissionDenied, jsonText, rowPosition, type Engine, type Storage } from '../dialect.ts';
import { insertFeedRows } from '../live/feed-repo.ts';
import { ChainHeadConflict, type AuditRepo, type BatchRecord, type HeadCheck, type RawChainRow, type RetentionRepo, type StoredEntry, type StoredFeed } from '../store.ts';
import type { AuditBatchesTable, Database } from '../tables.ts';
import { appendToLog } from './tlog-repo.ts';

const batchOf = (row: Selectable<AuditBatchesTable>): BatchRecord => ({
  batchId: row.batch_id,
  deviceId: row.device_id,
  contentHash: row.content_hash,
  ackedThroughSeq: row.acked_through_seq,
  firstSeq: row.first_seq,
  headHash: row.head_hash,
  signature: row.signature,
});

export interface EntryRow {
  position: number;
  device_id: string;
  seq: number;
  event: string;
  received_at: string;
  flag: string | null;
}

export const toStored = (row: EntryRow): StoredAuditEvent => ({
  deviceId: row.device_id,
  seq: row.seq,
  receivedAt: row.received_at,
  event: AuditEventSchema.parse(JSON.parse(row.event)),
  ...(row.flag === null ? {} : { flag: AuditFlagSchema.parse(row.flag) }),
});

/** The customer an event concerns, kept in its own column so searches by customer use an index. */
const customerOf = (target: { kind: string; id: string | null }): string | null => (target.kind === 'customer' ? target.id : null);

/**
 * The gateway's own successful events of one type. `|| ''` keeps the planner on the (user_id, at) or
 * (customer_id, at) index rather than walking the gateway's whole chain.
 */
const gatewaySucceeded = (db: Kysely<Database>, type: string) =>
  db
    .selectFrom('audit_events')
    .where(sql<string>`device_id || ''`, '=', GATEWAY_DEVICE_ID)
    .where('type', '=', type)
    .where('outcome', '=', 'success');

/** Rows per INSERT: well inside both engines' bound-parameter limits. */
const INSERT_CHUNK = 200;

/**
 * Appends entries inside the caller's transaction, moves the head and records the batch ack (when there is a
 * batch); the caller's transaction makes it all or nothing. Returns each entry's stream position.
 */
export async function appendEntries(trx: Transaction<Database>, engine: Engine, entries: readonly StoredEntry[], record: BatchRecord | null): Promise<number[]> {
  const position = rowPosition(engine, 'audit_events');
  const first = entries[0];
  const last = entries.at(-1);
  const positions = new Map<number, number>();
  if (first !== undefined && last !== undefined) {
    const highAt = entries.reduce((latest, e) => (e.event.at > latest ? e.event.at : latest), last.event.at);
    // The head moves only from the sequence these entries build on: a parallel append of the same seq finds it moved.
    const moved = await trx
      .updateTable('device_heads')
      .set((eb) => ({ seq: last.seq, hash: last.hash, high_at: greatest(engine, eb.ref('high_at'), eb.val(highAt)) }))
      .where('device_id', '=', first.deviceId)
      .where('seq', '=', first.seq - 1)
      .executeTakeFirst();
    if (moved.numUpdatedRows === 0n) {
      if (first.seq !== 1) throw new ChainHeadConflict(first.deviceId, first.seq - 1);
      // A new chain: the head's primary key lets only one first append in.
      await trx.insertInto('device_heads').values({ device_id: first.deviceId, seq: last.seq, hash: last.hash, high_at: highAt }).execute();
    }
    for (let i = 0; i < entries.length; i += INSERT_CHUNK) {
      const rows = await trx
        .insertInto('audit_events')
        .values(
          entries.slice(i, i + INSERT_CHUNK).map((e) => ({
            device_id: e.deviceId,
            seq: e.seq,
            prev_hash: e.prevHash,
            hash: e.hash,
            event: JSON.stringify(e.event),
            received_at: e.receivedAt,
            type: e.event.type,
            outcome: e.event.outcome,
            user_id: e.event.actor.userId,
            at: e.event.at,
            customer_id: customerOf(e.event.target),
            flag: e.flag ?? null,
          })),
        )
        .returning(['seq', position.as('position')])
        .execute();
      for (const row of rows) positions.set(row.seq, row.position);
    }
  }
  if (record !== null) {
    await trx
      .insertInto('audit_batches')
      .values({
        batch_id: record.batchId,
        device_id: record.deviceId,
        content_hash: record.contentHash,
        acked_through_seq: record.ackedThroughSeq,
        first_seq: record.firstSeq,
        head_hash: record.headHash,
        signature: record.signature,
        flag: record.flag ?? null,
      })
      .execute();
  }
  // Last, so the tree head's lock is held only for the log's own writes before the commit.
  await appendToLog(trx, engine, entries);
  return entries.map((e) => {
    const at = positions.get(e.seq);
    if (at === undefined) throw new Error(`event ${e.seq} of ${e.deviceId} was not stored`);
    return at;
  });
}

/** `retention` knows where each chain starts once earlier months are dropped. */
export function kyselyAuditRepo({ db, engine }: Storage, retention: Pick<RetentionRepo, 'chainFloors'>): AuditRepo {
  const position = rowPosition(engine, 'audit_events');

  const append = (entries: readonly StoredEntry[], record: BatchRecord | null, feed?: StoredFeed): Promise<number[]> =>
    db.transaction().execute(async (trx) => {
      const positions = await appendEntries(trx, engine, entries, record);
      // Last, so the feed's order lock (PostgreSQL) is held only for the commit.
      if (feed !== undefined) await insertFeedRows(trx, engine, feed.events, feed.at);
      return positions;
    });

  // The archive holds detached months on PostgreSQL; SQLite keeps every event in audit_events.
  const entries = (archive = false) =>
    db.selectFrom(archive && engine === 'postgres' ? 'audit_archive.audit_events' : 'audit_events').select([position.as('position'), 'device_id', 'seq', 'event', 'received_at', 'flag']);

  return {
    async head(deviceId) {
      const row = await db.selectFrom('device_heads').select(['seq', 'hash', 'high_at']).where('device_id', '=', deviceId).executeTakeFirst();
      return row ? { seq: row.seq, hash: row.hash, highAt: row.high_at } : null;
    },
    async entryHashes(deviceId, fromSeq, toSeq) {
      const rows = await db.selectFrom('audit_events').select(['seq', 'hash']).where('device_id', '=', deviceId).where('seq', '>=', fromSeq).where('seq', '<=', toSeq).execute();
      return new Map(rows.map((r) => [r.seq, r.hash]));
    },
    async findBatch(batchId) {
      const row = await db.selectFrom('audit_batches').selectAll().where('batch_id', '=', batchId).executeTakeFirst();
      return row ? batchOf(row) : null;
    },
    appendBatch: append,
    async since(after, limit) {
      const rows = await entries().where(position, '>', after).orderBy(position).limit(limit).execute();
      return rows.map((row) => ({ position: row.position, event: toStored(row) }));
    },
    async search(query, maxBytes = Number.POSITIVE_INFINITY, scope = 'searchable') {
      const rows = await entries(scope === 'archive')
        .$if(query.userId !== undefined, (qb) => qb.where('user_id', '=', query.userId ?? ''))
        .$if(query.type !== undefined, (qb) => qb.where('type', '=', query.type ?? ''))
        .$if(query.customerId !== undefined, (qb) => qb.where('customer_id', '=', query.customerId ?? ''))
        .$if(query.from !== undefined, (qb) => qb.where('at', '>=', new Date(query.from ?? 0).toISOString()))
        .$if(query.to !== undefined, (qb) => qb.where('at', '<', new Date(query.to ?? 0).toISOString()))
        .$if(query.cursor !== undefined, (qb) => qb.where(position, '<', Number.parseInt(query.cursor ?? '', 10) || 0))
        .$if(query.unflagged === true, (qb) => qb.where('flag', 'is', null))
        .orderBy(position, 'desc')
        .limit(query.limit + 1)
        .execute();
      // A page ends at `limit` events or before `maxBytes` of JSON, whichever comes first, but always holds one event.
      const page: { position: number; event: StoredAuditEvent }[] = [];
      let bytes = 0;
      for (const row of rows.slice(0, query.limit)) {
        const event = toStored(row);
        bytes += Buffer.byteLength(JSON.stringify(event), 'utf8') + 1;
        if (page.length > 0 && bytes > maxBytes) break;
        page.push({ position: row.position, event });
      }
      const more = rows.length > page.length;
      return { events: page.map((p) => p.event), nextCursor: more ? String(page.at(-1)?.position ?? '') : null };
    },
    async activity(query) {
      const from = new Date(query.from).toISOString();
      const to = new Date(query.to).toISOString();
      const by = jsonText(engine, 'a.event', ['details', 'by']);
      // Each figure as shared/report-figures.ts defines it: the gateway's own events of its types and outcome.
      const rows = await db
        .selectFrom('audit_events as a')
        .leftJoin('users as u', 'u.user_id', 'a.user_id')
        .select((eb) => {
          const own = (figure: FigureDefinition, extra?: ReturnType<typeof eb.and>) =>
            eb.fn
              .countAll<number>()
              .filterWhere(
                eb.and([eb('a.device_id', '=', GATEWAY_DEVICE_ID), eb('a.type', 'in', [...figure.types]), eb('a.outcome', '=', figure.outcome), ...(extra ? [extra] : [])]),
              );
          const lookupBy = (value: string) => own(FIGURES.lookups, eb.and([eb(by, '=', value)]));
          return [
            'a.user_id as userId',
            eb.fn.coalesce('u.username', 'a.user_id').as('username'),
            lookupBy('customerId').as('lookupsByCustomerId'),
            lookupBy('order').as('lookupsByOrder'),
            lookupBy('card').as('lookupsByCard'),
            own(FIGURES.recordsViewed).as('recordsViewed'),
            own(FIGURES.notesAdded).as('notesAdded'),
            own(FIGURES.extensions).as('extensions'),
            own(FIGURES.failedSignIns).as('failedLogins'),
            eb.fn.countAll<number>().filterWhere(eb.and([eb('a.type', '=', 'session.lock'), eb('a.outcome', '=', 'success')])).as('locks'),
          ];
        })
        .where('a.user_id', 'is not', null)
        // A flagged event (a revoked desk's upload) is kept as evidence, never counted.
        .where('a.flag', 'is', null)
        .where('a.at', '>=', from)
        .where('a.at', '<', to)
        .$if(query.userId !== undefined, (qb) => qb.where('a.user_id', '=', query.userId ?? ''))
        .groupBy(['a.user_id', 'u.username'])
        .orderBy('username')
        .execute();
      return rows.map(
        (r): ActivityReportRow => ({
          userId: r.userId ?? '',
          username: r.username ?? r.userId ?? '',
          lookupsByCustomerId: r.lookupsByCustomerId,
          lookupsByOrder: r.lookupsByOrder,
          lookupsByCard: r.lookupsByCard,
          recordsViewed: r.recordsViewed,
          notesAdded: r.notesAdded,
          extensions: r.extensions,
          failedLogins: r.failedLogins,
          locks: r.locks,
        }),
      );
    },
    async signedInOn(userId, deviceId, at) {
      const row = await gatewaySucceeded(db, 'auth.login')
        .select('seq')
        .where('user_id', '=', userId)
        .where('at', '<=', at)
        .where(jsonText(engine, 'event', ['details', 'deviceId']), '=', deviceId)
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },
    async gatewayReadsFor(deviceId, after, through, limit) {
      const rows = await gatewaySucceeded(db, 'customer.view')
        .select(['customer_id', 'at'])
        .where('at', '>', after)
        .where('at', '<=', through)
        .where(jsonText(engine, 'event', ['details', 'deviceId']), '=', deviceId)
        .orderBy('at')
        .limit(limit)
        .execute();
      return rows.flatMap((row) => (row.customer_id === null ? [] : [{ customerId: row.customer_id, at: row.at }]));
    },
    async deskViews(deviceId, from, to) {
      const rows = await db
        .selectFrom('audit_events')
        .select('customer_id')
        .where('device_id', '=', deviceId)
        .where('type', '=', 'customer.view')
        .where('at', '>=', from)
        .where('at', '<=', to)
        .execute();
      return new Set(rows.flatMap((row) => (row.customer_id === null ? [] : [row.customer_id])));
    },
    async viewedCustomer(userId, customerId, since) {
      const row = await gatewaySucceeded(db, 'customer.view')
        .select('seq')
        .where('customer_id', '=', customerId)
        .where('at', '>=', since)
        .where('user_id', '=', userId)
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },
    async chainRows(after, limit) {
      const rows = await db
        .selectFrom('audit_events_retained as e')
        // The entry's leaf in the transparency log, as stored: an entry rewritten in place no longer hashes to it.
        .leftJoin('tlog_leaves as l', (j) => j.onRef('l.device_id', '=', 'e.device_id').onRef('l.seq', '=', 'e.seq'))
        .leftJoin('tlog_nodes as n', (j) => j.on('n.level', '=', 0).onRef('n.node_index', '=', 'l.leaf_index'))
        .select(['e.device_id', 'e.seq', 'e.prev_hash', 'e.hash', 'e.event', 'e.type', 'e.outcome', 'e.user_id', 'e.at', 'e.customer_id', 'n.hash as leaf_hash'])
        .where((eb) => eb(eb.refTuple('e.device_id', 'e.seq'), '>', eb.tuple(after?.deviceId ?? '', after?.seq ?? 0)))
        .orderBy('e.device_id')
        .orderBy('e.seq')
        .limit(limit)
        .execute();
      return rows.map(
        (r): RawChainRow => ({
          deviceId: r.device_id,
          seq: r.seq,
          prevHash: r.prev_hash,
          hash: r.hash,
          eventJson: r.event,
          columns: { type: r.type, outcome: r.outcome, userId: r.user_id, at: r.at, customerId: r.customer_id },
          leafHash: r.leaf_hash ?? null,
        }),
      );
    },
    async headChecks() {
      // Every device with a head, an event, a batch or a promise: its head beside its last stored event, its
      // highest ack and the head it promised, so a device whose whole trail vanished still shows here.
      const rows = await db
        .selectFrom(
          db
            .selectFrom('device_heads')
            .select('device_id')
            .union(db.selectFrom('audit_events_retained').select('device_id'))
            .union(db.selectFrom('audit_batches').select('device_id'))
            .union(db.selectFrom('device_promised_heads').select('device_id'))
            .as('d'),
        )
        .leftJoin('device_heads as h', 'h.device_id', 'd.device_id')
        .leftJoin('device_promised_heads as p', 'p.device_id', 'd.device_id')
        .select((eb) => [
          'd.device_id',
          'h.seq as head_seq',
          'h.hash as head_hash',
          'p.seq as promised_seq',
          'p.hash as promised_hash',
          'p.await_seq as promised_await_seq',
          eb.selectFrom('audit_events_retained as e').select((s) => s.fn.max('e.seq').as('m')).whereRef('e.device_id', '=', 'd.device_id').as('last_seq'),
          eb.selectFrom('audit_events_retained as e').select('e.hash').whereRef('e.device_id', '=', 'd.device_id').whereRef('e.seq', '=', 'h.seq').as('hash_at_head'),
          eb.selectFrom('audit_events_retained as e').select('e.hash').whereRef('e.device_id', '=', 'd.device_id').whereRef('e.seq', '=', 'p.seq').as('hash_at_promise'),
          eb
            .selectFrom('audit_batches as b')
            .select((s) => s.fn.max('b.acked_through_seq').as('m'))
            .whereRef('b.device_id', '=', 'd.device_id')
            .as('max_acked'),
        ])
        .execute();
      return rows.map(
        (r): HeadCheck => ({
          deviceId: r.device_id,
          head: r.head_seq === null || r.head_hash === null ? null : { seq: r.head_seq, hash: r.head_hash },
          lastSeq: r.last_seq ?? null,
          hashAtHeadSeq: r.hash_at_head ?? null,
          maxAckedSeq: r.max_acked ?? null,
          promised:
            r.promised_seq === null || r.promised_hash === null
              ? null
              : { seq: r.promised_seq, hash: r.promised_hash, confirmed: r.promised_await_seq === null, storedHash: r.hash_at_promise ?? null },
        }),
      );
    },
    async batchAnchors(after, limit) {
      const rows = await db
        .selectFrom('audit_batches as b')
        .selectAll('b')
        .select((eb) =>
          eb
            .selectFrom('audit_events_retained as e')
            .select('e.hash')
            .whereRef('e.device_id', '=', 'b.device_id')
            .whereRef('e.seq', '=', 'b.acked_through_seq')
            .as('stored_hash'),
        )
        .where((eb) => eb(eb.refTuple('b.device_id', 'b.batch_id'), '>', eb.tuple(after?.deviceId ?? '', after?.batchId ?? '')))
        .orderBy('b.device_id')
        .orderBy('b.batch_id')
        .limit(limit)
        .execute();
      return rows.map((row) => ({ batch: batchOf(row), storedHash: row.stored_hash ?? null }));
    },
    chainFloors: () => retention.chainFloors(),
    async restoreTriggers() {
      try {
        const broken = await db.transaction().execute(async (trx) => {
          const found = await brokenGuards(trx, engine);
          if (found.length > 0) await restoreGuards(trx, engine, found);
          return found;
        });
        return { broken, restored: true };
      } catch (error) {
        // The gateway's production role owns no table (gateway-role.ts): it reports a broken guard, the owner puts it back.
        if (!isPermissionDenied(error)) throw error;
        return { broken: await brokenGuards(db, engine), restored: false };
      }
    },
  };
}
