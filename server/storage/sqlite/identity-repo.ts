// Users, devices, session families and refresh tokens in SQLite.
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { RoleSchema } from '../../../shared/roles.ts';
import type { DeviceRecord, IdentityRepo, RefreshTokenRecord, UserRecord } from '../store.ts';

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
}

const RolesJsonSchema = z.array(RoleSchema);

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
});

export function sqliteIdentityRepo(db: Database.Database): IdentityRepo {
  const userByName = db.prepare<[string], UserRow>('SELECT * FROM users WHERE username = ?');
  const userById = db.prepare<[string], UserRow>('SELECT * FROM users WHERE user_id = ?');
  const allUsers = db.prepare<[], UserRow>('SELECT * FROM users ORDER BY username');
  const insertUser = db.prepare(
    `INSERT INTO users (user_id, username, display_name, roles, password_hash, mfa_secret_sealed, failed_attempts, locked_until, last_totp_step)
     VALUES (@userId, @username, @displayName, @roles, @passwordHash, @mfaSecretSealed, @failedAttempts, @lockedUntil, @lastTotpStep)`,
  );
  const updateLogin = db.prepare('UPDATE users SET failed_attempts = ?, locked_until = ? WHERE user_id = ?');
  // Only ever moves forward, so two racing logins cannot both use one code.
  const updateTotp = db.prepare('UPDATE users SET last_totp_step = ? WHERE user_id = ? AND (last_totp_step IS NULL OR last_totp_step < ?)');
  const deviceById = db.prepare<[string], { device_id: string; public_key: string; enrolled_at: number; enrolled_by: string }>(
    'SELECT * FROM devices WHERE device_id = ?',
  );
  const insertDevice = db.prepare('INSERT INTO devices (device_id, public_key, enrolled_at, enrolled_by) VALUES (?, ?, ?, ?)');
  const insertFamily = db.prepare('INSERT INTO session_families (family_id, user_id, device_id, created_at) VALUES (?, ?, ?, ?)');
  const familyActive = db.prepare<[string], { revoked_at: number | null }>('SELECT revoked_at FROM session_families WHERE family_id = ?');
  const revoke = db.prepare('UPDATE session_families SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL');
  const insertToken = db.prepare(
    'INSERT INTO refresh_tokens (token_hash, family_id, user_id, device_id, expires_at, used_at) VALUES (?, ?, ?, ?, ?, NULL)',
  );
  const tokenByHash = db.prepare<
    [string],
    { token_hash: string; family_id: string; user_id: string; device_id: string; expires_at: number; used_at: number | null }
  >('SELECT * FROM refresh_tokens WHERE token_hash = ?');
  const consume = db.prepare('UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL');

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
      insertUser.run({ ...user, username: user.username.toLowerCase(), roles: JSON.stringify(user.roles) });
      return Promise.resolve();
    },
    listUsers: () => Promise.resolve(allUsers.all().map(toUser)),
    setLoginState: (userId, state) => {
      updateLogin.run(state.failedAttempts, state.lockedUntil, userId);
      return Promise.resolve();
    },
    setLastTotpStep: (userId, step) => {
      updateTotp.run(step, userId, step);
      return Promise.resolve();
    },
    findDevice: (deviceId) => {
      const row = deviceById.get(deviceId);
      const device: DeviceRecord | null = row
        ? { deviceId: row.device_id, publicKey: row.public_key, enrolledAt: row.enrolled_at, enrolledBy: row.enrolled_by }
        : null;
      return Promise.resolve(device);
    },
    enrollDevice: (device) => {
      insertDevice.run(device.deviceId, device.publicKey, device.enrolledAt, device.enrolledBy);
      return Promise.resolve();
    },
    createSessionFamily: (family) => {
      insertFamily.run(family.familyId, family.userId, family.deviceId, family.createdAt);
      return Promise.resolve();
    },
    isFamilyActive: (familyId) => {
      const row = familyActive.get(familyId);
      return Promise.resolve(row?.revoked_at === null);
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
  };
}
