// People administration and access-review sign-offs. Each change runs in one
// transaction under one advisory lock (serialise(): a no-op on SQLite's single
// writer), so the rules a parallel admin or another instance could race (the
// actor is still an active admin, the change leaves another active admin) are
// checked and applied with nobody in between.
import type { Selectable, Updateable } from 'kysely';
import { AuditEventSchema, type AuditEvent } from '../../../shared/audit.ts';
import { GATEWAY_DEVICE_ID } from '../../core/gateway-device.ts';
import { jsonText, serialise, type Storage } from '../dialect.ts';
import type { AccessReviewRecord, AdminChangeOutcome, AdminRepo, ManagedAccountRecord, NewAccount } from '../store.ts';
import type { UsersTable } from '../tables.ts';
import { disabledReasonOf, rolesOf } from './user-columns.ts';

/** Every admin change takes this one lock: the last-admin rule spans rows. */
export const ADMIN_LOCK = 'admin-accounts';

export const toAccount = (row: Selectable<UsersTable>): ManagedAccountRecord => ({
  userId: row.user_id,
  username: row.username,
  displayName: row.display_name,
  roles: rolesOf(row),
  mfaEnrolled: row.mfa_secret_sealed !== null,
  mustChangePassword: row.must_change_password === 1,
  lockedUntil: row.locked_until,
  disabledAt: row.disabled_at,
  disabledReason: disabledReasonOf(row),
  createdAt: row.created_at,
  lastSignInAt: row.last_sign_in_at,
});

interface Change {
  actorId: string;
  userId: string;
  at: number;
}

type Target = Selectable<UsersTable>;
type UserUpdate = Updateable<UsersTable>;

/** One guarded change: `decide` names the refusal, or the columns to set. */
interface GuardedChange {
  decide(target: Target, otherActiveAdmins: number): 'last_admin' | 'unchanged' | UserUpdate;
  endSessions: boolean;
}

export function kyselyAdminRepo({ db, engine }: Storage): AdminRepo {
  const isActiveAdmin = (row: Target): boolean => row.disabled_at === null && rolesOf(row).includes('admin');

  const guarded = (change: Change, rule: GuardedChange): Promise<AdminChangeOutcome> =>
    db.transaction().execute(async (trx): Promise<AdminChangeOutcome> => {
      await serialise(trx, engine, ADMIN_LOCK);
      const target = await trx.selectFrom('users').selectAll().where('user_id', '=', change.userId).executeTakeFirst();
      if (target === undefined) return { ok: false, refusal: 'not_found' };
      const actor = await trx.selectFrom('users').selectAll().where('user_id', '=', change.actorId).executeTakeFirst();
      if (actor === undefined || !isActiveAdmin(actor)) return { ok: false, refusal: 'actor_inactive' };
      const others = (await trx.selectFrom('users').selectAll().where('user_id', '<>', change.userId).where('disabled_at', 'is', null).execute()).filter(
        isActiveAdmin,
      ).length;
      const decision = rule.decide(target, others);
      if (typeof decision === 'string') return { ok: false, refusal: decision };
      const row = await trx.updateTable('users').set(decision).where('user_id', '=', change.userId).returningAll().executeTakeFirstOrThrow();
      const ended = rule.endSessions
        ? await trx
            .updateTable('session_families')
            .set({ revoked_at: change.at })
            .where('user_id', '=', change.userId)
            .where('revoked_at', 'is', null)
            .returning(['family_id', 'device_id'])
            .execute()
        : [];
      return { ok: true, account: toAccount(row), endedSessions: ended.map((r) => ({ familyId: r.family_id, deviceId: r.device_id })) };
    });

  /** Taking admin away from an active admin needs another active admin left. */
  const keepsAnAdmin = (target: Target, takesAdminAway: boolean, others: number): boolean =>
    !takesAdminAway || target.disabled_at !== null || !rolesOf(target).includes('admin') || others > 0;

  const insertValues = (account: NewAccount) => ({
    user_id: account.userId,
    username: account.username.toLowerCase(),
    display_name: account.displayName,
    roles: JSON.stringify(account.roles),
    password_hash: account.passwordHash,
    must_change_password: 1,
    password_expires_at: account.passwordExpiresAt,
    created_at: account.createdAt,
  });

  return {
    async listAccounts() {
      return (await db.selectFrom('users').selectAll().orderBy('username').execute()).map(toAccount);
    },
    async findAccount(userId) {
      const row = await db.selectFrom('users').selectAll().where('user_id', '=', userId).executeTakeFirst();
      return row === undefined ? null : toAccount(row);
    },
    async createAccount(account) {
      const result = await db
        .insertInto('users')
        .values(insertValues(account))
        .onConflict((oc) => oc.column('username').doNothing())
        .executeTakeFirst();
      return (result.numInsertedOrUpdatedRows ?? 0n) === 1n;
    },
    createFirstAdmin: (account) =>
      db.transaction().execute(async (trx) => {
        await serialise(trx, engine, ADMIN_LOCK);
        const any = await trx.selectFrom('users').select('user_id').limit(1).executeTakeFirst();
        if (any !== undefined) return false;
        await trx.insertInto('users').values(insertValues(account)).execute();
        return true;
      }),
    setRoles: ({ roles, ...change }) =>
      guarded(change, {
        endSessions: true,
        decide: (target, others) =>
          keepsAnAdmin(target, !roles.includes('admin'), others) ? { roles: JSON.stringify(roles) } : 'last_admin',
      }),
    disable: (change) =>
      guarded(change, {
        endSessions: true,
        decide: (target, others) => {
          if (target.disabled_at !== null) return 'unchanged';
          return keepsAnAdmin(target, true, others) ? { disabled_at: change.at, disabled_reason: 'admin' } : 'last_admin';
        },
      }),
    enable: (change) =>
      guarded(change, {
        endSessions: false,
        decide: (target) => (target.disabled_at === null ? 'unchanged' : { disabled_at: null, disabled_reason: null, enabled_at: change.at }),
      }),
    unlock: (change) => guarded(change, { endSessions: false, decide: () => ({ failed_attempts: 0, locked_until: null }) }),
    resetMfa: (change) =>
      guarded(change, { endSessions: true, decide: () => ({ mfa_secret_sealed: null, last_totp_step: null, mfa_required: 1 }) }),
    resetPassword: ({ passwordHash, expiresAt, ...change }) =>
      guarded(change, {
        endSessions: true,
        decide: () => ({ password_hash: passwordHash, must_change_password: 1, password_expires_at: expiresAt }),
      }),
    async latestReview() {
      const found = await db.selectFrom('access_reviews').selectAll().orderBy('at', 'desc').orderBy('review_id', 'desc').executeTakeFirst();
      const review: AccessReviewRecord | null =
        found === undefined
          ? null
          : { reviewId: found.review_id, at: found.at, byUserId: found.by_user_id, byUsername: found.by_username, note: found.note, accounts: found.accounts };
      return review;
    },
    async insertReview(review) {
      await db
        .insertInto('access_reviews')
        .values({
          review_id: review.reviewId,
          at: review.at,
          by_user_id: review.byUserId,
          by_username: review.byUsername,
          note: review.note,
          accounts: review.accounts,
        })
        .execute();
    },
    async accountChangesSince(after) {
      let query = db
        .selectFrom('audit_events')
        .select('event')
        .where('device_id', '=', GATEWAY_DEVICE_ID)
        .where('outcome', '=', 'success')
        .where(jsonText(engine, 'event', ['target', 'kind']), '=', 'account')
        .where(jsonText(engine, 'event', ['details', 'action']), 'is not', null);
      if (after !== null) query = query.where('at', '>', after);
      const rows = await query.orderBy('seq').execute();
      return rows.map((r): AuditEvent => AuditEventSchema.parse(JSON.parse(r.event)));
    },
  };
}
