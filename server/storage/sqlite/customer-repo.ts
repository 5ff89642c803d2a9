// Customers, cards (HMAC + facets only), orders, payments, shipments,
// subscriptions and notes in SQLite.
import { extensionHistoryText } from '../../customers/extension-history.ts';
import type Database from 'better-sqlite3';
import { CardBrandSchema } from '../../../shared/pan.ts';
import { OrderSchema, PaymentSchema, ShipmentSchema, SubscriptionSchema } from '../../../shared/schemas/customer.ts';
import type { CardRecord, CustomerRecordSet, CustomerRepo, QuotaDecision, StoredCustomer, StoredOrder } from '../store.ts';

interface CustomerRow {
  customer_id: string;
  display_name: string;
  email: string;
  phone: string;
  city: string;
  postcode: string;
  country: string;
  member_since: string;
}
interface CardRow {
  card_id: string;
  customer_id: string;
  pan_hmac: string;
  bin: string;
  last4: string;
  length: number;
  brand: string;
  expiry: string;
}
interface OrderRow {
  order_id: string;
  placed_at: string;
  status: string;
  total_minor: number;
  currency: string;
  items: string;
}
interface PaymentRow {
  transaction_id: string;
  order_id: string;
  card_id: string;
  status: string;
  amount_minor: number;
  currency: string;
  at: string;
  refunds: string;
}
interface ShipmentRow {
  shipment_id: string;
  order_id: string;
  carrier: string;
  tracking_number: string;
  status: string;
  eta: string | null;
  tracking_url: string | null;
  history: string;
}
interface SubscriptionRow {
  subscription_id: string;
  product: string;
  kind: string;
  status: string;
  started_at: string;
  expires_at: string;
  auto_renew: number;
}

const toCustomer = (r: CustomerRow): StoredCustomer => ({
  customerId: r.customer_id,
  displayName: r.display_name,
  email: r.email,
  phone: r.phone,
  city: r.city,
  postcode: r.postcode,
  country: r.country,
  memberSince: r.member_since,
});
const toCard = (r: CardRow): CardRecord => ({
  cardId: r.card_id,
  customerId: r.customer_id,
  panHmac: r.pan_hmac,
  bin: r.bin,
  last4: r.last4,
  length: r.length,
  brand: CardBrandSchema.parse(r.brand),
  expiry: r.expiry,
});
const toSubscription = (r: SubscriptionRow) =>
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

export function sqliteCustomerRepo(db: Database.Database): CustomerRepo {
  const byCustomerId = db.prepare<[string, number], { customer_id: string }>('SELECT customer_id FROM customers WHERE customer_id = ? LIMIT ?');
  const byOrder = db.prepare<[string, string, number], { customer_id: string }>(
    `SELECT customer_id FROM orders WHERE order_id = ?
     UNION SELECT o.customer_id FROM payments p JOIN orders o ON o.order_id = p.order_id WHERE p.transaction_id = ?
     LIMIT ?`,
  );
  const byCard = db.prepare<[string, number], { customer_id: string }>(
    'SELECT DISTINCT customer_id FROM cards WHERE pan_hmac = ? ORDER BY customer_id LIMIT ?',
  );
  const customer = db.prepare<[string], CustomerRow>('SELECT * FROM customers WHERE customer_id = ?');
  const cards = db.prepare<[string], CardRow>('SELECT * FROM cards WHERE customer_id = ? ORDER BY card_id');
  const orders = db.prepare<[string], OrderRow>('SELECT * FROM orders WHERE customer_id = ? ORDER BY placed_at DESC');
  const payments = db.prepare<[string], PaymentRow>('SELECT * FROM payments WHERE order_id = ? ORDER BY at');
  const shipments = db.prepare<[string], ShipmentRow>('SELECT * FROM shipments WHERE order_id = ? ORDER BY shipment_id');
  const subscriptions = db.prepare<[string], SubscriptionRow>('SELECT * FROM subscriptions WHERE customer_id = ? ORDER BY expires_at DESC');
  const subscription = db.prepare<[string, string], SubscriptionRow>(
    'SELECT * FROM subscriptions WHERE customer_id = ? AND subscription_id = ?',
  );
  const subscriptionById = db.prepare<[string], SubscriptionRow>('SELECT * FROM subscriptions WHERE subscription_id = ?');
  const notes = db.prepare<[string], { note_id: string; customer_id: string; author_id: string; author_name: string; at: string; text: string }>(
    'SELECT * FROM notes WHERE customer_id = ? ORDER BY at DESC',
  );
  const insertNote = db.prepare('INSERT INTO notes (note_id, customer_id, author_id, author_name, at, text) VALUES (?, ?, ?, ?, ?, ?)');
  const extend = db.prepare("UPDATE subscriptions SET expires_at = ?, status = 'active' WHERE subscription_id = ?");
  const recordExtension = db.prepare(
    'INSERT INTO subscription_extensions (subscription_id, days, reason, by_user_id, at, new_expires_at) VALUES (?, ?, ?, ?, ?, ?)',
  );

  const countCustomers = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM customers');
  const insertCustomer = db.prepare(
    `INSERT INTO customers (customer_id, display_name, email, phone, city, postcode, country, member_since)
     VALUES (@customerId, @displayName, @email, @phone, @city, @postcode, @country, @memberSince)`,
  );
  const insertCard = db.prepare(
    `INSERT INTO cards (card_id, customer_id, pan_hmac, bin, last4, length, brand, expiry)
     VALUES (@cardId, @customerId, @panHmac, @bin, @last4, @length, @brand, @expiry)`,
  );
  const insertOrder = db.prepare(
    'INSERT INTO orders (order_id, customer_id, placed_at, status, total_minor, currency, items) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertPayment = db.prepare(
    'INSERT INTO payments (transaction_id, order_id, card_id, status, amount_minor, currency, at, refunds) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertShipment = db.prepare(
    'INSERT INTO shipments (shipment_id, order_id, carrier, tracking_number, status, eta, tracking_url, history) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertSubscription = db.prepare(
    'INSERT INTO subscriptions (subscription_id, customer_id, product, kind, status, started_at, expires_at, auto_renew) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const importTx = db.transaction((records: readonly CustomerRecordSet[]) => {
    for (const r of records) {
      insertCustomer.run(r.customer);
      for (const c of r.cards) insertCard.run(c);
      for (const o of r.orders) {
        insertOrder.run(o.orderId, r.customer.customerId, o.placedAt, o.status, o.totalMinor, o.currency, JSON.stringify(o.items));
        for (const p of o.payments) insertPayment.run(p.transactionId, o.orderId, p.cardId, p.status, p.amountMinor, p.currency, p.at, JSON.stringify(p.refunds));
        for (const s of o.shipments) {
          insertShipment.run(s.shipmentId, o.orderId, s.carrier, s.trackingNumber, s.status, s.eta, s.trackingUrl, JSON.stringify(s.history));
        }
      }
      for (const s of r.subscriptions) {
        insertSubscription.run(s.subscriptionId, r.customer.customerId, s.product, s.kind, s.status, s.startedAt, s.expiresAt, s.autoRenew ? 1 : 0);
      }
      for (const n of r.notes) insertNote.run(n.noteId, n.customerId, n.authorId, n.authorName, n.at, n.text);
    }
  });

  const loadOrders = (customerId: string): StoredOrder[] =>
    orders.all(customerId).map((o) => ({
      orderId: o.order_id,
      placedAt: o.placed_at,
      status: OrderStatusSchema.parse(o.status),
      totalMinor: o.total_minor,
      currency: o.currency,
      items: ItemsSchema.parse(JSON.parse(o.items)),
      payments: payments.all(o.order_id).map((p) => ({
        transactionId: p.transaction_id,
        status: PaymentStatusSchema.parse(p.status),
        amountMinor: p.amount_minor,
        currency: p.currency,
        at: p.at,
        cardId: p.card_id,
        refunds: RefundsSchema.parse(JSON.parse(p.refunds)),
      })),
      shipments: shipments.all(o.order_id).map((s) =>
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
    }));

  const extendTx = db.transaction((change: Parameters<CustomerRepo['extendSubscription']>[0]) => {
    const current = subscriptionById.get(change.subscriptionId);
    if (current === undefined || current.status === 'cancelled') return null;
    // An expired subscription is extended from now, an active one from its end.
    const from = Math.max(Date.parse(current.expires_at), change.at);
    const newExpiresAt = new Date(from + change.days * 86_400_000).toISOString();
    extend.run(newExpiresAt, change.subscriptionId);
    const at = new Date(change.at).toISOString();
    recordExtension.run(change.subscriptionId, change.days, change.reason, change.byUserId, at, newExpiresAt);
    const { history } = change;
    const text = extensionHistoryText({ product: history.product, days: change.days, newExpiresAt, reason: change.reason });
    insertNote.run(history.noteId, history.customerId, history.authorId, history.authorName, at, text);
    return toSubscription({ ...current, expires_at: newExpiresAt, status: 'active' });
  });

  const pruneQuota = db.prepare<[string, string, number]>('DELETE FROM access_quota_uses WHERE quota = ? AND subject = ? AND at <= ?');
  // Decides and records in one statement: the sum it compares with the limit is read under the same write lock.
  const takeQuota = db.prepare<
    { quota: string; subject: string; at: number; amount: number; limit: number; windowStart: number },
    { use_id: number; admitted: number }
  >(
    `INSERT INTO access_quota_uses (quota, subject, at, amount, admitted)
     SELECT @quota, @subject, @at, @amount,
       COALESCE((SELECT SUM(amount) FROM access_quota_uses WHERE quota = @quota AND subject = @subject AND admitted = 1 AND at > @windowStart), 0)
         + @amount <= @limit
     RETURNING rowid AS use_id, admitted`,
  );
  const quotaWindow = db.prepare<[string, string, number], { used: number; refused: number; oldest: number | null }>(
    `SELECT COALESCE(SUM(CASE WHEN admitted = 1 THEN amount END), 0) AS used,
       COALESCE(SUM(admitted = 0), 0) AS refused,
       MIN(CASE WHEN admitted = 1 THEN at END) AS oldest
     FROM access_quota_uses WHERE quota = ? AND subject = ? AND at > ?`,
  );
  const releaseQuota = db.prepare<[number]>('DELETE FROM access_quota_uses WHERE rowid = ?');
  const quotaTx = db.transaction((use: Parameters<CustomerRepo['takeQuota']>[0]): QuotaDecision => {
    const windowStart = use.at - use.windowMs;
    pruneQuota.run(use.quota, use.subject, windowStart);
    const taken = takeQuota.get({ ...use, windowStart });
    if (taken === undefined) throw new Error('quota use was not recorded');
    const window = quotaWindow.get(use.quota, use.subject, windowStart);
    return {
      useId: taken.use_id,
      admitted: taken.admitted === 1,
      used: window?.used ?? 0,
      refused: window?.refused ?? 0,
      oldestAdmittedExpiresAt: window?.oldest == null ? null : window.oldest + use.windowMs,
    };
  });

  return {
    count: () => Promise.resolve(countCustomers.get()?.n ?? 0),
    importCustomers: (records) => {
      importTx(records);
      return Promise.resolve();
    },
    findCustomerIds: (query, limit) => {
      const rows =
        query.by === 'card'
          ? byCard.all(query.panHmac, limit)
          : query.by === 'customerId'
            ? byCustomerId.all(query.value, limit)
            : byOrder.all(query.value, query.value, limit);
      return Promise.resolve(rows.map((r) => r.customer_id));
    },
    summaries: (customerIds) =>
      Promise.resolve(
        customerIds.flatMap((id) => {
          const row = customer.get(id);
          return row ? [{ customer: toCustomer(row), cards: cards.all(id).map(toCard) }] : [];
        }),
      ),
    detail: (customerId) => {
      const row = customer.get(customerId);
      if (row === undefined) return Promise.resolve(null);
      const set: CustomerRecordSet = {
        customer: toCustomer(row),
        cards: cards.all(customerId).map(toCard),
        orders: loadOrders(customerId),
        subscriptions: subscriptions.all(customerId).map(toSubscription),
        notes: notes.all(customerId).map((n) => ({
          noteId: n.note_id,
          customerId: n.customer_id,
          authorId: n.author_id,
          authorName: n.author_name,
          at: n.at,
          text: n.text,
        })),
      };
      return Promise.resolve(set);
    },
    addNote: (note) => {
      insertNote.run(note.noteId, note.customerId, note.authorId, note.authorName, note.at, note.text);
      return Promise.resolve();
    },
    findSubscription: (customerId, subscriptionId) => {
      const row = subscription.get(customerId, subscriptionId);
      return Promise.resolve(row ? toSubscription(row) : null);
    },
    extendSubscription: (change) => Promise.resolve(extendTx.immediate(change)),
    takeQuota: (use) => Promise.resolve(quotaTx.immediate(use)),
    releaseQuota: (useId) => {
      releaseQuota.run(useId);
      return Promise.resolve();
    },
  };
}
