// People administration and access-review sign-offs in SQLite. Each change is
// one UPDATE whose WHERE clause carries every rule a parallel admin could race:
// the actor is still an active admin, and the change leaves at least one other
// active admin. SQLite runs one write at a time, so the check and the change
// cannot be split by another request.
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { AuditEventSchema, type AuditEvent } from '../../../shared/audit.ts';
import { RoleSchema } from '../../../shared/roles.ts';
import { DISABLED_REASONS } from '../../../shared/schemas/admin.ts';
import { GATEWAY_DEVICE_ID } from '../../audit/gateway-audit.ts';
import type { AccessReviewRecord, AdminChangeOutcome, AdminRepo, ManagedAccountRecord, NewAccount } from '../store.ts';

interface AccountRow {
  user_id: string;
  username: string;
  display_name: string;
  roles: string;
  mfa_secret_sealed: string | null;
  must_change_password: number;
  locked_until: number | null;
  disabled_at: number | null;
  disabled_reason: string | null;
  created_at: number;
  last_sign_in_at: number | null;
}

interface ReviewRow {
  review_id: string;
  at: number;
  by_user_id: string;
  by_username: string;
  note: string;
  accounts: number;
}

const RolesJsonSchema = z.array(RoleSchema);
const DisabledReasonSchema = z.enum(DISABLED_REASONS).nullable();

const toAccount = (row: AccountRow): ManagedAccountRecord => ({
  userId: row.user_id,
  username: row.username,
  displayName: row.display_name,
  roles: RolesJsonSchema.parse(JSON.parse(row.roles)),
  mfaEnrolled: row.mfa_secret_sealed !== null,
  mustChangePassword: row.must_change_password === 1,
  lockedUntil: row.locked_until,
  disabledAt: row.disabled_at,
  disabledReason: DisabledReasonSchema.parse(row.disabled_reason),
  createdAt: row.created_at,
  lastSignInAt: row.last_sign_in_at,
});

const isAdmin = (roles: string): string => `EXISTS (SELECT 1 FROM json_each(${roles}) WHERE value = 'admin')`;
const ACTOR_IS_ACTIVE_ADMIN = `EXISTS (SELECT 1 FROM users a WHERE a.user_id = @actorId AND a.disabled_at IS NULL AND ${isAdmin('a.roles')})`;
const ANOTHER_ACTIVE_ADMIN = `EXISTS (SELECT 1 FROM users o WHERE o.user_id <> @userId AND o.disabled_at IS NULL AND ${isAdmin('o.roles')})`;
const ACCOUNT_COLUMNS =
  'user_id, username, display_name, roles, mfa_secret_sealed, must_change_password, locked_until, disabled_at, disabled_reason, created_at, last_sign_in_at';

interface Change {
  actorId: string;
  userId: string;
  at: number;
}

export function sqliteAdminRepo(db: Database.Database): AdminRepo {
  const all = db.prepare<[], AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM users ORDER BY username`);
  const byId = db.prepare<[string], AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM users WHERE user_id = ?`);
  const actorActive = db.prepare<{ actorId: string }, { ok: number }>(`SELECT ${ACTOR_IS_ACTIVE_ADMIN} AS ok`);
  const values = `@userId, @username, @displayName, @roles, @passwordHash, 1, @passwordExpiresAt, @createdAt`;
  const insertColumns = 'user_id, username, display_name, roles, password_hash, must_change_password, password_expires_at, created_at';
  const insert = db.prepare(`INSERT INTO users (${insertColumns}) VALUES (${values}) ON CONFLICT (username) DO NOTHING`);
  const insertFirst = db.prepare(`INSERT INTO users (${insertColumns}) SELECT ${values} WHERE NOT EXISTS (SELECT 1 FROM users)`);
  const revokeSessions = db.prepare<{ userId: string; at: number }>(
    'UPDATE session_families SET revoked_at = @at WHERE user_id = @userId AND revoked_at IS NULL',
  );
  const update = <P extends object>(set: string, condition = ''): Database.Statement<P & Change, AccountRow> =>
    db.prepare(`UPDATE users SET ${set} WHERE user_id = @userId AND ${ACTOR_IS_ACTIVE_ADMIN}${condition} RETURNING ${ACCOUNT_COLUMNS}`);
  // A change that takes admin away from an active admin needs another active admin left.
  const keepsAnAdmin = (takesAdminAway: string): string => ` AND (NOT (${takesAdminAway}) OR disabled_at IS NOT NULL OR ${ANOTHER_ACTIVE_ADMIN})`;
  const setRoles = update<{ roles: string }>('roles = @roles', keepsAnAdmin(`${isAdmin('roles')} AND NOT ${isAdmin('@roles')}`));
  const disable = update("disabled_at = @at, disabled_reason = 'admin'", ` AND disabled_at IS NULL${keepsAnAdmin(isAdmin('roles'))}`);
  const enable = update('disabled_at = NULL, disabled_reason = NULL, enabled_at = @at', ' AND disabled_at IS NOT NULL');
  const unlock = update('failed_attempts = 0, locked_until = NULL');
  const resetMfa = update('mfa_secret_sealed = NULL, last_totp_step = NULL, mfa_required = 1');
  const resetPassword = update<{ passwordHash: string; expiresAt: number }>(
    'password_hash = @passwordHash, must_change_password = 1, password_expires_at = @expiresAt',
  );
  const latestReview = db.prepare<[], ReviewRow>('SELECT * FROM access_reviews ORDER BY at DESC, rowid DESC LIMIT 1');
  const insertReview = db.prepare(
    'INSERT INTO access_reviews (review_id, at, by_user_id, by_username, note, accounts) VALUES (@reviewId, @at, @byUserId, @byUsername, @note, @accounts)',
  );
  const changes = db.prepare<{ deviceId: string; after: string | null }, { event: string }>(
    `SELECT event FROM audit_events
     WHERE device_id = @deviceId AND outcome = 'success' AND json_extract(event, '$.target.kind') = 'account'
       AND json_extract(event, '$.details.action') IS NOT NULL AND (@after IS NULL OR at > @after)
     ORDER BY seq`,
  );

  /** Runs one guarded change (ending the sessions when asked) and names the refusal when nothing changed. */
  const guarded = <P extends object>(statement: Database.Statement<P & Change, AccountRow>, endSessions: boolean) =>
    db.transaction((params: P & Change): AdminChangeOutcome => {
      const row = statement.get(params);
      if (row !== undefined) {
        if (endSessions) revokeSessions.run({ userId: params.userId, at: params.at });
        return { ok: true, account: toAccount(row) };
      }
      const target = byId.get(params.userId);
      if (target === undefined) return { ok: false, refusal: 'not_found' };
      if (actorActive.get({ actorId: params.actorId })?.ok !== 1) return { ok: false, refusal: 'actor_inactive' };
      return { ok: false, refusal: statement === enable || (statement === disable && target.disabled_at !== null) ? 'unchanged' : 'last_admin' };
    });
  const setRolesTx = guarded(setRoles, true);
  const disableTx = guarded(disable, true);
  const enableTx = guarded(enable, false);
  const unlockTx = guarded(unlock, false);
  const resetMfaTx = guarded(resetMfa, true);
  const resetPasswordTx = guarded(resetPassword, true);
  const row = (account: NewAccount) => ({ ...account, username: account.username.toLowerCase(), roles: JSON.stringify(account.roles) });

  return {
    listAccounts: () => Promise.resolve(all.all().map(toAccount)),
    findAccount: (userId) => {
      const found = byId.get(userId);
      return Promise.resolve(found === undefined ? null : toAccount(found));
    },
    createAccount: (account) => Promise.resolve(insert.run(row(account)).changes === 1),
    createFirstAdmin: (account) => Promise.resolve(insertFirst.run(row(account)).changes === 1),
    setRoles: ({ roles, ...change }) => Promise.resolve(setRolesTx({ ...change, roles: JSON.stringify(roles) })),
    disable: (change) => Promise.resolve(disableTx(change)),
    enable: (change) => Promise.resolve(enableTx(change)),
    unlock: (change) => Promise.resolve(unlockTx(change)),
    resetMfa: (change) => Promise.resolve(resetMfaTx(change)),
    resetPassword: (change) => Promise.resolve(resetPasswordTx(change)),
    latestReview: () => {
      const found = latestReview.get();
      const review: AccessReviewRecord | null =
        found === undefined
          ? null
          : { reviewId: found.review_id, at: found.at, byUserId: found.by_user_id, byUsername: found.by_username, note: found.note, accounts: found.accounts };
      return Promise.resolve(review);
    },
    insertReview: (review) => {
      insertReview.run(review);
      return Promise.resolve();
    },
    accountChangesSince: (after) =>
      Promise.resolve(changes.all({ deviceId: GATEWAY_DEVICE_ID, after }).map((r): AuditEvent => AuditEventSchema.parse(JSON.parse(r.event)))),
  };
}
