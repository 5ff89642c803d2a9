// Desk presence on both engines: every change is one statement, so two
// instances hearing the same desk (or one sweeping while another hears it)
// never lose a change or turn a desk offline twice.
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { RoleSchema } from '../../../shared/roles.ts';
import { AgentPresenceSchema } from '../../../shared/schemas/supervision.ts';
import type { PresenceRecord, PresenceReport, PresenceRepo } from '../store.ts';
import { serialise, type Storage } from '../dialect.ts';
import type { LiveTables, PresenceTable } from './tables.ts';

const iso = (ms: number): string => new Date(ms).toISOString();

/** One past the newest hearing; two instances hearing at the same instant may share a value, which orders nothing that matters. */
const nextHearing = sql<number>`(SELECT COALESCE(MAX(heard_order), 0) + 1 FROM presence)`;

const recordOf = (row: Selectable<PresenceTable>): PresenceRecord => ({
  presence: {
    ...AgentPresenceSchema.parse({
      userId: row.user_id,
      username: row.username,
      displayName: row.display_name,
      deviceId: row.device_id,
      state: row.state,
      captureProtection: row.capture_protection,
      queueDepth: row.queue_depth,
      appVersion: row.app_version,
      lastSeenAt: iso(row.last_seen_at),
      stateSince: iso(row.state_since),
      auditIntegrity: row.audit_integrity,
    }),
    deviceId: row.device_id,
  },
  roles: RoleSchema.array().parse(JSON.parse(row.roles)),
  lastSeenMs: row.last_seen_at,
  familyId: row.family_id,
  syncableSince: row.syncable_since,
});

export function livePresenceRepo({ db, engine }: Storage<LiveTables>): PresenceRepo {
  const upsert = async (exec: Kysely<LiveTables> | Transaction<LiveTables>, report: PresenceReport, now: number): Promise<PresenceRecord> => {
    const row = await exec
      .insertInto('presence')
      .values({
        device_id: report.deviceId,
        user_id: report.userId,
        username: report.username,
        display_name: report.displayName,
        roles: JSON.stringify(report.roles),
        state: report.state,
        capture_protection: report.captureProtection,
        queue_depth: report.queueDepth,
        app_version: report.appVersion,
        last_seen_at: now,
        state_since: now,
        audit_integrity: report.auditIntegrity,
        family_id: report.familyId,
        syncable_since: report.syncable ? now : null,
        heard_order: nextHearing,
      })
      .onConflict((oc) =>
        oc.column('device_id').doUpdateSet((eb) => ({
          user_id: eb.ref('excluded.user_id'),
          username: eb.ref('excluded.username'),
          display_name: eb.ref('excluded.display_name'),
          roles: eb.ref('excluded.roles'),
          state: eb.ref('excluded.state'),
          capture_protection: eb.ref('excluded.capture_protection'),
          queue_depth: eb.ref('excluded.queue_depth'),
          app_version: eb.ref('excluded.app_version'),
          last_seen_at: eb.ref('excluded.last_seen_at'),
          state_since: sql<number>`CASE WHEN presence.user_id = excluded.user_id AND presence.state = excluded.state
            THEN presence.state_since ELSE excluded.state_since END`,
          audit_integrity: eb.ref('excluded.audit_integrity'),
          family_id: eb.ref('excluded.family_id'),
          syncable_since: report.syncable ? sql<number>`COALESCE(presence.syncable_since, excluded.syncable_since)` : null,
          heard_order: eb.ref('excluded.heard_order'),
        })),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    return recordOf(row);
  };

  return {
    async claimHeartbeat(deviceId, sentAt) {
      const claimed = await db
        .insertInto('heartbeat_seen')
        .values({ device_id: deviceId, sent_at: sentAt })
        .onConflict((oc) =>
          oc
            .column('device_id')
            .doUpdateSet({ sent_at: (eb) => eb.ref('excluded.sent_at') })
            .where('heartbeat_seen.sent_at', '<', (eb) => eb.ref('excluded.sent_at')),
        )
        .returning('device_id')
        .executeTakeFirst();
      return claimed !== undefined;
    },
    async pruneHeartbeats(before) {
      await db.deleteFrom('heartbeat_seen').where('sent_at', '<', before).execute();
    },
    async find(deviceId) {
      const row = await db.selectFrom('presence').selectAll().where('device_id', '=', deviceId).executeTakeFirst();
      return row === undefined ? null : recordOf(row);
    },
    async count() {
      const row = await db.selectFrom('presence').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
      return Number(row?.n ?? 0);
    },
    async evictStalestOffline() {
      const stalest = db.selectFrom('presence').select('device_id').where('state', '=', 'offline').orderBy('last_seen_at').limit(1);
      const result = await db.deleteFrom('presence').where('device_id', '=', stalest).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    record: (report, now) => upsert(db, report, now),
    recordWithinCap: (report, now, maxLivePerUser) =>
      // One user's new desks take turns (an advisory lock on PostgreSQL, the write transaction on SQLite), so parallel desks cannot pass the cap together.
      db.transaction().execute(async (trx) => {
        await serialise(trx, engine, `presence-user:${report.userId}`);
        const others = await trx
          .selectFrom('presence')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('user_id', '=', report.userId)
          .where('state', '<>', 'offline')
          .where('device_id', '<>', report.deviceId)
          .executeTakeFirst();
        if (Number(others?.n ?? 0) >= maxLivePerUser) return null;
        return upsert(trx, report, now);
      }),
    async signOut(deviceId, familyId, now) {
      const row = await db
        .updateTable('presence')
        .set({ state: 'offline', state_since: now, last_seen_at: now, family_id: null, syncable_since: null, heard_order: nextHearing })
        .where('device_id', '=', deviceId)
        .where('family_id', '=', familyId)
        .returningAll()
        .executeTakeFirst();
      return row === undefined ? null : recordOf(row);
    },
    async sweep(cutoff, now) {
      // lastSeenAt stays: silence is not being heard.
      const rows = await db
        .updateTable('presence')
        .set({ state: 'offline', state_since: now, syncable_since: null })
        .where('state', '<>', 'offline')
        .where('last_seen_at', '<', cutoff)
        .returningAll()
        .execute();
      return rows.map(recordOf);
    },
    async all() {
      const rows = await db.selectFrom('presence').selectAll().orderBy('last_seen_at').orderBy('heard_order').execute();
      return rows.map(recordOf);
    },
  };
}
