// Enrolment grants and the admin's view of devices. Using up a code and enrolling
// the device is one transaction whose conditional UPDATE ... RETURNING decides
// (both engines lock the grant row for it, so of two desks racing one code exactly
// one wins), and so is revoking a device together with all its sessions. An admin's
// issue and revoke are administrative writes (admin-write.ts): checked, done and
// recorded in one transaction.
import { sql, type Insertable, type Selectable } from 'kysely';
import { z } from 'zod';
import { ENROLMENT_KINDS, EnrolmentKindSchema } from '../../../shared/schemas/admin.ts';
import { greatest, serialiseAll, type Executor, type Storage } from '../dialect.ts';
import type { DeviceAdminOutcome, DeviceRepo, EnrolmentGrantRecord, EnrolmentOutcome, ManagedDeviceRecord } from '../store.ts';
import { actorIsActiveAdmin, adminWrite } from './admin-write.ts';
import type { EnrolmentGrantsTable } from '../tables.ts';

const EnrolledViaSchema = z.enum([...ENROLMENT_KINDS, 'demo_seed']);

const toGrant = (row: Selectable<EnrolmentGrantsTable>): EnrolmentGrantRecord => ({
  grantId: row.grant_id,
  kind: EnrolmentKindSchema.parse(row.kind),
  secretHash: row.secret_hash,
  reason: row.reason,
  issuedBy: row.issued_by,
  issuedAt: row.issued_at,
  expiresAt: row.expires_at,
  usedAt: row.used_at,
  usedByDevice: row.used_by_device,
  forUserId: row.for_user_id,
});

/** The device list's query: each device with the names of the people involved and its flagged batches. */
const managedDevices = (db: Executor) =>
  db
    .selectFrom('devices as d')
    .select((eb) => [
      'd.device_id',
      'd.public_key',
      'd.enrolled_at',
      'd.enrolled_by',
      'd.enrolled_via',
      'd.last_user_id',
      'd.last_seen_at',
      'd.app_version',
      'd.revoked_at',
      'd.revoke_reason',
      eb
        .selectFrom('enrolment_grants as g')
        .innerJoin('users as u', 'u.user_id', 'g.issued_by')
        .select('u.username')
        .whereRef('g.grant_id', '=', 'd.grant_id')
        .as('approved_by'),
      eb.selectFrom('users as u').select('u.username').whereRef('u.user_id', '=', 'd.last_user_id').as('last_username'),
      eb.selectFrom('users as u').select('u.username').whereRef('u.user_id', '=', 'd.revoked_by').as('revoked_by_name'),
      eb
        .selectFrom('audit_batches as b')
        .select((c) => c.fn.countAll<number | string>().as('n'))
        .whereRef('b.device_id', '=', 'd.device_id')
        .where('b.flag', '=', 'device_revoked')
        .as('batches_after_revoke'),
    ]);

type ManagedRow = Awaited<ReturnType<ReturnType<typeof managedDevices>['executeTakeFirstOrThrow']>>;

const toManaged = (row: ManagedRow): ManagedDeviceRecord => ({
  deviceId: row.device_id,
  publicKey: row.public_key,
  enrolledAt: row.enrolled_at,
  enrolledBy: row.enrolled_by,
  revokedAt: row.revoked_at,
  enrolledVia: EnrolledViaSchema.parse(row.enrolled_via),
  approvedBy: row.approved_by ?? null,
  lastUser: row.last_user_id !== null && row.last_username != null ? { userId: row.last_user_id, username: row.last_username } : null,
  lastSeenAt: row.last_seen_at,
  appVersion: row.app_version,
  revokedBy: row.revoked_by_name ?? null,
  revokeReason: row.revoke_reason,
  // PostgreSQL's COUNT is a BIGINT, which pg reads as text.
  batchesAfterRevoke: Number(row.batches_after_revoke ?? 0),
});

/** Thrown inside the enrolment transaction to roll the code back when the device row already exists. */
class DeviceExists extends Error {}
/** Thrown inside the enrolment transaction to roll the code back when it was issued for another account. */
class GrantForOtherAccount extends Error {}
/** Thrown inside the enrolment transaction to roll the code back when a cap on desks is reached. */
class EnrolmentCapped extends Error {
  readonly why: 'grant_cap' | 'user_cap';
  constructor(why: 'grant_cap' | 'user_cap') {
    super(why);
    this.why = why;
  }
}

/** A grant's row as stored. */
export const grantValues = (grant: EnrolmentGrantRecord): Insertable<EnrolmentGrantsTable> => ({
  grant_id: grant.grantId,
  kind: grant.kind,
  secret_hash: grant.secretHash,
  reason: grant.reason,
  issued_by: grant.issuedBy,
  issued_at: grant.issuedAt,
  expires_at: grant.expiresAt,
  used_at: grant.usedAt,
  used_by_device: grant.usedByDevice,
  for_user_id: grant.forUserId ?? null,
});

export function kyselyDeviceRepo(storage: Storage): DeviceRepo {
  const { db, engine } = storage;
  const usableGrant = (executor: Executor, kind: string, secretHash: string, now: number) =>
    executor
      .selectFrom('enrolment_grants')
      .selectAll()
      .where('secret_hash', '=', secretHash)
      .where('kind', '=', kind)
      .where('expires_at', '>', now)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();

  return {
    async insertGrant(grant) {
      await db.insertInto('enrolment_grants').values(grantValues(grant)).execute();
    },
    issueGrant: (grant, record) =>
      adminWrite(
        storage,
        async (trx): Promise<DeviceAdminOutcome<'actor_inactive' | 'not_found'>> => {
          if (!(await actorIsActiveAdmin(trx, grant.issuedBy))) return { ok: false, refusal: 'actor_inactive' };
          const forUserId = grant.forUserId ?? null;
          if (forUserId !== null && (await trx.selectFrom('users').select('user_id').where('user_id', '=', forUserId).executeTakeFirst()) === undefined) {
            return { ok: false, refusal: 'not_found' };
          }
          await trx.insertInto('enrolment_grants').values(grantValues(grant)).execute();
          return { ok: true };
        },
        record,
      ),
    async listGrants() {
      const rows = await db
        .selectFrom('enrolment_grants as g')
        .selectAll('g')
        .select((eb) => [
          eb.selectFrom('users as u').select('u.username').whereRef('u.user_id', '=', 'g.issued_by').as('issued_by_name'),
          eb.selectFrom('users as u').select('u.username').whereRef('u.user_id', '=', 'g.revoked_by').as('revoked_by_name'),
          eb.selectFrom('users as u').select('u.username').whereRef('u.user_id', '=', 'g.for_user_id').as('for_username'),
        ])
        .orderBy('g.issued_at', 'desc')
        .orderBy('g.grant_id')
        .execute();
      return rows.map((row) => ({
        ...toGrant(row),
        issuedByName: row.issued_by_name ?? null,
        revokedAt: row.revoked_at,
        revokedByName: row.revoked_by_name ?? null,
        forUsername: row.for_username ?? null,
      }));
    },
    revokeGrant: (grantId, revocation, record) =>
      adminWrite(
        storage,
        async (trx): Promise<DeviceAdminOutcome> => {
          if (!(await actorIsActiveAdmin(trx, revocation.byUserId))) return { ok: false, refusal: 'actor_inactive' };
          const marked = await trx
            .updateTable('enrolment_grants')
            .set({ revoked_at: revocation.at, revoked_by: revocation.byUserId, revoke_reason: revocation.reason })
            .where('grant_id', '=', grantId)
            .where('revoked_at', 'is', null)
            .executeTakeFirst();
          if (marked.numUpdatedRows > 0n) return { ok: true };
          const known = await trx.selectFrom('enrolment_grants').select('grant_id').where('grant_id', '=', grantId).executeTakeFirst();
          return { ok: false, refusal: known === undefined ? 'not_found' : 'unchanged' };
        },
        record,
      ),
    async findUsableGrant(kind, secretHash, now) {
      const row = await usableGrant(db, kind, secretHash, now);
      return row === undefined ? null : toGrant(row);
    },
    async enrolWithGrant(device, grant, caps) {
      try {
        return await db.transaction().execute(async (trx): Promise<EnrolmentOutcome> => {
          // Parallel enrolments of one user, or on one grant, count one after another.
          await serialiseAll(trx, engine, [`enrol-user:${device.enrolledBy}`, `enrol-grant:${grant.secretHash}`]);
          // A code is taken by the one update that finds it unused; a policy token is only checked, never used up.
          const row =
            grant.kind === 'code'
              ? await trx
                  .updateTable('enrolment_grants')
                  .set({ used_at: device.enrolledAt, used_by_device: device.deviceId })
                  .where('secret_hash', '=', grant.secretHash)
                  .where('kind', '=', 'code')
                  .where('expires_at', '>', device.enrolledAt)
                  .where('used_at', 'is', null)
                  .where('revoked_at', 'is', null)
                  .returningAll()
                  .executeTakeFirst()
              : await usableGrant(trx, 'policy_token', grant.secretHash, device.enrolledAt);
          if (row === undefined) return { enrolled: false, why: 'grant_unusable' };
          // A code issued for one account is not another's: rolled back, so its own account can still use it.
          if (row.for_user_id !== null && row.for_user_id !== device.enrolledBy) throw new GrantForOtherAccount();
          const count = async (column: 'grant_id' | 'enrolled_by', value: string, since: number): Promise<number> => {
            const found = await trx
              .selectFrom('devices')
              .select((eb) => eb.fn.countAll<number | string>().as('n'))
              .where(column, '=', value)
              .where('enrolled_at', '>=', since)
              .executeTakeFirstOrThrow();
            // PostgreSQL's COUNT is a BIGINT, which pg reads as text.
            return Number(found.n);
          };
          if (grant.kind === 'policy_token' && (await count('grant_id', row.grant_id, 0)) >= caps.perGrant) throw new EnrolmentCapped('grant_cap');
          const userDesks = await count('enrolled_by', device.enrolledBy, caps.dayStart);
          if (userDesks >= caps.perUserPerDay) throw new EnrolmentCapped('user_cap');
          const inserted = await trx
            .insertInto('devices')
            .values({
              device_id: device.deviceId,
              public_key: device.publicKey,
              enrolled_at: device.enrolledAt,
              enrolled_by: device.enrolledBy,
              enrolled_via: grant.kind,
              grant_id: row.grant_id,
              last_user_id: device.enrolledBy,
              last_seen_at: device.enrolledAt,
              app_version: device.appVersion,
            })
            .onConflict((oc) => oc.column('device_id').doNothing())
            .executeTakeFirst();
          if ((inserted.numInsertedOrUpdatedRows ?? 0n) !== 1n) throw new DeviceExists();
          return { enrolled: true, grant: toGrant(row), userDesksToday: userDesks + 1 };
        });
      } catch (error) {
        // The device ID was enrolled meanwhile: the transaction rolled back, so the code stays unused.
        if (error instanceof DeviceExists) return { enrolled: false, why: 'device_exists' };
        if (error instanceof EnrolmentCapped) return { enrolled: false, why: error.why };
        if (error instanceof GrantForOtherAccount) return { enrolled: false, why: 'grant_other_account' };
        throw error;
      }
    },
    async noteSignIn(deviceId, seen) {
      await db
        .updateTable('devices')
        .set((eb) => ({
          last_user_id: seen.userId,
          app_version: seen.appVersion,
          last_seen_at: greatest(engine, eb.fn.coalesce('last_seen_at', sql<number>`0`), sql<number>`${seen.at}`),
        }))
        .where('device_id', '=', deviceId)
        .execute();
    },
    async list() {
      return (await managedDevices(db).orderBy('d.enrolled_at', 'desc').orderBy('d.device_id').execute()).map(toManaged);
    },
    async find(deviceId) {
      const row = await managedDevices(db).where('d.device_id', '=', deviceId).executeTakeFirst();
      return row === undefined ? null : toManaged(row);
    },
    revoke: (deviceId, revocation, record) =>
      adminWrite(
        storage,
        async (trx): Promise<{ outcome: DeviceAdminOutcome; familyIds: string[] }> => {
          const refused = (refusal: 'actor_inactive' | 'not_found' | 'unchanged') => ({ outcome: { ok: false, refusal } as const, familyIds: [] });
          if (!(await actorIsActiveAdmin(trx, revocation.byUserId))) return refused('actor_inactive');
          const marked = await trx
            .updateTable('devices')
            .set({ revoked_at: revocation.at, revoked_by: revocation.byUserId, revoke_reason: revocation.reason })
            .where('device_id', '=', deviceId)
            .where('revoked_at', 'is', null)
            .executeTakeFirst();
          if (marked.numUpdatedRows === 0n) {
            const known = await trx.selectFrom('devices').select('device_id').where('device_id', '=', deviceId).executeTakeFirst();
            return refused(known === undefined ? 'not_found' : 'unchanged');
          }
          const families = await trx
            .updateTable('session_families')
            .set({ revoked_at: revocation.at })
            .where('device_id', '=', deviceId)
            .where('revoked_at', 'is', null)
            .returning('family_id')
            .execute();
          return { outcome: { ok: true }, familyIds: families.map((f) => f.family_id) };
        },
        record,
      ),
  };
}
