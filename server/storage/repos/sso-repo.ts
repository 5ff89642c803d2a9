// Single sign-on attempts and subject links. Redeeming an attempt is one DELETE
// ... RETURNING, so of parallel redemptions of one state exactly one gets it. A
// link commits with its audit record on the gateway chain, or not at all.
import type { Selectable } from 'kysely';
import { isUniqueViolation, type Storage } from '../dialect.ts';
import { appendGatewayEvents } from './gateway-chain.ts';
import type { SsoAttemptRecord, SsoRepo } from '../store.ts';
import type { SsoAttemptsTable } from '../tables.ts';

const toAttempt = (row: Selectable<SsoAttemptsTable>): SsoAttemptRecord => ({
  state: row.state,
  nonce: row.nonce,
  providerId: row.provider_id,
  deviceId: row.device_id,
  redirectUri: row.redirect_uri,
  expiresAt: row.expires_at,
});

export function kyselySsoRepo({ db, engine }: Storage): SsoRepo {
  return {
    async insertAttempt(attempt, now) {
      await db.deleteFrom('sso_attempts').where('expires_at', '<=', now).execute();
      await db
        .insertInto('sso_attempts')
        .values({
          state: attempt.state,
          nonce: attempt.nonce,
          provider_id: attempt.providerId,
          device_id: attempt.deviceId,
          redirect_uri: attempt.redirectUri,
          expires_at: attempt.expiresAt,
        })
        .execute();
    },
    async consumeAttempt(state, deviceId, now) {
      const row = await db
        .deleteFrom('sso_attempts')
        .where('state', '=', state)
        .where('device_id', '=', deviceId)
        .where('expires_at', '>', now)
        .returningAll()
        .executeTakeFirst();
      return row === undefined ? null : toAttempt(row);
    },
    async findLinkedUser(providerId, subject) {
      const row = await db
        .selectFrom('sso_identities')
        .select('user_id')
        .where('provider_id', '=', providerId)
        .where('subject', '=', subject)
        .executeTakeFirst();
      return row?.user_id ?? null;
    },
    async link({ providerId, subject, userId, at }, record) {
      try {
        return await db.transaction().execute(async (trx) => {
          await trx.insertInto('sso_identities').values({ provider_id: providerId, subject, user_id: userId, linked_at: at }).execute();
          return { outcome: true, chained: await appendGatewayEvents(trx, engine, [record()]) };
        });
      } catch (error) {
        // The unique violation rolled the transaction back: no link of ours, no record.
        if (isUniqueViolation(error)) return { outcome: false, chained: [] };
        throw error;
      }
    },
    async isSsoOnly(userId) {
      // Either rule makes an account SSO-only: a linked subject, or the flag SCIM provisioning sets on the people it creates.
      const linked = await db.selectFrom('sso_identities').select('user_id').where('user_id', '=', userId).executeTakeFirst();
      if (linked !== undefined) return true;
      const flagged = await db.selectFrom('users').select('sso_only').where('user_id', '=', userId).executeTakeFirst();
      return flagged?.sso_only === 1;
    },
  };
}
