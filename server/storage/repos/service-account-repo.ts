// Service accounts of the systems of record, and the webhook deliveries each
// has taken (a replayed delivery finds its row already there).
import type { Selectable } from 'kysely';
import { z } from 'zod';
import { ContactCenterLinkSchema, ServiceAccountScopeSchema } from '../../../shared/schemas/service-accounts.ts';
import { WebhookMappingsSchema } from '../../../shared/schemas/webhook-mapping.ts';
import { isUniqueViolation, type Storage } from '../dialect.ts';
import type { ServiceAccountRecord, ServiceAccountRepo } from '../store.ts';
import type { ServiceAccountsTable } from '../tables.ts';

const ScopesJsonSchema = z.array(ServiceAccountScopeSchema);

const toAccount = (row: Selectable<ServiceAccountsTable>): ServiceAccountRecord => ({
  accountId: row.account_id,
  source: row.source,
  recordTypes: ScopesJsonSchema.parse(JSON.parse(row.record_types)),
  tokenHash: row.token_hash,
  webhookSecretSealed: row.webhook_secret_sealed,
  webhookMappings: WebhookMappingsSchema.parse(JSON.parse(row.webhook_mappings)),
  contactCenter: row.contact_center === null ? null : ContactCenterLinkSchema.parse(JSON.parse(row.contact_center)),
  reason: row.reason,
  createdAt: row.created_at,
  createdBy: row.created_by,
  revokedAt: row.revoked_at,
});

export function kyselyServiceAccountRepo({ db }: Storage): ServiceAccountRepo {
  return {
    async insert(account) {
      try {
        await db
          .insertInto('service_accounts')
          .values({
            account_id: account.accountId,
            source: account.source,
            record_types: JSON.stringify(account.recordTypes),
            token_hash: account.tokenHash,
            webhook_secret_sealed: account.webhookSecretSealed,
            webhook_mappings: JSON.stringify(account.webhookMappings),
            contact_center: account.contactCenter === null ? null : JSON.stringify(account.contactCenter),
            reason: account.reason,
            created_at: account.createdAt,
            created_by: account.createdBy,
          })
          .execute();
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },
    async list() {
      return (await db.selectFrom('service_accounts').selectAll().orderBy('created_at').orderBy('account_id').execute()).map(toAccount);
    },
    async findByTokenHash(tokenHash) {
      const row = await db.selectFrom('service_accounts').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      return row === undefined ? null : toAccount(row);
    },
    async findLiveBySource(source) {
      const row = await db.selectFrom('service_accounts').selectAll().where('source', '=', source).where('revoked_at', 'is', null).executeTakeFirst();
      return row === undefined ? null : toAccount(row);
    },
    async findLive(accountId) {
      const row = await db.selectFrom('service_accounts').selectAll().where('account_id', '=', accountId).where('revoked_at', 'is', null).executeTakeFirst();
      return row === undefined ? null : toAccount(row);
    },
    async setContactCenter(accountId, link) {
      const row = await db
        .updateTable('service_accounts')
        .set({ contact_center: JSON.stringify(link) })
        .where('account_id', '=', accountId)
        .where('revoked_at', 'is', null)
        .where('contact_center', 'is not', null)
        .returningAll()
        .executeTakeFirst();
      return row === undefined ? null : toAccount(row);
    },
    async revoke(accountId, revocation) {
      const row = await db
        .updateTable('service_accounts')
        .set({ revoked_at: revocation.at, revoked_by: revocation.by, revoke_reason: revocation.reason })
        .where('account_id', '=', accountId)
        .where('revoked_at', 'is', null)
        .returningAll()
        .executeTakeFirst();
      return row === undefined ? null : toAccount(row);
    },
    async claimDelivery(accountId, delivery, at, forgetBefore) {
      await db.deleteFrom('webhook_deliveries').where('received_at', '<', forgetBefore).execute();
      const taken = await db
        .insertInto('webhook_deliveries')
        .values({ account_id: accountId, delivery, received_at: at })
        .onConflict((oc) => oc.columns(['account_id', 'delivery']).doNothing())
        .executeTakeFirst();
      return Number(taken.numInsertedOrUpdatedRows ?? 0n) === 1;
    },
  };
}
