// Customers, cards (HMAC + facets only), orders, payments, shipments,
// subscriptions and notes, and the rolling-window caps on customer access.
// Personal fields and note text are sealed under each customer's data key
// (customer-keys.ts) on the way in and opened on the way out.
import type { Insertable, Selectable, SelectQueryBuilder, Transaction } from 'kysely';
import { CardBrandSchema } from '../../../shared/pan.ts';
import { OrderSchema, PaymentSchema, ShipmentSchema, SubscriptionSchema, type Note } from '../../../shared/schemas/customer.ts';
import { rowPosition, serialise, type Executor, type Storage } from '../dialect.ts';
import { UNUSABLE_PHONE_PREFIX, type CardRecord, type CustomerRecordSet, type CustomerRepo, type QuotaDecision, type StoredCustomer, type StoredOrder } from '../store.ts';
import type { CardsTable, CustomersTable, Database, SubscriptionsTable } from '../tables.ts';
import { relaxedCommit } from '../relaxed-commit.ts';
import { customerKeys, type CustomerSealer, type PersonalSealing } from './customer-keys.ts';
import { emptyWalAfterErasure, eraseCustomer } from './customer-erasure.ts';
import { exportCustomer } from './customer-export.ts';
import { extensionHistoryText } from './extension-history.ts';
import { shipmentRow, subscriptionRow } from './record-rows.ts';

const toCustomer = (r: Selectable<CustomersTable>, sealer: CustomerSealer): StoredCustomer => ({
  customerId: r.customer_id,
  displayName: sealer.open('display_name', r.display_name),
  email: sealer.open('email', r.email),
  phone: sealer.open('phone', r.phone),
  phoneHmac: r.phone_hmac,
  city: sealer.open('city', r.city),
  postcode: sealer.open('postcode', r.postcode),
  country: sealer.open('country', r.country),
  memberSince: r.member_since,
});
const toCard = (r: Selectable<CardsTable>): CardRecord => ({
  cardId: r.card_id,
  customerId: r.customer_id,
  panHmac: r.pan_hmac,
  bin: r.bin,
  last4: r.last4,
  length: r.length,
  brand: CardBrandSchema.parse(r.brand),
  expiry: r.expiry,
});
const toSubscription = (r: Omit<Selectable<SubscriptionsTable>, 'customer_id'>) =>
  SubscriptionSchema.parse({
    subscriptionId: r.subscription_id,
    product: r.product,
    kind: r.kind,
    status: r.status,
    startedAt: r.started_at,
    expiresAt: r.expires_at,
    autoRenew: r.auto_renew === 1,
  });
const ItemsSchema = OrderSchema.shape.items;
const HistorySchema = ShipmentSchema.shape.history;
const OrderStatusSchema = OrderSchema.shape.status;
const PaymentStatusSchema = PaymentSchema.shape.status;
const RefundsSchema = PaymentSchema.shape.refunds;

/** Orders whose business is done: the retention schedule counts them from when they were placed. */
const CLOSED_ORDER_STATUSES = ['delivered', 'cancelled', 'refunded'];

/** Rows per INSERT: well inside both engines' bound-parameter limits. */
const CHUNK = 200;

async function insertChunked<T extends keyof Database>(trx: Transaction<Database>, table: T, rows: readonly Insertable<Database[T]>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await trx.insertInto(table).values(rows.slice(i, i + CHUNK)).execute();
}

/** A note's row, its text sealed under the customer's key. */
const noteRow = (note: Note, sealer: CustomerSealer) => ({
  note_id: note.noteId,
  customer_id: note.customerId,
  author_id: note.authorId,
  author_name: note.authorName,
  at: note.at,
  text: sealer.seal('note', note.text),
  sealed: 1,
});

export function kyselyCustomerRepo(storage: Storage, sealing?: PersonalSealing): CustomerRepo {
  const { db, engine } = storage;
  const keys = customerKeys(engine, sealing);
  const sealerOf = async (trx: Executor, customerId: string): Promise<CustomerSealer | undefined> => (await keys.existing(trx, [customerId])).get(customerId);
  const cardsOf = (customerId: string) => db.selectFrom('cards').selectAll().where('customer_id', '=', customerId).orderBy('card_id').execute();
  const customerRow = (customerId: string) => db.selectFrom('customers').selectAll().where('customer_id', '=', customerId).executeTakeFirst();

  const loadOrders = async (customerId: string): Promise<StoredOrder[]> => {
    const orders = await db.selectFrom('orders').selectAll().where('customer_id', '=', customerId).orderBy('placed_at', 'desc').execute();
    return Promise.all(
      orders.map(async (o) => {
        const payments = await db.selectFrom('payments').selectAll().where('order_id', '=', o.order_id).orderBy('at').execute();
        const shipments = await db.selectFrom('shipments').selectAll().where('order_id', '=', o.order_id).orderBy('shipment_id').execute();
        return {
          orderId: o.order_id,
          placedAt: o.placed_at,
          status: OrderStatusSchema.parse(o.status),
          totalMinor: o.total_minor,
          currency: o.currency,
          items: ItemsSchema.parse(JSON.parse(o.items)),
          payments: payments.map((p) => ({
            transactionId: p.transaction_id,
            status: PaymentStatusSchema.parse(p.status),
            amountMinor: p.amount_minor,
            currency: p.currency,
            at: p.at,
            cardId: p.card_id,
            refunds: RefundsSchema.parse(JSON.parse(p.refunds)),
          })),
          shipments: shipments.map((s) =>
            ShipmentSchema.parse({
              shipmentId: s.shipment_id,
              carrier: s.carrier,
              trackingNumber: s.tracking_number,
              status: s.status,
              eta: s.eta,
              trackingUrl: s.tracking_url,
              history: HistorySchema.parse(JSON.parse(s.history)),
            }),
          ),
        };
      }),
    );
  };

  return {
    async count() {
      const row = await db.selectFrom('customers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
      return row?.n ?? 0;
    },
    importCustomers: (records) =>
      db.transaction().execute(async (trx) => {
        const orders = records.flatMap((r) => r.orders.map((o) => ({ customerId: r.customer.customerId, order: o })));
        const sealers = await keys.ensure(trx, records.map((r) => r.customer.customerId));
        const sealerFor = (customerId: string): CustomerSealer => {
          const sealer = sealers.get(customerId);
          if (sealer === undefined) throw new Error('an erased customer cannot be imported again');
          return sealer;
        };
        await insertChunked(
          trx,
          'customers',
          records.map(({ customer: c }) =>
            keys.sealRow(
              {
                customer_id: c.customerId,
                display_name: c.displayName,
                email: c.email,
                phone: c.phone,
                phone_hmac: c.phoneHmac,
                city: c.city,
                postcode: c.postcode,
                country: c.country,
                member_since: c.memberSince,
              },
              sealerFor(c.customerId),
            ),
          ),
        );
        await insertChunked(
          trx,
          'cards',
          records.flatMap((r) =>
            r.cards.map((c) => ({ card_id: c.cardId, customer_id: c.customerId, pan_hmac: c.panHmac, bin: c.bin, last4: c.last4, length: c.length, brand: c.brand, expiry: c.expiry })),
          ),
        );
        await insertChunked(
          trx,
          'orders',
          orders.map(({ customerId, order: o }) => ({
            order_id: o.orderId,
            customer_id: customerId,
            placed_at: o.placedAt,
            status: o.status,
            total_minor: o.totalMinor,
            currency: o.currency,
            items: JSON.stringify(o.items),
          })),
        );
        await insertChunked(
          trx,
          'payments',
          orders.flatMap(({ order: o }) =>
            o.payments.map((p) => ({
              transaction_id: p.transactionId,
              order_id: o.orderId,
              card_id: p.cardId,
              status: p.status,
              amount_minor: p.amountMinor,
              currency: p.currency,
              at: p.at,
              refunds: JSON.stringify(p.refunds),
            })),
          ),
        );
        await insertChunked(
          trx,
          'shipments',
          orders.flatMap(({ order: o }) => o.shipments.map((s) => shipmentRow(o.orderId, s))),
        );
        await insertChunked(
          trx,
          'subscriptions',
          records.flatMap((r) => r.subscriptions.map((s) => subscriptionRow(r.customer.customerId, s))),
        );
        await insertChunked(
          trx,
          'notes',
          records.flatMap((r) => r.notes.map((n) => noteRow(n, sealerFor(n.customerId)))),
        );
      }),
    async phonesWithoutHmac(after, limit, unusable) {
      let query = db
        .selectFrom('customers')
        .select(['customer_id', 'phone'])
        .where('erased_at', 'is', null)
        .where((eb) => eb.or([eb('phone_hmac', 'is', null), eb.and([eb('phone_hmac', 'like', `${UNUSABLE_PHONE_PREFIX}%`), eb('phone_hmac', '<>', unusable)])]));
      if (after !== null) query = query.where('customer_id', '>', after);
      const rows = await query.orderBy('customer_id').limit(limit).execute();
      const sealers = await keys.existing(db, rows.map((r) => r.customer_id));
      // A customer erased since the page was read has no key and no number left to hash.
      return rows.flatMap((r) => {
        const sealer = sealers.get(r.customer_id);
        return sealer === undefined ? [] : [{ customerId: r.customer_id, phone: sealer.open('phone', r.phone) }];
      });
    },
    setPhoneHmacs: (rows) =>
      db.transaction().execute(async (trx) => {
        for (const row of rows) await trx.updateTable('customers').set({ phone_hmac: row.phoneHmac }).where('customer_id', '=', row.customerId).execute();
      }),
    async findCustomerIds(query, limit) {
      if (query.by === 'card') {
        const rows = await db.selectFrom('cards').select('customer_id').distinct().where('pan_hmac', '=', query.panHmac).orderBy('customer_id').limit(limit).execute();
        return rows.map((r) => r.customer_id);
      }
      if (query.by === 'phone') {
        const rows = await db.selectFrom('customers').select('customer_id').where('phone_hmac', '=', query.phoneHmac).orderBy('customer_id').limit(limit).execute();
        return rows.map((r) => r.customer_id);
      }
      if (query.by === 'customerId') {
        const rows = await db.selectFrom('customers').select('customer_id').where('customer_id', '=', query.value).limit(limit).execute();
        return rows.map((r) => r.customer_id);
      }
      const rows = await db
        .selectFrom('orders')
        .select('customer_id')
        .where('order_id', '=', query.value)
        .union(
          db
            .selectFrom('payments as p')
            .innerJoin('orders as o', 'o.order_id', 'p.order_id')
            .select('o.customer_id')
            .where('p.transaction_id', '=', query.value),
        )
        .limit(limit)
        .execute();
      return rows.map((r) => r.customer_id);
    },
    async summaries(customerIds) {
      const found = await Promise.all(
        customerIds.map(async (id) => {
          const row = await customerRow(id);
          const cards = (await cardsOf(id)).map(toCard);
          // Read after the row: an erasure that committed before this read left no key, and the customer is left out.
          const sealer = await sealerOf(db, id);
          return row && sealer ? [{ customer: toCustomer(row, sealer), cards }] : [];
        }),
      );
      return found.flat();
    },
    async detail(customerId) {
      const sealer = await sealerOf(db, customerId);
      const row = await customerRow(customerId);
      if (row === undefined || sealer === undefined) return null;
      const notes = await db.selectFrom('notes').selectAll().where('customer_id', '=', customerId).orderBy('at', 'desc').execute();
      const subscriptions = await db.selectFrom('subscriptions').selectAll().where('customer_id', '=', customerId).orderBy('expires_at', 'desc').execute();
      const cards = await cardsOf(customerId);
      const orders = await loadOrders(customerId);
      // The erasure removes the key and empties the rows in one transaction: a key still there after every read
      // means no read saw the erasure, so the record is whole; otherwise none of it is answered.
      if ((await sealerOf(db, customerId)) === undefined) return null;
      const set: CustomerRecordSet = {
        customer: toCustomer(row, sealer),
        cards: cards.map(toCard),
        orders,
        subscriptions: subscriptions.map(toSubscription),
        notes: notes.map((n) => ({ noteId: n.note_id, customerId: n.customer_id, authorId: n.author_id, authorName: n.author_name, at: n.at, text: sealer.open('note', n.text) })),
      };
      return set;
    },
    async revisionFacts(customerId) {
      const found = await db
        .selectFrom('customers')
        .select((eb) => eb.selectFrom('notes').select((n) => n.fn.countAll<number | string>().as('n')).where('customer_id', '=', customerId).as('notes'))
        .where('customer_id', '=', customerId)
        // An erased customer has no revision: a desk following it learns it is gone (not found) and drops it.
        .where('erased_at', 'is', null)
        .executeTakeFirst();
      if (found === undefined) return null;
      const orderIds = db.selectFrom('orders').select('order_id').where('customer_id', '=', customerId);
      const versionsOf = (type: string, ids: readonly string[] | SelectQueryBuilder<Database, keyof Database, Record<string, string>>) =>
        db.selectFrom('record_versions').select(['record_type', 'record_id', 'version']).where('record_type', '=', type).where('record_id', 'in', ids);
      // One arm per record type, each on the primary key (record_type, record_id).
      const rows = await versionsOf('customer', [customerId])
        .unionAll(versionsOf('order', orderIds))
        .unionAll(versionsOf('payment', db.selectFrom('payments').select('transaction_id').where('order_id', 'in', orderIds)))
        .unionAll(versionsOf('shipment', db.selectFrom('shipments').select('shipment_id').where('order_id', 'in', orderIds)))
        .unionAll(versionsOf('subscription', db.selectFrom('subscriptions').select('subscription_id').where('customer_id', '=', customerId)))
        .execute();
      return { versions: rows.map((r) => ({ type: r.record_type, id: r.record_id, version: r.version })), notes: Number(found.notes ?? 0) };
    },
    addNote: (note) =>
      db.transaction().execute(async (trx) => {
        await serialise(trx, engine, `customer:${note.customerId}`);
        const sealer = await sealerOf(trx, note.customerId);
        if (sealer === undefined) return false;
        await trx.insertInto('notes').values(noteRow(note, sealer)).execute();
        return true;
      }),
    async findSubscription(customerId, subscriptionId) {
      const row = await db.selectFrom('subscriptions').selectAll().where('customer_id', '=', customerId).where('subscription_id', '=', subscriptionId).executeTakeFirst();
      return row ? toSubscription(row) : null;
    },
    extendSubscription: (change) =>
      db.transaction().execute(async (trx) => {
        // Read and write under one lock, so parallel extensions add up instead of overwriting each other.
        await serialise(trx, engine, `subscription:${change.subscriptionId}`);
        await serialise(trx, engine, `customer:${change.history.customerId}`);
        const current = await trx.selectFrom('subscriptions').selectAll().where('subscription_id', '=', change.subscriptionId).executeTakeFirst();
        const sealer = await sealerOf(trx, change.history.customerId);
        if (current === undefined || current.status === 'cancelled' || sealer === undefined) return null;
        // An expired subscription is extended from now, an active one from its end.
        const from = Math.max(Date.parse(current.expires_at), change.at);
        const newExpiresAt = new Date(from + change.days * 86_400_000).toISOString();
        await trx.updateTable('subscriptions').set({ expires_at: newExpiresAt, status: 'active' }).where('subscription_id', '=', change.subscriptionId).execute();
        const at = new Date(change.at).toISOString();
        await trx
          .insertInto('subscription_extensions')
          .values({
            subscription_id: change.subscriptionId,
            days: change.days,
            reason: sealer.seal('extension', change.reason),
            by_user_id: change.byUserId,
            at,
            new_expires_at: newExpiresAt,
            sealed: 1,
          })
          .execute();
        const { history } = change;
        const text = extensionHistoryText({ product: history.product, days: change.days, newExpiresAt, reason: change.reason });
        await trx.insertInto('notes').values(noteRow({ noteId: history.noteId, customerId: history.customerId, authorId: history.authorId, authorName: history.authorName, at, text }, sealer)).execute();
        return toSubscription({ ...current, expires_at: newExpiresAt, status: 'active' });
      }),
    // Charged on every customer access, before its durable audit record: the charge's commit need not wait for the disk.
    takeQuota: (use) =>
      relaxedCommit(storage, async (trx): Promise<QuotaDecision> => {
        // Uses of one subject take turns: the sum each compares with the limit includes every use admitted before it.
        await serialise(trx, engine, `quota:${use.quota}:${use.subject}`);
        const windowStart = use.at - use.windowMs;
        const ofSubject = { quota: use.quota, subject: use.subject };
        await trx.deleteFrom('access_quota_uses').where('quota', '=', ofSubject.quota).where('subject', '=', ofSubject.subject).where('at', '<=', windowStart).execute();
        const used = await trx
          .selectFrom('access_quota_uses')
          .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount'), eb.val(0)).as('used'))
          .where('quota', '=', use.quota)
          .where('subject', '=', use.subject)
          .where('admitted', '=', 1)
          .where('at', '>', windowStart)
          .executeTakeFirstOrThrow();
        const admitted = used.used + use.amount <= use.limit;
        const taken = await trx
          .insertInto('access_quota_uses')
          .values({ quota: use.quota, subject: use.subject, at: use.at, amount: use.amount, admitted: admitted ? 1 : 0 })
          .returning(rowPosition(engine, 'access_quota_uses').as('use_id'))
          .executeTakeFirstOrThrow();
        const window = await trx
          .selectFrom('access_quota_uses')
          .select((eb) => [
            eb.fn.coalesce(eb.fn.sum<number>(eb.case().when('admitted', '=', 1).then(eb.ref('amount')).end()), eb.val(0)).as('used'),
            eb.fn.countAll<number>().filterWhere('admitted', '=', 0).as('refused'),
            eb.fn.min<number | null>(eb.case().when('admitted', '=', 1).then(eb.ref('at')).end()).as('oldest'),
          ])
          .where('quota', '=', use.quota)
          .where('subject', '=', use.subject)
          .where('at', '>', windowStart)
          .executeTakeFirstOrThrow();
        return {
          useId: taken.use_id,
          admitted,
          used: window.used,
          refused: window.refused,
          oldestAdmittedExpiresAt: window.oldest === null ? null : window.oldest + use.windowMs,
        };
      }),
    purgeRetained: (cutoffs) =>
      db.transaction().execute(async (trx) => {
        const notes = await trx.deleteFrom('notes').where('at', '<', cutoffs.notesBefore).executeTakeFirst();
        const closed = trx.selectFrom('orders').select('order_id').where('status', 'in', CLOSED_ORDER_STATUSES).where('placed_at', '<', cutoffs.closedOrdersBefore);
        await trx.deleteFrom('payments').where('order_id', 'in', closed).execute();
        await trx.deleteFrom('shipments').where('order_id', 'in', closed).execute();
        const orders = await trx.deleteFrom('orders').where('status', 'in', CLOSED_ORDER_STATUSES).where('placed_at', '<', cutoffs.closedOrdersBefore).executeTakeFirst();
        return { notes: Number(notes.numDeletedRows), orders: Number(orders.numDeletedRows) };
      }),
    exportData: (customerId, staff) => exportCustomer(storage, keys, customerId, staff),
    async erase(customerId, at) {
      const outcome = await db.transaction().execute(async (trx) => {
        await serialise(trx, engine, `customer:${customerId}`);
        return eraseCustomer(trx, customerId, at);
      });
      if (outcome.outcome === 'erased') await emptyWalAfterErasure(storage);
      return outcome;
    },
    async releaseQuota(useId) {
      await db.deleteFrom('access_quota_uses').where(rowPosition(engine, 'access_quota_uses'), '=', useId).execute();
    },
  };
}
