// Erasure by crypto-shredding (issue 27), in the caller's transaction: the
// customer's data key goes, and with it every sealed copy of its personal fields
// wherever they were copied. The live rows are emptied too, the notes removed
// and the blind phone index dropped, so nothing keyed to the person is left to
// match. Orders, payments and masked cards stay, tied to the emptied customer
// row: they follow the retention schedule, and the books still add up.
import { sql, type Transaction } from 'kysely';
import type { Storage } from '../dialect.ts';
import type { Database } from '../tables.ts';
import type { ErasureOutcome } from '../store.ts';
import { SEALED_CUSTOMER_COLUMNS } from './customer-keys.ts';

export async function eraseCustomer(trx: Transaction<Database>, customerId: string, at: number): Promise<ErasureOutcome> {
  const row = await trx.selectFrom('customers').select(['erased_at', 'phone_hmac']).where('customer_id', '=', customerId).executeTakeFirst();
  if (row === undefined) return { outcome: 'not_found' };
  if (row.erased_at !== null) return { outcome: 'already_erased', erasedAt: row.erased_at };
  await trx.deleteFrom('customer_keys').where('customer_id', '=', customerId).execute();
  const emptied = Object.fromEntries(SEALED_CUSTOMER_COLUMNS.map((column) => [column, '']));
  await trx.updateTable('customers').set({ ...emptied, phone_hmac: null, sealed: 1, erased_at: at }).where('customer_id', '=', customerId).execute();
  await trx.deleteFrom('notes').where('customer_id', '=', customerId).execute();
  const subscriptions = trx.selectFrom('subscriptions').select('subscription_id').where('customer_id', '=', customerId);
  await trx.updateTable('subscription_extensions').set({ reason: '' }).where('subscription_id', 'in', subscriptions).execute();
  const orders = trx.selectFrom('orders').select('order_id').where('customer_id', '=', customerId);
  // A tracking number leads to the carrier's record of the delivery address.
  await trx.updateTable('shipments').set({ tracking_number: '', tracking_url: null, history: '[]' }).where('order_id', 'in', orders).execute();
  if (row.phone_hmac !== null) await trx.updateTable('calls').set({ caller_hmac: null }).where('caller_hmac', '=', row.phone_hmac).execute();
  return { outcome: 'erased' };
}

/** After an erasure commits: SQLite's WAL still holds the pages as they were, the key among them, until a checkpoint empties it. */
export async function emptyWalAfterErasure({ db, engine }: Storage): Promise<void> {
  if (engine === 'sqlite') await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
}
