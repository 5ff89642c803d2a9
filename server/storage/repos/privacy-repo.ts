// Data-subject requests and legal holds (issue 27). Completing an erasure
// request checks the customer's live holds, erases the customer and closes the
// request in one transaction under the customer's lock, so two officers acting at
// once, or a hold placed meanwhile, never leave half an erasure.
import type { Selectable } from 'kysely';
import { serialise, type Storage } from '../dialect.ts';
import type { LegalHoldRecord, PrivacyRepo, PrivacyRequestRecord } from '../store.ts';
import type { LegalHoldsTable, PrivacyRequestsTable } from '../tables.ts';
import { emptyWalAfterErasure, eraseCustomer } from './customer-erasure.ts';

const toRequest = (r: Selectable<PrivacyRequestsTable>): PrivacyRequestRecord => ({
  requestId: r.request_id,
  customerId: r.customer_id,
  kind: r.kind,
  law: r.law,
  verification: r.verification,
  status: r.status,
  receivedAt: r.received_at,
  dueAt: r.due_at,
  extension: r.extended_at === null ? null : { reason: r.extension_reason ?? '', at: r.extended_at },
  openedBy: r.opened_by,
  completedAt: r.completed_at,
  completedBy: r.completed_by,
});
const toHold = (r: Selectable<LegalHoldsTable>): LegalHoldRecord => ({
  holdId: r.hold_id,
  customerId: r.customer_id,
  reason: r.reason,
  owner: r.owner,
  placedBy: r.placed_by,
  placedAt: r.placed_at,
  expiresAt: r.expires_at,
  releasedAt: r.released_at,
});

export function kyselyPrivacyRepo(storage: Storage): PrivacyRepo {
  const { db, engine } = storage;
  const liveHolds = (customerIds: readonly string[], now: number) =>
    customerIds.length === 0
      ? Promise.resolve([])
      : db.selectFrom('legal_holds').selectAll().where('customer_id', 'in', customerIds).where('released_at', 'is', null).where('expires_at', '>', now).orderBy('placed_at').execute();
  return {
    async openRequest(request) {
      await db
        .insertInto('privacy_requests')
        .values({
          request_id: request.requestId,
          customer_id: request.customerId,
          kind: request.kind,
          law: request.law,
          verification: request.verification,
          status: 'open',
          received_at: request.receivedAt,
          due_at: request.dueAt,
          opened_by: request.openedBy,
        })
        .execute();
    },
    async requests() {
      return (await db.selectFrom('privacy_requests').selectAll().orderBy('due_at').orderBy('request_id').execute()).map(toRequest);
    },
    async request(requestId) {
      const row = await db.selectFrom('privacy_requests').selectAll().where('request_id', '=', requestId).executeTakeFirst();
      return row === undefined ? null : toRequest(row);
    },
    async extend(requestId, change) {
      // Once only, and only while open: the compare-and-set is the WHERE clause.
      const result = await db
        .updateTable('privacy_requests')
        .set({ due_at: change.dueAt, extension_reason: change.reason, extended_at: change.at })
        .where('request_id', '=', requestId)
        .where('status', '=', 'open')
        .where('extended_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async complete(requestId, change) {
      const result = await db.transaction().execute(async (trx) => {
        const found = await trx.selectFrom('privacy_requests').select(['customer_id', 'kind']).where('request_id', '=', requestId).executeTakeFirst();
        if (found === undefined) return { outcome: 'not_found' as const };
        await serialise(trx, engine, `customer:${found.customer_id}`);
        const row = await trx.selectFrom('privacy_requests').selectAll().where('request_id', '=', requestId).executeTakeFirstOrThrow();
        if (row.status !== 'open') return { outcome: 'not_open' as const };
        if (row.kind === 'erasure' && change.status === 'completed') {
          const holds = await trx
            .selectFrom('legal_holds')
            .selectAll()
            .where('customer_id', '=', row.customer_id)
            .where('released_at', 'is', null)
            .where('expires_at', '>', change.at)
            .execute();
          if (holds.length > 0) return { outcome: 'on_hold' as const, holds: holds.map(toHold) };
          const erased = await eraseCustomer(trx, row.customer_id, change.at);
          if (erased.outcome === 'not_found') return { outcome: 'not_found' as const };
        }
        await trx.updateTable('privacy_requests').set({ status: change.status, completed_at: change.at, completed_by: change.by }).where('request_id', '=', requestId).execute();
        return { outcome: 'done' as const, erased: row.kind === 'erasure' && change.status === 'completed', request: toRequest({ ...row, status: change.status, completed_at: change.at, completed_by: change.by }) };
      });
      if (result.outcome === 'done' && result.erased) await emptyWalAfterErasure(storage);
      return result;
    },
    async holdsOf(customerIds, now) {
      return (await liveHolds(customerIds, now)).map(toHold);
    },
    async placeHold(hold) {
      await db
        .insertInto('legal_holds')
        .values({
          hold_id: hold.holdId,
          customer_id: hold.customerId,
          reason: hold.reason,
          owner: hold.owner,
          placed_by: hold.placedBy,
          placed_at: hold.placedAt,
          expires_at: hold.expiresAt,
        })
        .execute();
    },
    async releaseHold(holdId, by, at) {
      const row = await db
        .updateTable('legal_holds')
        .set({ released_at: at, released_by: by })
        .where('hold_id', '=', holdId)
        .where('released_at', 'is', null)
        .returningAll()
        .executeTakeFirst();
      return row === undefined ? null : toHold(row);
    },
  };
}
