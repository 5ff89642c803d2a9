// The one shape of an administrative write: a transaction under the admin lock
// (serialise(): a no-op on SQLite's single writer) that decides, changes and
// appends the audit records of its outcome to the gateway chain before it
// commits. People and device administration share the lock, so a disable and
// the disabled admin's writes in flight are put in one order: those after it
// find their actor inactive.
import type { Transaction } from 'kysely';
import type { AuditEvent } from '../../../shared/audit.ts';
import type { Audited } from '../../core/audit-port.ts';
import { serialise, type Storage } from '../dialect.ts';
import type { RecordOf } from '../store.ts';
import type { Database } from '../tables.ts';
import { appendGatewayEvents } from './gateway-chain.ts';
import { isActiveAdmin } from './user-columns.ts';

const ADMIN_LOCK = 'admin-accounts';

/** Takes the admin lock: for a write outside admin-write's shape that must not race the last-admin rule (the inactivity rule). */
export const serialiseAdmin = (trx: AdminTrx, engine: Storage['engine']): Promise<void> => serialise(trx, engine, ADMIN_LOCK);

export type AdminTrx = Transaction<Database>;

/** Runs `decide` under the admin lock and appends the records of its outcome in the same transaction. */
export const adminWriteAll = <T>({ db, engine }: Storage, decide: (trx: AdminTrx) => Promise<T>, records: (outcome: T) => readonly AuditEvent[]): Promise<Audited<T>> =>
  db.transaction().execute(async (trx) => {
    await serialiseAdmin(trx, engine);
    const outcome = await decide(trx);
    return { outcome, chained: await appendGatewayEvents(trx, engine, records(outcome)) };
  });

/** adminWriteAll with at most one record. */
export const adminWrite = <T>(storage: Storage, decide: (trx: AdminTrx) => Promise<T>, record: RecordOf<T>): Promise<Audited<T>> =>
  adminWriteAll(storage, decide, (outcome) => {
    const event = record(outcome);
    return event === null ? [] : [event];
  });

/** Whether the acting account is, inside this transaction, still an enabled admin. */
export async function actorIsActiveAdmin(trx: AdminTrx, actorId: string): Promise<boolean> {
  const actor = await trx.selectFrom('users').select(['roles', 'disabled_at']).where('user_id', '=', actorId).executeTakeFirst();
  return actor !== undefined && isActiveAdmin(actor);
}
