// Users, devices, login challenges, session families and refresh tokens. Every
// check-and-change that a parallel request (or another gateway instance) could
// race (the failure counter, the TOTP step, a challenge, a refresh token) is one
// SQL statement whose affected rows or RETURNING decides; both engines lock the
// row for the statement, so no two callers see the same old value.
import { sql, type Selectable } from 'kysely';
import { greatest, type Storage } from '../dialect.ts';
import type { AttemptCharge, DeviceRecord, EndedSession, IdentityRepo, RefreshTokenRecord, SessionFamilyRecord, UserRecord } from '../store.ts';
import type { Database, SessionFamiliesTable, UsersTable } from '../tables.ts';
import { serialiseAdmin } from './admin-write.ts';
import { disabledReasonOf, isUsableAdmin, rolesOf } from './user-columns.ts';
import type { Transaction } from 'kysely';


/** The latest of sign-in, creation and re-enabling: what the inactivity rule counts from. */
const lastActive = (row: Selectable<UsersTable>): number => Math.max(row.last_sign_in_at ?? 0, row.created_at, row.enabled_at ?? 0);

const toUser = (row: Selectable<UsersTable>): UserRecord => ({
  userId: row.user_id,
  username: row.username,
  displayName: row.display_name,
  roles: rolesOf(row),
  passwordHash: row.password_hash,
  mfaSecretSealed: row.mfa_secret_sealed,
  failedAttempts: row.failed_attempts,
  lockedUntil: row.locked_until,
  lastTotpStep: row.last_totp_step,
  disabledAt: row.disabled_at,
  disabledReason: disabledReasonOf(row),
  mustChangePassword: row.must_change_password === 1,
  passwordExpiresAt: row.password_expires_at,
  createdAt: row.created_at,
  lastSignInAt: row.last_sign_in_at,
  enabledAt: row.enabled_at,
  mfaPendingSealed: row.mfa_pending_sealed,
  mfaPendingExpiresAt: row.mfa_pending_expires_at,
  mfaResetHash: row.mfa_reset_hash,
  mfaResetExpiresAt: row.mfa_reset_expires_at,
  mfaRequired: row.mfa_required === 1,
});

const toFamily = (row: Selectable<SessionFamiliesTable>): SessionFamilyRecord => ({
  familyId: row.family_id,
  userId: row.user_id,
  deviceId: row.device_id,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  revokedAt: row.revoked_at,
  lockedAt: row.locked_at,
});

/** Session ids asked about in one statement at most. */
const LIVE_FAMILY_SLICE = 500;

const changed = (result: { numUpdatedRows?: bigint; numDeletedRows?: bigint; numInsertedOrUpdatedRows?: bigint | undefined }): boolean =>
  (result.numUpdatedRows ?? result.numDeletedRows ?? result.numInsertedOrUpdatedRows ?? 0n) > 0n;

export function kyselyIdentityRepo({ db, engine }: Storage): IdentityRepo {
  const revokeUserFamilies = async (trx: Transaction<Database>, userId: string, at: number): Promise<EndedSession[]> =>
    (
      await trx
        .updateTable('session_families')
        .set({ revoked_at: at })
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .returning(['family_id', 'device_id'])
        .execute()
    ).map((row) => ({ familyId: row.family_id, deviceId: row.device_id }));

  /** Disables, for inactivity, the active accounts (or the one named) whose latest sign-in, creation or re-enabling is at or before `cutoff`. */
  /**
   * The usable admin to keep enabled although stale: when every usable admin is among the stale accounts, the one
   * active most recently stays (the store would otherwise be left with nobody to administer it). Null otherwise.
   */
  const lastAdminToKeep = async (trx: Transaction<Database>, cutoff: number, at: number, userId: string | undefined): Promise<Selectable<UsersTable> | null> => {
    const usable = (await trx.selectFrom('users').selectAll().where('disabled_at', 'is', null).execute()).filter((row) => isUsableAdmin(row, at));
    const stale = (row: Selectable<UsersTable>): boolean => lastActive(row) <= cutoff && (userId === undefined || row.user_id === userId);
    if (usable.length === 0 || !usable.every(stale)) return null;
    return usable.reduce((latest, row) => (lastActive(row) > lastActive(latest) ? row : latest));
  };

  const disableStale = (trx: Transaction<Database>, cutoff: number, at: number, userId: string | undefined, keep: string | null) => {
    let update = trx
      .updateTable('users')
      .set({ disabled_at: at, disabled_reason: 'inactivity' })
      .where('disabled_at', 'is', null)
      .where((eb) => {
        const zero = sql<number>`0`;
        const inactiveSince = greatest(engine, greatest(engine, eb.fn.coalesce('last_sign_in_at', zero), eb.ref('created_at')), eb.fn.coalesce('enabled_at', zero));
        return eb(inactiveSince, '<=', cutoff);
      });
    if (userId !== undefined) update = update.where('user_id', '=', userId);
    if (keep !== null) update = update.where('user_id', '<>', keep);
    return update.returningAll().execute();
  };

  return {
    async findUserByUsername(username) {
      const row = await db.selectFrom('users').selectAll().where('username', '=', username.toLowerCase()).executeTakeFirst();
      return row ? toUser(row) : null;
    },
    async findUserById(userId) {
      const row = await db.selectFrom('users').selectAll().where('user_id', '=', userId).executeTakeFirst();
      return row ? toUser(row) : null;
    },
    async createUser(user) {
      await db
        .insertInto('users')
        .values({
          user_id: user.userId,
          username: user.username.toLowerCase(),
          display_name: user.displayName,
          roles: JSON.stringify(user.roles),
          password_hash: user.passwordHash,
          mfa_secret_sealed: user.mfaSecretSealed,
          failed_attempts: user.failedAttempts,
          locked_until: user.lockedUntil,
          last_totp_step: user.lastTotpStep,
          disabled_at: user.disabledAt,
          disabled_reason: user.disabledReason,
          must_change_password: user.mustChangePassword ? 1 : 0,
          password_expires_at: user.passwordExpiresAt,
          created_at: user.createdAt,
          last_sign_in_at: user.lastSignInAt,
          enabled_at: user.enabledAt,
          mfa_pending_sealed: user.mfaPendingSealed,
          mfa_pending_expires_at: user.mfaPendingExpiresAt,
          mfa_reset_hash: user.mfaResetHash,
          mfa_reset_expires_at: user.mfaResetExpiresAt,
          mfa_required: user.mfaRequired ? 1 : 0,
        })
        .execute();
    },
    async listUsers() {
      return (await db.selectFrom('users').selectAll().orderBy('username').execute()).map(toUser);
    },
    async chargeFailedAttempt(userId, now) {
      // A lock that has run out is lifted by the attempt that finds it, and counting starts again.
      const row = await db
        .updateTable('users')
        .set((eb) => {
          const expired = eb.and([eb('locked_until', 'is not', null), eb('locked_until', '<=', now)]);
          return {
            failed_attempts: eb.case().when(expired).then(1).else(eb('failed_attempts', '+', 1)).end(),
            locked_until: eb.case().when(expired).then(null).else(eb.ref('locked_until')).end(),
          };
        })
        .where('user_id', '=', userId)
        .returning(['failed_attempts', 'locked_until'])
        .executeTakeFirst();
      if (row === undefined) throw new Error(`no user ${userId}`);
      const charged: AttemptCharge = { failedAttempts: row.failed_attempts, lockedUntil: row.locked_until };
      return charged;
    },
    async clearFailedAttempts(userId, now) {
      const result = await db
        .updateTable('users')
        .set({ failed_attempts: 0, locked_until: null })
        .where('user_id', '=', userId)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
        .executeTakeFirst();
      return changed(result);
    },
    lockAccount: (userId, until, now) =>
      db.transaction().execute(async (trx) => {
        const locked = await trx
          .updateTable('users')
          .set({ locked_until: until })
          .where('user_id', '=', userId)
          .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
          .executeTakeFirst();
        if (!changed(locked)) return null;
        return revokeUserFamilies(trx, userId, now);
      }),
    disableAccount: (userId, at) =>
      db.transaction().execute(async (trx) => {
        await trx.updateTable('users').set({ disabled_at: at }).where('user_id', '=', userId).where('disabled_at', 'is', null).execute();
        await revokeUserFamilies(trx, userId, at);
      }),
    async consumeTotpStep(userId, step) {
      const result = await db
        .updateTable('users')
        .set({ last_totp_step: step })
        .where('user_id', '=', userId)
        .where((eb) => eb.or([eb('last_totp_step', 'is', null), eb('last_totp_step', '<', step)]))
        .executeTakeFirst();
      return changed(result);
    },
    async recordSignIn(userId, at) {
      await db.updateTable('users').set({ last_sign_in_at: at }).where('user_id', '=', userId).execute();
    },
    async passwordHistory(userId, limit) {
      const rows = await db
        .selectFrom('password_history')
        .select('password_hash')
        .where('user_id', '=', userId)
        .orderBy('set_at', 'desc')
        .orderBy('entry_id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((row) => row.password_hash);
    },
    async lastPasswordChangeAt(userId) {
      const row = await db.selectFrom('password_history').select('set_at').where('user_id', '=', userId).orderBy('set_at', 'desc').limit(1).executeTakeFirst();
      return row?.set_at ?? null;
    },
    changePassword: (change) =>
      db.transaction().execute(async (trx) => {
        // Conditional on the hash the caller checked: of two parallel changes only the first applies.
        const result = await trx
          .updateTable('users')
          .set({ password_hash: change.newHash, must_change_password: 0, password_expires_at: null })
          .where('user_id', '=', change.userId)
          .where('password_hash', '=', change.currentHash)
          .executeTakeFirst();
        if (!changed(result)) return null;
        await trx.insertInto('password_history').values({ user_id: change.userId, password_hash: change.newHash, set_at: change.at }).execute();
        // Whoever knew the old password may hold a session opened with it: only the one that changed it stays.
        const ended = await trx
          .updateTable('session_families')
          .set({ revoked_at: change.at })
          .where('user_id', '=', change.userId)
          .where('family_id', '!=', change.keepFamilyId)
          .where('revoked_at', 'is', null)
          .returning(['family_id', 'device_id'])
          .execute();
        return ended.map((row) => ({ familyId: row.family_id, deviceId: row.device_id }));
      }),
    async offerMfaSecret(userId, sealed, expiresAt, reset) {
      const result = await db
        .updateTable('users')
        .set({ mfa_pending_sealed: sealed, mfa_pending_expires_at: expiresAt })
        .where('user_id', '=', userId)
        .where('mfa_secret_sealed', 'is', null)
        .where('must_change_password', '=', 0)
        .where('disabled_at', 'is', null)
        .where((eb) =>
          eb.or([
            eb('mfa_reset_hash', 'is', null),
            eb.and([eb('mfa_reset_hash', '=', reset.hash ?? ''), eb('mfa_reset_expires_at', '>', reset.now)]),
          ]),
        )
        .executeTakeFirst();
      return changed(result);
    },
    async enrolOfferedMfaSecret(userId, sealed, now) {
      const result = await db
        .updateTable('users')
        .set((eb) => ({ mfa_secret_sealed: eb.ref('mfa_pending_sealed'), mfa_pending_sealed: null, mfa_pending_expires_at: null, mfa_reset_hash: null, mfa_reset_expires_at: null }))
        .where('user_id', '=', userId)
        .where('mfa_secret_sealed', 'is', null)
        .where('mfa_pending_sealed', '=', sealed)
        .where('mfa_pending_expires_at', '>', now)
        .executeTakeFirst();
      return changed(result);
    },
    disableInactive: (cutoff, at, userId) =>
      db.transaction().execute(async (trx) => {
        // Under the admin lock: an admin change in flight cannot make the kept admin the wrong one.
        await serialiseAdmin(trx, engine);
        const keep = await lastAdminToKeep(trx, cutoff, at, userId);
        const rows = await disableStale(trx, cutoff, at, userId, keep?.user_id ?? null);
        for (const row of rows) await revokeUserFamilies(trx, row.user_id, at);
        return { disabled: rows.map(toUser), keptLastAdmin: keep === null ? null : toUser(keep) };
      }),
    async findDevice(deviceId) {
      const row = await db.selectFrom('devices').selectAll().where('device_id', '=', deviceId).executeTakeFirst();
      const device: DeviceRecord | null = row
        ? { deviceId: row.device_id, publicKey: row.public_key, enrolledAt: row.enrolled_at, enrolledBy: row.enrolled_by, revokedAt: row.revoked_at }
        : null;
      return device;
    },
    async insertChallenge(challenge, now) {
      await db.deleteFrom('auth_challenges').where('expires_at', '<=', now).execute();
      await db.insertInto('auth_challenges').values({ nonce: challenge.nonce, device_id: challenge.deviceId, expires_at: challenge.expiresAt }).execute();
    },
    async consumeChallenge(nonce, deviceId, now) {
      const result = await db
        .deleteFrom('auth_challenges')
        .where('nonce', '=', nonce)
        .where('device_id', '=', deviceId)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return changed(result);
    },
    createSessionFamily: (family, checked) =>
      db.transaction().execute(async (trx) => {
        // Every change that ends an account's sessions (a password change or reset, a disable, a role or MFA change) updates
        // its users row, then revokes what it finds. On PostgreSQL FOR SHARE waits for such a change in flight and reads what
        // it committed; a change that starts after it waits for this insert, and its revocation then sees the new session.
        // SQLite transactions run one at a time.
        const row = await trx
          .selectFrom('users')
          .select(['password_hash', 'disabled_at', 'roles', 'mfa_secret_sealed'])
          .where('user_id', '=', family.userId)
          .$if(engine === 'postgres', (qb) => qb.forShare())
          .executeTakeFirst();
        const unchanged =
          row?.password_hash === checked.passwordHash &&
          row.disabled_at === null &&
          row.mfa_secret_sealed === checked.mfaSecretSealed &&
          JSON.stringify(rolesOf(row)) === JSON.stringify(checked.roles);
        if (!unchanged) return false;
        await trx
          .insertInto('session_families')
          .values({ family_id: family.familyId, user_id: family.userId, device_id: family.deviceId, created_at: family.createdAt, expires_at: family.expiresAt })
          .execute();
        return true;
      }),
    async findSessionFamily(familyId) {
      const row = await db.selectFrom('session_families').selectAll().where('family_id', '=', familyId).executeTakeFirst();
      return row ? toFamily(row) : null;
    },
    async liveFamilyIds(familyIds, now) {
      const live = new Set<string>();
      // In slices, so thousands of held watches stay within any engine's limit on bound parameters.
      for (let i = 0; i < familyIds.length; i += LIVE_FAMILY_SLICE) {
        const rows = await db
          .selectFrom('session_families')
          .select('family_id')
          .where('family_id', 'in', familyIds.slice(i, i + LIVE_FAMILY_SLICE))
          .where('revoked_at', 'is', null)
          .where('expires_at', '>', now)
          .execute();
        for (const row of rows) live.add(row.family_id);
      }
      return live;
    },
    async revokeFamily(familyId, at) {
      await db.updateTable('session_families').set({ revoked_at: at }).where('family_id', '=', familyId).where('revoked_at', 'is', null).execute();
    },
    async lockSession(familyId, at, signedAt) {
      await db
        .updateTable('session_families')
        .set({ locked_at: at })
        .where('family_id', '=', familyId)
        .where('revoked_at', 'is', null)
        .where('locked_at', 'is', null)
        .where((eb) => eb.or([eb('unlocked_at', 'is', null), eb('unlocked_at', '<', signedAt)]))
        .execute();
    },
    async unlockSession(familyId, at) {
      await db.updateTable('session_families').set({ locked_at: null, unlocked_at: at }).where('family_id', '=', familyId).execute();
    },
    async insertRefreshToken(token) {
      await db
        .insertInto('refresh_tokens')
        .values({
          token_hash: token.tokenHash,
          family_id: token.familyId,
          user_id: token.userId,
          device_id: token.deviceId,
          expires_at: token.expiresAt,
          used_at: null,
        })
        .execute();
    },
    async findRefreshToken(tokenHash) {
      const row = await db.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      const token: RefreshTokenRecord | null = row
        ? { tokenHash: row.token_hash, familyId: row.family_id, userId: row.user_id, deviceId: row.device_id, expiresAt: row.expires_at, usedAt: row.used_at }
        : null;
      return token;
    },
    async consumeRefreshToken(tokenHash, at) {
      const result = await db.updateTable('refresh_tokens').set({ used_at: at }).where('token_hash', '=', tokenHash).where('used_at', 'is', null).executeTakeFirst();
      return changed(result);
    },
    async retireRefreshTokens(familyId, at) {
      await db.updateTable('refresh_tokens').set({ used_at: at }).where('family_id', '=', familyId).where('used_at', 'is', null).execute();
    },
  };
}
