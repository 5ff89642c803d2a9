// Desk updates (migration 017): release rollouts and desk rings, changed by
// admins with their record in one transaction, and each desk's last check.
import type { Storage } from '../dialect.ts';
import type { RolloutRecord, UpdateCheckRecord, UpdateRepo } from '../store.ts';
import type { UpdateRolloutsTable } from '../tables.ts';
import { adminWrite } from './admin-write.ts';

const rolloutOf = (row: UpdateRolloutsTable): RolloutRecord => ({
  version: row.version,
  stage: row.stage,
  percent: row.percent,
  paused: row.paused === 1,
  pulled: row.pulled === 1,
  changedAt: row.changed_at,
  changedBy: row.changed_by,
});

export function kyselyUpdateRepo(storage: Storage): UpdateRepo {
  const { db } = storage;
  return {
    async rollouts() {
      return (await db.selectFrom('update_rollouts').selectAll().execute()).map(rolloutOf);
    },
    changeRollout(version, decide, record) {
      return adminWrite(
        storage,
        async (trx) => {
          const row = await trx.selectFrom('update_rollouts').selectAll().where('version', '=', version).executeTakeFirst();
          const next = decide(row === undefined ? null : rolloutOf(row));
          const values = {
            stage: next.stage,
            percent: next.percent,
            paused: next.paused ? 1 : 0,
            pulled: next.pulled ? 1 : 0,
            changed_at: next.changedAt,
            changed_by: next.changedBy,
          };
          await trx
            .insertInto('update_rollouts')
            .values({ version, ...values })
            .onConflict((oc) => oc.column('version').doUpdateSet(values))
            .execute();
          return next;
        },
        record,
      );
    },
    setRing(deviceId, ring, record) {
      return adminWrite(
        storage,
        async (trx) => {
          await trx
            .insertInto('update_device_rings')
            .values({ device_id: deviceId, ring })
            .onConflict((oc) => oc.column('device_id').doUpdateSet({ ring }))
            .execute();
          return ring;
        },
        record,
      );
    },
    async ringOf(deviceId) {
      const row = await db.selectFrom('update_device_rings').select('ring').where('device_id', '=', deviceId).executeTakeFirst();
      return row?.ring ?? 'broad';
    },
    async rings() {
      return new Map((await db.selectFrom('update_device_rings').selectAll().execute()).map((row) => [row.device_id, row.ring]));
    },
    async noteCheck(check) {
      const values = { version: check.version, checked_at: check.checkedAt, user_id: check.userId };
      await db
        .insertInto('update_checks')
        .values({ device_id: check.deviceId, ...values })
        .onConflict((oc) => oc.column('device_id').doUpdateSet(values))
        .execute();
    },
    async lastCheck(deviceId) {
      const row = await db.selectFrom('update_checks').selectAll().where('device_id', '=', deviceId).executeTakeFirst();
      return row === undefined ? null : checkOf(row);
    },
    async checks() {
      return (await db.selectFrom('update_checks').selectAll().execute()).map(checkOf);
    },
  };
}

const checkOf = (row: { device_id: string; version: string; checked_at: number; user_id: string | null }): UpdateCheckRecord => ({
  deviceId: row.device_id,
  version: row.version,
  checkedAt: row.checked_at,
  userId: row.user_id,
});
