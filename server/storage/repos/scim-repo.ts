// The accounts an identity provider provisions over SCIM. Each write is an
// administrative write (admin-write.ts): one transaction under the people
// administration's lock that checks the ETag version and the username, changes,
// and appends its audit records, so no change outlives a failed record. When it
// takes access away (deactivation, other roles, a DELETE) it revokes every
// session of the account in the same commit: every gateway instance checks the
// session family on each request and refresh.
import type { Selectable } from 'kysely';
import type { Storage } from '../dialect.ts';
import type { EndedSession, RecordsOf, ScimAccountFields, ScimAccountRecord, ScimChangeOutcome, ScimRepo } from '../store.ts';
import type { UsersTable } from '../tables.ts';
import { toAccount } from './admin-repo.ts';
import { adminWriteAll } from './admin-write.ts';

const toScimAccount = (row: Selectable<UsersTable>): ScimAccountRecord => ({
  ...toAccount(row),
  externalId: row.external_id,
  profileJson: row.scim_profile ?? '{}',
  version: row.scim_version,
  modifiedAt: Math.max(row.created_at, row.disabled_at ?? 0, row.enabled_at ?? 0),
});

const columnsOf = (fields: ScimAccountFields) => ({
  username: fields.username,
  display_name: fields.displayName,
  external_id: fields.externalId,
  scim_profile: fields.profileJson,
  roles: JSON.stringify(fields.roles),
});

const sameRoles = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((role) => b.includes(role));

export function kyselyScimRepo(storage: Storage): ScimRepo {
  const { db } = storage;
  // SCIM's own accounts are those it created (they have a profile); sso_only is the sign-in rule, which an admin may relax.
  const provisioned = () => db.selectFrom('users').where('scim_profile', 'is not', null).where('scim_removed_at', 'is', null);

  /** Finds the account, checks the version, applies `change`; ends the sessions when `endsSessions` says so. */
  const write = (
    userId: string,
    expectedVersion: number | null,
    at: number,
    change: (before: ScimAccountRecord) => { columns: Record<string, unknown>; endsSessions: boolean; username?: string },
    records: RecordsOf<ScimChangeOutcome>,
  ) =>
    adminWriteAll(storage, async (trx): Promise<ScimChangeOutcome> => {
      const row = await trx
        .selectFrom('users')
        .selectAll()
        .where('user_id', '=', userId)
        .where('scim_profile', 'is not', null)
        .where('scim_removed_at', 'is', null)
        .executeTakeFirst();
      if (row === undefined) return { ok: false, refusal: 'not_found' };
      const before = toScimAccount(row);
      if (expectedVersion !== null && expectedVersion !== before.version) return { ok: false, refusal: 'version_mismatch' };
      const { columns, endsSessions, username } = change(before);
      if (username !== undefined && username !== before.username) {
        const taken = await trx.selectFrom('users').select('user_id').where('username', '=', username).executeTakeFirst();
        if (taken !== undefined) return { ok: false, refusal: 'username_taken' };
      }
      const updated = await trx
        .updateTable('users')
        .set({ ...columns, scim_version: before.version + 1 })
        .where('user_id', '=', userId)
        .returningAll()
        .executeTakeFirstOrThrow();
      let endedSessions: EndedSession[] = [];
      if (endsSessions) {
        endedSessions = (
          await trx
            .updateTable('session_families')
            .set({ revoked_at: at })
            .where('user_id', '=', userId)
            .where('revoked_at', 'is', null)
            .returning(['device_id', 'family_id'])
            .execute()
        ).map((r) => ({ deviceId: r.device_id, familyId: r.family_id }));
      }
      return { ok: true, before, account: toScimAccount(updated), endedSessions };
    }, records);

  return {
    async find(userId) {
      const row = await provisioned().selectAll().where('user_id', '=', userId).executeTakeFirst();
      return row === undefined ? null : toScimAccount(row);
    },
    async list({ where, offset, limit }) {
      let query = provisioned();
      if (where !== undefined) query = where.attribute === 'userName' ? query.where('username', '=', where.value.toLowerCase()) : query.where('external_id', '=', where.value);
      const counted = await query.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
      const rows = limit === 0 ? [] : await query.selectAll().orderBy('created_at').orderBy('user_id').offset(offset).limit(limit).execute();
      return { total: Number(counted.n), accounts: rows.map(toScimAccount) };
    },
    create: (account, records) =>
      adminWriteAll(storage, async (trx) => {
        const result = await trx
          .insertInto('users')
          .values({
            user_id: account.userId,
            ...columnsOf(account),
            password_hash: account.passwordHash,
            must_change_password: 0,
            created_at: account.at,
            disabled_at: account.active ? null : account.at,
            disabled_reason: account.active ? null : 'provider',
            sso_only: 1,
          })
          .onConflict((oc) => oc.column('username').doNothing())
          .executeTakeFirst();
        return (result.numInsertedOrUpdatedRows ?? 0n) === 1n;
      }, records),
    update: (userId, { expectedVersion, fields, at }, records) =>
      write(userId, expectedVersion, at, (before) => {
        const wasActive = before.disabledAt === null;
        const activity = fields.active === wasActive ? {} : fields.active ? { disabled_at: null, disabled_reason: null, enabled_at: at } : { disabled_at: at, disabled_reason: 'provider' };
        return {
          columns: { ...columnsOf(fields), ...activity },
          endsSessions: !fields.active || !sameRoles(fields.roles, before.roles),
          username: fields.username,
        };
      }, records),
    remove: (userId, { expectedVersion, at }, records) =>
      write(userId, expectedVersion, at, (before) => ({
        columns: { scim_removed_at: at, ...(before.disabledAt === null ? { disabled_at: at, disabled_reason: 'provider' } : {}) },
        endsSessions: true,
      }), records),
  };
}
