// Enrolment grants and the admin's view of devices in SQLite. Using up a code
// and enrolling the device is one transaction whose conditional update decides,
// and so is revoking a device together with all its sessions.
import type Database from 'better-sqlite3';
import { EnrolmentKindSchema, type EnrolmentKind } from '../../../shared/schemas/admin.ts';
import type { DeviceRepo, EnrolmentGrantRecord, EnrolmentOutcome, ManagedDeviceRecord } from '../store.ts';

interface GrantRow {
  grant_id: string;
  kind: string;
  secret_hash: string;
  reason: string;
  issued_by: string;
  issued_at: number;
  expires_at: number;
  used_at: number | null;
  used_by_device: string | null;
}

interface ManagedRow {
  device_id: string;
  public_key: string;
  enrolled_at: number;
  enrolled_by: string;
  enrolled_via: string;
  approved_by: string | null;
  last_user_id: string | null;
  last_username: string | null;
  last_seen_at: number | null;
  app_version: string | null;
  revoked_at: number | null;
  revoked_by: string | null;
  revoke_reason: string | null;
  batches_after_revoke: number;
}

const toGrant = (row: GrantRow): EnrolmentGrantRecord => ({
  grantId: row.grant_id,
  kind: EnrolmentKindSchema.parse(row.kind),
  secretHash: row.secret_hash,
  reason: row.reason,
  issuedBy: row.issued_by,
  issuedAt: row.issued_at,
  expiresAt: row.expires_at,
  usedAt: row.used_at,
  usedByDevice: row.used_by_device,
});

const toManaged = (row: ManagedRow): ManagedDeviceRecord => ({
  deviceId: row.device_id,
  publicKey: row.public_key,
  enrolledAt: row.enrolled_at,
  enrolledBy: row.enrolled_by,
  enrolledVia: EnrolmentKindSchema.parse(row.enrolled_via),
  approvedBy: row.approved_by,
  lastUser: row.last_user_id !== null && row.last_username !== null ? { userId: row.last_user_id, username: row.last_username } : null,
  lastSeenAt: row.last_seen_at,
  appVersion: row.app_version,
  revokedAt: row.revoked_at,
  revokedBy: row.revoked_by,
  revokeReason: row.revoke_reason,
  batchesAfterRevoke: row.batches_after_revoke,
});

const MANAGED_SELECT = `
  SELECT d.device_id, d.public_key, d.enrolled_at, d.enrolled_by, d.enrolled_via,
    (SELECT u.username FROM enrolment_grants g JOIN users u ON u.user_id = g.issued_by WHERE g.grant_id = d.grant_id) AS approved_by,
    d.last_user_id, (SELECT u.username FROM users u WHERE u.user_id = d.last_user_id) AS last_username,
    d.last_seen_at, d.app_version, d.revoked_at,
    (SELECT u.username FROM users u WHERE u.user_id = d.revoked_by) AS revoked_by, d.revoke_reason,
    (SELECT COUNT(*) FROM audit_batches b WHERE b.device_id = d.device_id AND b.flag = 'device_revoked') AS batches_after_revoke
  FROM devices d`;

export function sqliteDeviceRepo(db: Database.Database): DeviceRepo {
  const insertGrant = db.prepare<GrantRow>(
    `INSERT INTO enrolment_grants (grant_id, kind, secret_hash, reason, issued_by, issued_at, expires_at, used_at, used_by_device)
     VALUES (@grant_id, @kind, @secret_hash, @reason, @issued_by, @issued_at, @expires_at, @used_at, @used_by_device)`,
  );
  const usableGrant = db.prepare<{ kind: EnrolmentKind; hash: string; now: number }, GrantRow>(
    `SELECT * FROM enrolment_grants WHERE secret_hash = @hash AND kind = @kind AND expires_at > @now AND used_at IS NULL`,
  );
  // A code is taken by the one update that finds it unused; a policy token is only checked, never used up.
  const takeCode = db.prepare<{ hash: string; now: number; deviceId: string }, GrantRow>(
    `UPDATE enrolment_grants SET used_at = @now, used_by_device = @deviceId
     WHERE secret_hash = @hash AND kind = 'code' AND expires_at > @now AND used_at IS NULL RETURNING *`,
  );
  const insertDevice = db.prepare(
    `INSERT INTO devices (device_id, public_key, enrolled_at, enrolled_by, enrolled_via, grant_id, last_user_id, last_seen_at, app_version)
     VALUES (@deviceId, @publicKey, @enrolledAt, @enrolledBy, @via, @grantId, @enrolledBy, @enrolledAt, @appVersion)
     ON CONFLICT (device_id) DO NOTHING`,
  );
  const sighting = db.prepare('UPDATE devices SET last_user_id = ?, app_version = ?, last_seen_at = MAX(COALESCE(last_seen_at, 0), ?) WHERE device_id = ?');
  const all = db.prepare<[], ManagedRow>(`${MANAGED_SELECT} ORDER BY d.enrolled_at DESC, d.device_id`);
  const one = db.prepare<[string], ManagedRow>(`${MANAGED_SELECT} WHERE d.device_id = ?`);
  const markRevoked = db.prepare('UPDATE devices SET revoked_at = ?, revoked_by = ?, revoke_reason = ? WHERE device_id = ? AND revoked_at IS NULL');
  const revokeFamilies = db.prepare<[number, string], { family_id: string }>(
    'UPDATE session_families SET revoked_at = ? WHERE device_id = ? AND revoked_at IS NULL RETURNING family_id',
  );

  const enrol = db.transaction((device: Parameters<DeviceRepo['enrolWithGrant']>[0], grant: { kind: EnrolmentKind; secretHash: string }): EnrolmentOutcome => {
    const row =
      grant.kind === 'code'
        ? takeCode.get({ hash: grant.secretHash, now: device.enrolledAt, deviceId: device.deviceId })
        : usableGrant.get({ kind: 'policy_token', hash: grant.secretHash, now: device.enrolledAt });
    if (row === undefined) return { enrolled: false, why: 'grant_unusable' };
    const inserted = insertDevice.run({ ...device, via: grant.kind, grantId: row.grant_id }).changes === 1;
    if (!inserted) throw new DeviceExists();
    return { enrolled: true, grant: toGrant(row) };
  });
  const revoke = db.transaction((deviceId: string, at: number, byUserId: string, reason: string) => {
    if (markRevoked.run(at, byUserId, reason, deviceId).changes === 0) return { revoked: false, familyIds: [] };
    return { revoked: true, familyIds: revokeFamilies.all(at, deviceId).map((r) => r.family_id) };
  });

  return {
    insertGrant: (grant) => {
      insertGrant.run({
        grant_id: grant.grantId,
        kind: grant.kind,
        secret_hash: grant.secretHash,
        reason: grant.reason,
        issued_by: grant.issuedBy,
        issued_at: grant.issuedAt,
        expires_at: grant.expiresAt,
        used_at: grant.usedAt,
        used_by_device: grant.usedByDevice,
      });
      return Promise.resolve();
    },
    findUsableGrant: (kind, secretHash, now) => {
      const row = usableGrant.get({ kind, hash: secretHash, now });
      return Promise.resolve(row === undefined ? null : toGrant(row));
    },
    enrolWithGrant: (device, grant) => {
      try {
        return Promise.resolve(enrol(device, grant));
      } catch (error) {
        // The device ID was enrolled meanwhile: the transaction rolled back, so the code stays unused.
        if (error instanceof DeviceExists) return Promise.resolve({ enrolled: false, why: 'device_exists' } as const);
        throw error;
      }
    },
    noteSignIn: (deviceId, seen) => {
      sighting.run(seen.userId, seen.appVersion, seen.at, deviceId);
      return Promise.resolve();
    },
    list: () => Promise.resolve(all.all().map(toManaged)),
    find: (deviceId) => {
      const row = one.get(deviceId);
      return Promise.resolve(row === undefined ? null : toManaged(row));
    },
    revoke: (deviceId, revocation) => Promise.resolve(revoke(deviceId, revocation.at, revocation.byUserId, revocation.reason)),
  };
}

/** Thrown inside the enrolment transaction to roll the code back when the device row already exists. */
class DeviceExists extends Error {}
