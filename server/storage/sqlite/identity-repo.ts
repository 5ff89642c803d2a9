// Users, devices, login challenges, session families and refresh tokens in
// SQLite. Every check-and-change that a parallel request could race (the
// failure counter, the TOTP step, a challenge, a refresh token) is one SQL
// statement whose `changes` or RETURNING decides.
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { RoleSchema } from '../../../shared/roles.ts';
import { DISABLED_REASONS } from '../../../shared/schemas/admin.ts';
import type { AttemptCharge, DeviceRecord, IdentityRepo, RefreshTokenRecord, SessionFamilyRecord, UserRecord } from '../store.ts';

interface UserRow {
  user_id: string;
  username: string;
  display_name: string;
  roles: string;
  password_hash: string;
  mfa_secret_sealed: string | null;
  failed_attempts: number;
  locked_until: number | null;
  last_totp_step: number | null;
  disabled_at: number | null;
  disabled_reason: string | null;
  must_change_password: number;
  password_expires_at: number | null;
  created_at: number;
  last_sign_in_at: number | null;
  enabled_at: number | null;
  mfa_pending_sealed: string | null;
  mfa_pending_expires_at: number | null;
  mfa_required: number;
}

interface FamilyRow {
  family_id: string;
  user_id: string;
  device_id: string;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
}

const RolesJsonSchema = z.array(RoleSchema);
const DisabledReasonSchema = z.enum(DISABLED_REASONS).nullable();

const toUser = (row: UserRow): UserRecord => ({
  userId: row.user_id,
  username: row.username,
  displayName: row.display_name,
  roles: RolesJsonSchema.parse(JSON.parse(row.roles)),
  passwordHash: row.password_hash,
  mfaSecretSealed: row.mfa_secret_sealed,
  failedAttempts: row.failed_attempts,
  lockedUntil: row.locked_until,
  lastTotpStep: row.last_totp_step,
  disabledAt: row.disabled_at,
  disabledReason: DisabledReasonSchema.parse(row.disabled_reason),
  mustChangePassword: row.must_change_password === 1,
  passwordExpiresAt: row.password_expires_at,
  createdAt: row.created_at,
  lastSignInAt: row.last_sign_in_at,
  enabledAt: row.enabled_at,
  mfaPendingSealed: row.mfa_pending_sealed,
  mfaPendingExpiresAt: row.mfa_pending_expires_at,
  mfaRequired: row.mfa_required === 1,
});

const toFamily = (row: FamilyRow): SessionFamilyRecord => ({
  familyId: row.family_id,
  userId: row.user_id,
  deviceId: row.device_id,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  revokedAt: row.revoked_at,
});

export function sqliteIdentityRepo(db: Database.Database): IdentityRepo {
  const userByName = db.prepare<[string], UserRow>('SELECT * FROM users WHERE username = ?');
  const userById = db.prepare<[string], UserRow>('SELECT * FROM users WHERE user_id = ?');
  const allUsers = db.prepare<[], UserRow>('SELECT * FROM users ORDER BY username');
  const insertUser = db.prepare(
    `INSERT INTO users (user_id, username, display_name, roles, password_hash, mfa_secret_sealed, failed_attempts, locked_until, last_totp_step,
       disabled_at, disabled_reason, must_change_password, password_expires_at, created_at, last_sign_in_at, enabled_at,
       mfa_pending_sealed, mfa_pending_expires_at, mfa_required)
     VALUES (@userId, @username, @displayName, @roles, @passwordHash, @mfaSecretSealed, @failedAttempts, @lockedUntil, @lastTotpStep,
       @disabledAt, @disabledReason, @mustChangePassword, @passwordExpiresAt, @createdAt, @lastSignInAt, @enabledAt,
       @mfaPendingSealed, @mfaPendingExpiresAt, @mfaRequired)`,
  );
  const setSignIn = db.prepare('UPDATE users SET last_sign_in_at = ? WHERE user_id = ?');
  const history = db.prepare<[string, number], { password_hash: string }>(
    'SELECT password_hash FROM password_history WHERE user_id = ? ORDER BY set_at DESC, rowid DESC LIMIT ?',
  );
  const setPassword = db.prepare(
    `UPDATE users SET password_hash = @newHash, must_change_password = 0, password_expires_at = NULL
     WHERE user_id = @userId AND password_hash = @currentHash`,
  );
  const insertHistory = db.prepare('INSERT INTO password_history (user_id, password_hash, set_at) VALUES (?, ?, ?)');
  const offerMfa = db.prepare(
    `UPDATE users SET mfa_pending_sealed = ?, mfa_pending_expires_at = ?
     WHERE user_id = ? AND mfa_secret_sealed IS NULL AND must_change_password = 0 AND disabled_at IS NULL`,
  );
  const enrolMfa = db.prepare(
    `UPDATE users SET mfa_secret_sealed = mfa_pending_sealed, mfa_pending_sealed = NULL, mfa_pending_expires_at = NULL
     WHERE user_id = ? AND mfa_secret_sealed IS NULL AND mfa_pending_sealed = ? AND mfa_pending_expires_at > ?`,
  );
  // The latest of sign-in, creation and re-enabling: an account never used since any of them counts as inactive from there.
  const inactiveSince = 'MAX(COALESCE(last_sign_in_at, 0), created_at, COALESCE(enabled_at, 0))';
  const disableStale = db.prepare<{ cutoff: number; at: number }, UserRow>(
    `UPDATE users SET disabled_at = @at, disabled_reason = 'inactivity'
     WHERE disabled_at IS NULL AND ${inactiveSince} <= @cutoff
     RETURNING *`,
  );
  const disableStaleUser = db.prepare<{ cutoff: number; at: number; userId: string }, UserRow>(
    `UPDATE users SET disabled_at = @at, disabled_reason = 'inactivity'
     WHERE user_id = @userId AND disabled_at IS NULL AND ${inactiveSince} <= @cutoff
     RETURNING *`,
  );
  // A lock that has run out is lifted by the attempt that finds it, and counting starts again.
  const charge = db.prepare<{ userId: string; now: number }, { failed_attempts: number; locked_until: number | null }>(
    `UPDATE users SET
       failed_attempts = CASE WHEN locked_until IS NOT NULL AND locked_until <= @now THEN 1 ELSE failed_attempts + 1 END,
       locked_until = CASE WHEN locked_until IS NOT NULL AND locked_until <= @now THEN NULL ELSE locked_until END
     WHERE user_id = @userId
     RETURNING failed_attempts, locked_until`,
  );
  const clearFailures = db.prepare(
    'UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE user_id = ? AND (locked_until IS NULL OR locked_until <= ?)',
  );
  const setLock = db.prepare('UPDATE users SET locked_until = ? WHERE user_id = ? AND (locked_until IS NULL OR locked_until <= ?)');
  const setDisabled = db.prepare('UPDATE users SET disabled_at = ? WHERE user_id = ? AND disabled_at IS NULL');
  const revokeUserFamilies = db.prepare('UPDATE session_families SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL');
  const consumeTotp = db.prepare('UPDATE users SET last_totp_step = ? WHERE user_id = ? AND (last_totp_step IS NULL OR last_totp_step < ?)');
  const deviceById = db.prepare<[string], { device_id: string; public_key: string; enrolled_at: number; enrolled_by: string; revoked_at: number | null }>(
    'SELECT device_id, public_key, enrolled_at, enrolled_by, revoked_at FROM devices WHERE device_id = ?',
  );
  const dropExpiredChallenges = db.prepare('DELETE FROM auth_challenges WHERE expires_at <= ?');
  const insertChallenge = db.prepare('INSERT INTO auth_challenges (nonce, device_id, expires_at) VALUES (?, ?, ?)');
  const consumeChallenge = db.prepare('DELETE FROM auth_challenges WHERE nonce = ? AND device_id = ? AND expires_at > ?');
  const insertFamily = db.prepare('INSERT INTO session_families (family_id, user_id, device_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)');
  const familyById = db.prepare<[string], FamilyRow>('SELECT * FROM session_families WHERE family_id = ?');
  const revoke = db.prepare('UPDATE session_families SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL');
  const insertToken = db.prepare(
    'INSERT INTO refresh_tokens (token_hash, family_id, user_id, device_id, expires_at, used_at) VALUES (?, ?, ?, ?, ?, NULL)',
  );
  const tokenByHash = db.prepare<
    [string],
    { token_hash: string; family_id: string; user_id: string; device_id: string; expires_at: number; used_at: number | null }
  >('SELECT * FROM refresh_tokens WHERE token_hash = ?');
  const consume = db.prepare('UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL');
  const retire = db.prepare('UPDATE refresh_tokens SET used_at = ? WHERE family_id = ? AND used_at IS NULL');

  const lockAccount = db.transaction((userId: string, until: number, now: number): boolean => {
    if (setLock.run(until, userId, now).changes === 0) return false;
    revokeUserFamilies.run(now, userId);
    return true;
  });
  const changePassword = db.transaction((change: { userId: string; currentHash: string; newHash: string; at: number }): boolean => {
    if (setPassword.run(change).changes === 0) return false;
    insertHistory.run(change.userId, change.newHash, change.at);
    return true;
  });
  const disableInactive = db.transaction((cutoff: number, at: number, userId: string | undefined): UserRecord[] => {
    const rows = userId === undefined ? disableStale.all({ cutoff, at }) : disableStaleUser.all({ cutoff, at, userId });
    for (const row of rows) revokeUserFamilies.run(at, row.user_id);
    return rows.map(toUser);
  });
  const disableAccount = db.transaction((userId: string, at: number): void => {
    setDisabled.run(at, userId);
    revokeUserFamilies.run(at, userId);
  });

  return {
    findUserByUsername: (username) => {
      const row = userByName.get(username.toLowerCase());
      return Promise.resolve(row ? toUser(row) : null);
    },
    findUserById: (userId) => {
      const row = userById.get(userId);
      return Promise.resolve(row ? toUser(row) : null);
    },
    createUser: (user) => {
      insertUser.run({
        ...user,
        username: user.username.toLowerCase(),
        roles: JSON.stringify(user.roles),
        mustChangePassword: user.mustChangePassword ? 1 : 0,
        mfaRequired: user.mfaRequired ? 1 : 0,
      });
      return Promise.resolve();
    },
    listUsers: () => Promise.resolve(allUsers.all().map(toUser)),
    chargeFailedAttempt: (userId, now) => {
      const row = charge.get({ userId, now });
      if (row === undefined) return Promise.reject(new Error(`no user ${userId}`));
      const charged: AttemptCharge = { failedAttempts: row.failed_attempts, lockedUntil: row.locked_until };
      return Promise.resolve(charged);
    },
    clearFailedAttempts: (userId, now) => Promise.resolve(clearFailures.run(userId, now).changes === 1),
    lockAccount: (userId, until, now) => Promise.resolve(lockAccount(userId, until, now)),
    disableAccount: (userId, at) => {
      disableAccount(userId, at);
      return Promise.resolve();
    },
    consumeTotpStep: (userId, step) => Promise.resolve(consumeTotp.run(step, userId, step).changes === 1),
    recordSignIn: (userId, at) => {
      setSignIn.run(at, userId);
      return Promise.resolve();
    },
    passwordHistory: (userId, limit) => Promise.resolve(history.all(userId, limit).map((row) => row.password_hash)),
    changePassword: (change) => Promise.resolve(changePassword(change)),
    offerMfaSecret: (userId, sealed, expiresAt) => Promise.resolve(offerMfa.run(sealed, expiresAt, userId).changes === 1),
    enrolOfferedMfaSecret: (userId, sealed, now) => Promise.resolve(enrolMfa.run(userId, sealed, now).changes === 1),
    disableInactive: (cutoff, at, userId) => Promise.resolve(disableInactive(cutoff, at, userId)),
    findDevice: (deviceId) => {
      const row = deviceById.get(deviceId);
      const device: DeviceRecord | null = row
        ? { deviceId: row.device_id, publicKey: row.public_key, enrolledAt: row.enrolled_at, enrolledBy: row.enrolled_by, revokedAt: row.revoked_at }
        : null;
      return Promise.resolve(device);
    },
    insertChallenge: (challenge, now) => {
      dropExpiredChallenges.run(now);
      insertChallenge.run(challenge.nonce, challenge.deviceId, challenge.expiresAt);
      return Promise.resolve();
    },
    consumeChallenge: (nonce, deviceId, now) => Promise.resolve(consumeChallenge.run(nonce, deviceId, now).changes === 1),
    createSessionFamily: (family) => {
      insertFamily.run(family.familyId, family.userId, family.deviceId, family.createdAt, family.expiresAt);
      return Promise.resolve();
    },
    findSessionFamily: (familyId) => {
      const row = familyById.get(familyId);
      return Promise.resolve(row ? toFamily(row) : null);
    },
    revokeFamily: (familyId, at) => {
      revoke.run(at, familyId);
      return Promise.resolve();
    },
    insertRefreshToken: (token) => {
      insertToken.run(token.tokenHash, token.familyId, token.userId, token.deviceId, token.expiresAt);
      return Promise.resolve();
    },
    findRefreshToken: (tokenHash) => {
      const row = tokenByHash.get(tokenHash);
      const token: RefreshTokenRecord | null = row
        ? {
            tokenHash: row.token_hash,
            familyId: row.family_id,
            userId: row.user_id,
            deviceId: row.device_id,
            expiresAt: row.expires_at,
            usedAt: row.used_at,
          }
        : null;
      return Promise.resolve(token);
    },
    consumeRefreshToken: (tokenHash, at) => Promise.resolve(consume.run(at, tokenHash).changes === 1),
    retireRefreshTokens: (familyId, at) => {
      retire.run(at, familyId);
      return Promise.resolve();
    },
  };
}
