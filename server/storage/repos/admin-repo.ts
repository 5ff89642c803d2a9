// People administration and access-review sign-offs. Each change runs in one
// transaction under one advisory lock (serialise(): a no-op on SQLite's single
// writer), so the rules a parallel admin or another instance could race (the
// actor is still an active admin, the change leaves another usable admin) are
// checked and applied with nobody in between, and its audit record is appended
// to the gateway chain in that same transaction: no record, no change.
import type { Selectable, Updateable } from 'kysely';
import { AuditEventSchema, type AuditEvent } from '../../../shared/audit.ts';
import type { Role } from '../../../shared/roles.ts';
import { needsSecondAdmin } from '../../../shared/second-admin.ts';
import type { Audited } from '../../core/audit-port.ts';
import { GATEWAY_DEVICE_ID } from '../../../shared/gateway-device.ts';
import { jsonText, type Storage } from '../dialect.ts';
import type { AccessReviewRecord, AdminChangeOutcome, AdminRepo, BreakGlassOutcome, EndedSession, ManagedAccountRecord, NewAccount, RecordOf } from '../store.ts';
import type { UsersTable } from '../tables.ts';
import { actorIsActiveAdmin, adminWrite, adminWriteAll, type AdminTrx } from './admin-write.ts';
import { grantValues } from './device-repo.ts';
import { disabledReasonOf, isUsableAdmin, rolesOf } from './user-columns.ts';

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

export interface Change {
  actorId: string;
  userId: string;
  at: number;
}

type Target = Selectable<UsersTable>;
type UserUpdate = Updateable<UsersTable>;

/** One guarded change: `decide` names the refusal, or the columns to set. */
export interface GuardedChange {
  decide(target: Target, otherUsableAdmins: number): 'last_admin' | 'unchanged' | 'approval_required' | UserUpdate;
  endSessions: boolean;
}

/** Ends every live session of the account; the ones it ended, for their desks' watches and streams to end on every instance. */
const endSessions = async (trx: AdminTrx, userId: string, at: number): Promise<EndedSession[]> => {
  const ended = await trx
    .updateTable('session_families')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .returning(['family_id', 'device_id'])
    .execute();
  return ended.map((r) => ({ familyId: r.family_id, deviceId: r.device_id }));
};

/** Checks and applies one guarded change inside the caller's admin transaction. */
export async function guardedChange(trx: AdminTrx, change: Change, rule: GuardedChange): Promise<AdminChangeOutcome> {
  const target = await trx.selectFrom('users').selectAll().where('user_id', '=', change.userId).executeTakeFirst();
  if (target === undefined) return { ok: false, refusal: 'not_found' };
  if (!(await actorIsActiveAdmin(trx, change.actorId))) return { ok: false, refusal: 'actor_inactive' };
  const others = (await trx.selectFrom('users').selectAll().where('user_id', '<>', change.userId).where('disabled_at', 'is', null).execute()).filter(
    (row) => isUsableAdmin(row, change.at),
  ).length;
  const decision = rule.decide(target, others);
  if (typeof decision === 'string') return { ok: false, refusal: decision };
  const row = await trx.updateTable('users').set(decision).where('user_id', '=', change.userId).returningAll().executeTakeFirstOrThrow();
  const endedSessions = rule.endSessions ? await endSessions(trx, change.userId, change.at) : [];
  return { ok: true, account: toAccount(row), previous: toAccount(target), endedSessions };
}

/** Taking admin away from an active admin needs another usable admin left. */
const keepsAnAdmin = (target: Target, takesAdminAway: boolean, others: number): boolean =>
  !takesAdminAway || target.disabled_at !== null || !rolesOf(target).includes('admin') || others > 0;

/**
 * The role change's rule: it keeps a usable admin, and unless a second admin approved it (`requireSecondAdmin`
 * false), it is not one that needs approval, judged against the roles the account holds in this transaction.
 */
export const setRolesRule = (roles: readonly Role[], requireSecondAdmin: boolean): GuardedChange => ({
  endSessions: true,
  decide: (target, others) => {
    if (requireSecondAdmin && needsSecondAdmin(rolesOf(target), roles)) return 'approval_required';
    return keepsAnAdmin(target, !roles.includes('admin'), others) ? { roles: JSON.stringify(roles) } : 'last_admin';
  },
});

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

/** Creates an account made by `createdBy` inside the caller's admin transaction, while `actorId` is an active admin. */
export async function createAccountIn(trx: AdminTrx, change: { actorId: string; createdBy: string; account: NewAccount }): Promise<AdminChangeOutcome> {
  if (!(await actorIsActiveAdmin(trx, change.actorId))) return { ok: false, refusal: 'actor_inactive' };
  const row = await trx
    .insertInto('users')
    .values({ ...insertValues(change.account), created_by: change.createdBy })
    .onConflict((oc) => oc.column('username').doNothing())
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? { ok: false, refusal: 'username_taken' } : { ok: true, account: toAccount(row), previous: null, endedSessions: [] };
}

export function kyselyAdminRepo(storage: Storage): AdminRepo {
  const { db, engine } = storage;
  const recorded = <T>(decide: (trx: AdminTrx) => Promise<T>, record: RecordOf<T>) => adminWrite(storage, decide, record);

  const guarded = (change: Change, rule: GuardedChange, record: RecordOf<AdminChangeOutcome>): Promise<Audited<AdminChangeOutcome>> =>
    recorded((trx) => guardedChange(trx, change, rule), record);

  return {
    async listAccounts() {
      return (await db.selectFrom('users').selectAll().orderBy('username').execute()).map(toAccount);
    },
    async findAccount(userId) {
      const row = await db.selectFrom('users').selectAll().where('user_id', '=', userId).executeTakeFirst();
      return row === undefined ? null : toAccount(row);
    },
    createAccount: ({ actorId, account }, record) => recorded((trx) => createAccountIn(trx, { actorId, createdBy: actorId, account }), record),
    createFirstAdmin: ({ account, grant }, record) =>
      adminWriteAll(
        storage,
        async (trx) => {
          const any = await trx.selectFrom('users').select('user_id').limit(1).executeTakeFirst();
          if (any !== undefined) return false;
          await trx.insertInto('users').values(insertValues(account)).execute();
          await trx.insertInto('enrolment_grants').values(grantValues(grant)).execute();
          return true;
        },
        (created) => (created ? record() : []),
      ),
    setRoles: ({ roles, requireSecondAdmin, ...change }, record) => guarded(change, setRolesRule(roles, requireSecondAdmin), record),
    disable: (change, record) =>
      guarded(change, {
        endSessions: true,
        decide: (target, others) => {
          if (target.disabled_at !== null) return 'unchanged';
          return keepsAnAdmin(target, true, others) ? { disabled_at: change.at, disabled_reason: 'admin' } : 'last_admin';
        },
      }, record),
    enable: (change, record) =>
      guarded(change, {
        endSessions: false,
        decide: (target) => (target.disabled_at === null ? 'unchanged' : { disabled_at: null, disabled_reason: null, enabled_at: change.at }),
      }, record),
    unlock: (change, record) => guarded(change, { endSessions: false, decide: () => ({ failed_attempts: 0, locked_until: null }) }, record),
    resetMfa: ({ resetHash, resetExpiresAt, ...change }, record) =>
      guarded(
        change,
        {
          endSessions: true,
          // An offer made before the reset must not be confirmed without the new code.
          decide: () => ({
            mfa_secret_sealed: null,
            last_totp_step: null,
            mfa_required: 1,
            mfa_pending_sealed: null,
            mfa_pending_expires_at: null,
            mfa_reset_hash: resetHash,
            mfa_reset_expires_at: resetExpiresAt,
            // The resetter held the account's new credentials, as a creator does: four eyes counts it as his.
            created_by: change.actorId,
          }),
        },
        record,
      ),
    resetPassword: ({ passwordHash, expiresAt, ...change }, record) =>
      guarded(change, {
        endSessions: true,
        // The resetter held the account's new credentials, as a creator does: four eyes counts it as his.
        decide: () => ({ password_hash: passwordHash, must_change_password: 1, password_expires_at: expiresAt, created_by: change.actorId }),
      }, record),
    breakGlass: ({ username, passwordHash, expiresAt, at }, record) =>
      recorded(async (trx): Promise<BreakGlassOutcome> => {
        const enabled = await trx.selectFrom('users').selectAll().where('disabled_at', 'is', null).execute();
        if (enabled.some((row) => isUsableAdmin(row, at))) return { ok: false, refusal: 'usable_admin_exists' };
        const target = await trx.selectFrom('users').selectAll().where('username', '=', username.toLowerCase()).executeTakeFirst();
        if (target === undefined || !rolesOf(target).includes('admin')) return { ok: false, refusal: 'not_an_admin' };
        const row = await trx
          .updateTable('users')
          .set({
            disabled_at: null,
            disabled_reason: null,
            enabled_at: at,
            failed_attempts: 0,
            locked_until: null,
            password_hash: passwordHash,
            must_change_password: 1,
            password_expires_at: expiresAt,
            mfa_secret_sealed: null,
            last_totp_step: null,
            mfa_required: 1,
          })
          .where('user_id', '=', target.user_id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await endSessions(trx, target.user_id, at);
        return { ok: true, account: toAccount(row) };
      }, record),
    async recordReviewGeneration({ generatedAt, reviewHash, byUserId }) {
      await db
        .insertInto('access_review_generations')
        .values({ generated_at: generatedAt, review_hash: reviewHash, by_user_id: byUserId })
        .onConflict((oc) => oc.columns(['generated_at', 'review_hash']).doNothing())
        .execute();
    },
    async reviewGenerated(generatedAt, reviewHash) {
      const row = await db.selectFrom('access_review_generations').select('review_hash').where('generated_at', '=', generatedAt).where('review_hash', '=', reviewHash).executeTakeFirst();
      return row !== undefined;
    },
    async creatorOf(userId) {
      const row = await db.selectFrom('users').select('created_by').where('user_id', '=', userId).executeTakeFirst();
      return row?.created_by ?? null;
    },
    async latestReview() {
      const found = await db.selectFrom('access_reviews').selectAll().orderBy('at', 'desc').orderBy('review_id', 'desc').executeTakeFirst();
      const review: AccessReviewRecord | null =
        found === undefined
          ? null
          : {
              reviewId: found.review_id,
              at: found.at,
              byUserId: found.by_user_id,
              byUsername: found.by_username,
              note: found.note,
              accounts: found.accounts,
              coversThrough: found.covers_through,
              reviewHash: found.review_hash,
            };
      return review;
    },
    insertReview: (review, record) =>
      recorded(async (trx) => {
        const covered = await trx
          .selectFrom('access_reviews')
          .select('review_id')
          .where((eb) => eb(eb.fn.coalesce('covers_through', 'at'), '>=', review.coversThrough ?? review.at))
          .executeTakeFirst();
        if (covered !== undefined) return false;
        await trx
          .insertInto('access_reviews')
          .values({
            review_id: review.reviewId,
            at: review.at,
            by_user_id: review.byUserId,
            by_username: review.byUsername,
            note: review.note,
            accounts: review.accounts,
            covers_through: review.coversThrough,
            review_hash: review.reviewHash,
          })
          .execute();
        return true;
      }, (stored) => (stored ? record : null)),
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
