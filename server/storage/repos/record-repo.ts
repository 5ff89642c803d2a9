// Every write of a system of record's data goes through here (issue 22): the
// API, webhooks and the bulk import. One transaction per call takes the locks
// of its records, reads the stored versions, owners and the references once, keeps each
// record only if its version is newer and, for a customer, its source owns it (the first
// source to write a record owns it), and writes each table in multi-row upserts.
import { createHash } from 'node:crypto';
import { sql, type Insertable, type Transaction } from 'kysely';
import { OWNED_RECORD_TYPES } from '../../../shared/schemas/records.ts';
import { isOneOf, serialiseAll, type Engine, type Storage } from '../dialect.ts';
import { RequestKeyTaken, SourceAccountRevoked, type PreparedRecord, type RecordRepo, type WriteOutcome } from '../store.ts';
import type { CardsTable, CustomersTable, Database, OrdersTable, PaymentsTable, ShipmentsTable, SubscriptionsTable } from '../tables.ts';
import { customerKeys, type CustomerKeys, type PersonalSealing } from './customer-keys.ts';

/** SQLite's rows per statement: well inside its bound-parameter limit (at most 10 columns a row). */
const CHUNK = 500;

type Trx = Transaction<Database>;
type UpsertTable = 'customers' | 'cards' | 'orders' | 'payments' | 'shipments' | 'subscriptions' | 'record_versions';

/** Inserts the rows, replacing every other column of a row whose key is taken. */
async function upsertRows<T extends UpsertTable>(trx: Trx, engine: Engine, table: T, key: readonly string[], rows: readonly Insertable<Database[T]>[]): Promise<void> {
  const first = rows[0];
  if (first === undefined) return;
  const columns = Object.keys(first).filter((c) => !key.includes(c));
  if (engine === 'postgres') {
    // All the rows in one JSON parameter, read by the table's own column types: one statement a table, without a
    // bound parameter per value to build, send and parse (the import's speed, bench/import).
    const list = sql.join([...key, ...columns].map((c) => sql.ref(c)));
    await sql`INSERT INTO ${sql.table(table)} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${sql.table(table)}, ${JSON.stringify(rows)}::json) ON CONFLICT (${sql.join(key.map((c) => sql.ref(c)))}) DO UPDATE SET ${sql.join(columns.map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`))}`.execute(trx);
    return;
  }
  for (let i = 0; i < rows.length; i += CHUNK) {
    // Kysely cannot follow a table chosen at run time through its column types; the columns come from the rows themselves.
    const query = trx.insertInto(table as 'record_versions').values(rows.slice(i, i + CHUNK) as Insertable<Database['record_versions']>[]);
    await query
      .onConflict((oc) =>
        oc.columns(key as ['record_type']).doUpdateSet((eb) => Object.fromEntries(columns.map((c) => [c, eb.ref(`excluded.${c}` as 'excluded.version')]))),
      )
      .execute();
  }
}

/**
 * The one write of customer rows. Kept on its own so what a customer row gains (a keyed phone hash, migration 007;
 * its personal fields sealed under its own key, migration 021) is added in one place. An erased customer sent
 * again keeps its emptied row: no new key is made for it, so the person does not come back.
 */
async function writeCustomers(trx: Trx, engine: Engine, keys: CustomerKeys, rows: readonly Insertable<CustomersTable>[]): Promise<void> {
  if (rows.length === 0) return;
  const sealers = await keys.ensure(trx, rows.map((r) => r.customer_id));
  const sealed = rows.flatMap((row) => {
    const sealer = sealers.get(row.customer_id);
    return sealer === undefined ? [] : [keys.sealRow(row, sealer)];
  });
  await upsertRows(trx, engine, 'customers', ['customer_id'], sealed);
}

/**
 * Records lock in LOCK_BUCKETS buckets by a hash of their key: a chunk of thousands of records then takes at most
 * that many advisory locks, well inside PostgreSQL's shared lock table (max_locks_per_transaction × connections),
 * and writers of one record always meet on the same lock.
 */
const LOCK_BUCKETS = 256;
function lockOf(key: string): string {
  let hash = 5381;
  for (let i = 0; i < key.length; i++) hash = ((hash * 33) ^ key.charCodeAt(i)) >>> 0;
  return `record-bucket:${hash % LOCK_BUCKETS}`;
}
/** The advisory lock a write of this record takes (for a test that holds it from outside). */
export const recordLockKey = (type: string, id: string): string => lockOf(`${type}:${id}`);

/** A card's ID from its customer and keyed HMAC: the same card of the same customer is one row, whoever sends it. */
function cardIdOf(customerId: string, panHmac: string): string {
  return `CRD-${createHash('sha256').update(`${customerId}\n${panHmac}`).digest('base64url').slice(0, 20)}`;
}

async function existingIds(trx: Trx, engine: Engine, table: 'customers' | 'orders', ids: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const unique = [...new Set(ids)];
  if (unique.length === 0) return found;
  if (table === 'customers') {
    for (const r of await trx.selectFrom('customers').select('customer_id').where(isOneOf(engine, 'customer_id', unique)).execute()) found.set(r.customer_id, r.customer_id);
  } else {
    for (const r of await trx.selectFrom('orders').select(['order_id', 'customer_id']).where(isOneOf(engine, 'order_id', unique)).execute()) found.set(r.order_id, r.customer_id);
  }
  return found;
}

/** Each stored record's version and owning source, by `type:id`. */
async function storedVersions(trx: Trx, engine: Engine, records: readonly PreparedRecord[]): Promise<Map<string, { version: number; owner: string }>> {
  const versions = new Map<string, { version: number; owner: string }>();
  const byType = new Map<string, Set<string>>();
  for (const r of records) byType.set(r.type, (byType.get(r.type) ?? new Set()).add(r.id));
  for (const [type, ids] of byType) {
    const rows = await trx
      .selectFrom('record_versions')
      .select(['record_id', 'version', 'owner_source'])
      .where('record_type', '=', type)
      .where(isOneOf(engine, 'record_id', [...ids]))
      .execute();
    for (const r of rows) versions.set(`${type}:${r.record_id}`, { version: r.version, owner: r.owner_source });
  }
  return versions;
}

/** The rows to write, by table and key: a later record of the call replaces an earlier one of the same key. */
class Pending {
  readonly customers = new Map<string, Insertable<CustomersTable>>();
  readonly orders = new Map<string, Insertable<OrdersTable>>();
  readonly cards = new Map<string, Insertable<CardsTable>>();
  readonly payments = new Map<string, Insertable<PaymentsTable>>();
  readonly shipments = new Map<string, Insertable<ShipmentsTable>>();
  readonly subscriptions = new Map<string, Insertable<SubscriptionsTable>>();
  readonly versions = new Map<string, Insertable<Database['record_versions']>>();

  async write(trx: Trx, engine: Engine, keys: CustomerKeys): Promise<void> {
    // Parents first: the foreign keys hold at every statement.
    await writeCustomers(trx, engine, keys, [...this.customers.values()]);
    await upsertRows(trx, engine, 'orders', ['order_id'], [...this.orders.values()]);
    await upsertRows(trx, engine, 'cards', ['card_id'], [...this.cards.values()]);
    await upsertRows(trx, engine, 'payments', ['transaction_id'], [...this.payments.values()]);
    await upsertRows(trx, engine, 'shipments', ['shipment_id'], [...this.shipments.values()]);
    await upsertRows(trx, engine, 'subscriptions', ['subscription_id'], [...this.subscriptions.values()]);
    await upsertRows(trx, engine, 'record_versions', ['record_type', 'record_id'], [...this.versions.values()]);
  }
}

/** Takes the request's idempotency key for the account, or throws RequestKeyTaken: a parallel taker waits here for the first to end. */
async function claimRequest(trx: Trx, accountId: string, request: { key: string; requestHash: string }, at: number): Promise<void> {
  const claimed = await trx
    .insertInto('record_requests')
    .values({ account_id: accountId, idempotency_key: request.key, request_hash: request.requestHash, answer: '', at })
    .onConflict((oc) => oc.columns(['account_id', 'idempotency_key']).doNothing())
    .executeTakeFirst();
  if (Number(claimed.numInsertedOrUpdatedRows ?? 0n) !== 1) throw new RequestKeyTaken();
}

export function kyselyRecordRepo({ db, engine }: Storage, sealing?: PersonalSealing): RecordRepo {
  const keys = customerKeys(engine, sealing);
  return {
    upsert: (records, by, { checkpoint, request } = {}) =>
      db.transaction().execute(async (trx): Promise<WriteOutcome[]> => {
        if (request !== undefined) await claimRequest(trx, by.accountId, request, by.at);
        // FOR SHARE: a revocation (an UPDATE of this row) waits for this write to end, so none lands after it is answered.
        const account = await trx
          .selectFrom('service_accounts')
          .select('revoked_at')
          .where('account_id', '=', by.accountId)
          .$if(engine === 'postgres', (qb) => qb.forShare())
          .executeTakeFirst();
        if (account?.revoked_at !== null) throw new SourceAccountRevoked();
            await serialiseAll(trx, engine, [...new Set(records.map((r) => recordLockKey(r.type, r.id)))]);
        const versions = await storedVersions(trx, engine, records);
        const customerRefs = records.flatMap((r) => (r.type === 'order' || r.type === 'subscription' ? [r.row.customer_id] : []));
        const orderRefs = records.flatMap((r) => (r.type === 'payment' || r.type === 'shipment' ? [r.row.order_id] : []));
        const customers = await existingIds(trx, engine, 'customers', customerRefs);
        /** Order → its customer. */
        const orders = await existingIds(trx, engine, 'orders', orderRefs);
        const pending = new Pending();
        const outcomes = records.map((record): WriteOutcome => {
          const key = `${record.type}:${record.id}`;
          if ((record.type === 'order' || record.type === 'subscription') && !customers.has(record.row.customer_id)) {
            return { outcome: 'unknown_reference', field: 'data.customerId' };
          }
          const customerOfOrder = record.type === 'payment' || record.type === 'shipment' ? orders.get(record.row.order_id) : undefined;
          if ((record.type === 'payment' || record.type === 'shipment') && customerOfOrder === undefined) {
            return { outcome: 'unknown_reference', field: 'data.orderId' };
          }
          const stored = versions.get(key);
          // The first source to write a record owns it (a row from before owners were kept has none yet, and is claimed);
          // a record of an owned type is written again by its owner only.
          const owner = stored === undefined || stored.owner === '' ? by.source : stored.owner;
          if (owner !== by.source && OWNED_RECORD_TYPES.includes(record.type)) return { outcome: 'owned_by_other_source' };
          if (stored !== undefined && stored.version > record.version) return { outcome: 'stale' };
          if (stored?.version === record.version) return { outcome: 'unchanged' };
          versions.set(key, { version: record.version, owner });
          pending.versions.set(key, { record_type: record.type, record_id: record.id, version: record.version, account_id: by.accountId, written_at: by.at, owner_source: owner });
          switch (record.type) {
            case 'customer':
              pending.customers.set(record.id, record.row);
              customers.set(record.id, record.id);
              break;
            case 'order':
              pending.orders.set(record.id, record.row);
              orders.set(record.id, record.row.customer_id);
              break;
            case 'payment': {
              const { card } = record;
              if (card === null) {
                pending.payments.set(record.id, { ...record.row, card_id: null });
                break;
              }
              const customerId = customerOfOrder ?? '';
              const cardId = cardIdOf(customerId, card.panHmac);
              pending.cards.set(cardId, { card_id: cardId, customer_id: customerId, pan_hmac: card.panHmac, bin: card.bin, last4: card.last4, length: card.length, brand: card.brand, expiry: card.expiry });
              pending.payments.set(record.id, { ...record.row, card_id: cardId });
              break;
            }
            case 'shipment':
              pending.shipments.set(record.id, record.row);
              break;
            case 'subscription':
              pending.subscriptions.set(record.id, record.row);
              break;
          }
          return { outcome: stored === undefined ? 'stored' : 'updated' };
        });
        await pending.write(trx, engine, keys);
        if (checkpoint !== undefined) {
          const position = checkpoint(outcomes);
          const row = { source: position.source, file_key: position.fileKey, lines_done: position.linesDone, counts: JSON.stringify(position.counts), updated_at: by.at };
          await trx
            .insertInto('import_checkpoints')
            .values(row)
            .onConflict((oc) => oc.columns(['source', 'file_key']).doUpdateSet({ lines_done: row.lines_done, counts: row.counts, updated_at: row.updated_at }))
            .execute();
        }
        if (request !== undefined) {
          await trx
            .updateTable('record_requests')
            .set({ answer: request.answer(outcomes) })
            .where('account_id', '=', by.accountId)
            .where('idempotency_key', '=', request.key)
            .execute();
        }
        return outcomes;
      }),
    async findRequest(accountId, key) {
      const row = await db
        .selectFrom('record_requests')
        .select(['request_hash', 'answer'])
        .where('account_id', '=', accountId)
        .where('idempotency_key', '=', key)
        .executeTakeFirst();
      return row === undefined ? null : { requestHash: row.request_hash, answer: row.answer };
    },
    async checkpoint(source, fileKey) {
      const row = await db.selectFrom('import_checkpoints').selectAll().where('source', '=', source).where('file_key', '=', fileKey).executeTakeFirst();
      if (row === undefined) return null;
      return { source, fileKey, linesDone: row.lines_done, counts: JSON.parse(row.counts) as Record<string, number> };
    },
  };
}
