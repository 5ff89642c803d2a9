// Seals what was stored in plain text before migration 021 (customers' personal
// fields, note text, extension reasons) under each customer's new data key. The
// migration cannot: only the gateway holds the seal key, so the store does it
// when it is opened with one, page by page, each page in its own transaction.
// A value of a customer already erased is emptied, never sealed.
import type { Storage } from '../dialect.ts';
import type { CustomerKeys } from './customer-keys.ts';

const PAGE = 500;

export interface SealedCounts {
  readonly customers: number;
  readonly notes: number;
  readonly extensions: number;
}

export async function sealPlaintextRows({ db }: Storage, keys: CustomerKeys): Promise<SealedCounts> {
  let customers = 0;
  let notes = 0;
  let extensions = 0;
  for (;;) {
    const done = await db.transaction().execute(async (trx) => {
      const rows = await trx.selectFrom('customers').selectAll().where('sealed', '=', 0).orderBy('customer_id').limit(PAGE).execute();
      const sealers = await keys.ensure(trx, rows.map((r) => r.customer_id));
      for (const row of rows) {
        const sealer = sealers.get(row.customer_id);
        if (sealer === undefined) throw new Error('a customer without a key was stored unsealed');
        const { customer_id: customerId, ...sealed } = keys.sealRow(row, sealer);
        await trx.updateTable('customers').set(sealed).where('customer_id', '=', customerId).execute();
      }
      customers += rows.length;
      return rows.length < PAGE;
    });
    if (done) break;
  }
  for (;;) {
    const done = await db.transaction().execute(async (trx) => {
      const rows = await trx.selectFrom('notes').select(['note_id', 'customer_id', 'text']).where('sealed', '=', 0).orderBy('note_id').limit(PAGE).execute();
      const sealers = await keys.existing(trx, rows.map((r) => r.customer_id));
      for (const row of rows) {
        const sealer = sealers.get(row.customer_id);
        const change = sealer === undefined ? { text: '', sealed: 1 } : { text: sealer.seal('note', row.text), sealed: 1 };
        await trx.updateTable('notes').set(change).where('note_id', '=', row.note_id).execute();
      }
      notes += rows.length;
      return rows.length < PAGE;
    });
    if (done) break;
  }
  for (;;) {
    const done = await db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('subscription_extensions as e')
        .innerJoin('subscriptions as s', 's.subscription_id', 'e.subscription_id')
        .select(['e.subscription_id', 'e.at', 'e.days', 'e.by_user_id', 'e.reason', 's.customer_id'])
        .where('e.sealed', '=', 0)
        .limit(PAGE)
        .execute();
      const sealers = await keys.existing(trx, rows.map((r) => r.customer_id));
      for (const row of rows) {
        const sealer = sealers.get(row.customer_id);
        // The table has no key of its own: the row is the unsealed one with exactly these values.
        await trx
          .updateTable('subscription_extensions')
          .set({ reason: sealer === undefined ? '' : sealer.seal('extension', row.reason), sealed: 1 })
          .where('subscription_id', '=', row.subscription_id)
          .where('at', '=', row.at)
          .where('days', '=', row.days)
          .where('by_user_id', '=', row.by_user_id)
          .where('reason', '=', row.reason)
          .where('sealed', '=', 0)
          .execute();
      }
      extensions += rows.length;
      return rows.length < PAGE;
    });
    if (done) break;
  }
  return { customers, notes, extensions };
}
