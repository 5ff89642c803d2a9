// Control-failure incidents. A report and a closure each run in one transaction
// under the incidents lock (PostgreSQL; SQLite has one writer), so desks
// reporting at once on several instances join one incident per control, and
// every change commits with its audit records on the gateway chain.
import type { Selectable, Transaction } from 'kysely';
import { z } from 'zod';
import type { Audited } from '../../core/audit-port.ts';
import { serialise, type Storage } from '../dialect.ts';
import type { CloseIncidentOutcome, IncidentChange, IncidentClosure, IncidentRecord, IncidentRepo } from '../store.ts';
import type { Database, IncidentsTable } from '../tables.ts';
import { appendGatewayEvents } from './gateway-chain.ts';

const INCIDENTS_LOCK = 'control-incidents';
const IdsSchema = z.array(z.string());
const ClosureSchema = z.object({ rootCause: z.string(), restoration: z.string(), securityIssues: z.string(), riskAssessment: z.string(), prevention: z.string() });

const toIncident = (row: Selectable<IncidentsTable>): IncidentRecord => ({
  incidentId: row.incident_id,
  control: row.control,
  deviceIds: IdsSchema.parse(JSON.parse(row.device_ids)),
  failingDeviceIds: IdsSchema.parse(JSON.parse(row.failing_device_ids)),
  detectedAt: row.detected_at,
  startedAt: row.started_at,
  endedAt: row.ended_at,
  closedAt: row.closed_at,
  closedBy: row.closed_by,
  closure: row.closure === null ? null : (ClosureSchema.parse(JSON.parse(row.closure)) satisfies IncidentClosure),
});

type Trx = Transaction<Database>;

export function kyselyIncidentRepo({ db, engine }: Storage): IncidentRepo {
  const locked = <T>(decide: (trx: Trx) => Promise<T>, records: (outcome: T) => readonly Parameters<typeof appendGatewayEvents>[2][number][]): Promise<Audited<T>> =>
    db.transaction().execute(async (trx) => {
      await serialise(trx, engine, INCIDENTS_LOCK);
      const outcome = await decide(trx);
      return { outcome, chained: await appendGatewayEvents(trx, engine, records(outcome)) };
    });

  const setIds = async (trx: Trx, incidentId: string, values: { device_ids: string[]; failing_device_ids: string[]; ended_at?: number }): Promise<IncidentRecord> => {
    const row = await trx
      .updateTable('incidents')
      .set({ device_ids: JSON.stringify(values.device_ids), failing_device_ids: JSON.stringify(values.failing_device_ids), ...(values.ended_at === undefined ? {} : { ended_at: values.ended_at }) })
      .where('incident_id', '=', incidentId)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toIncident(row);
  };

  return {
    report: (report, records) =>
      locked(async (trx): Promise<IncidentChange> => {
        const row = await trx.selectFrom('incidents').selectAll().where('control', '=', report.control).where('ended_at', 'is', null).executeTakeFirst();
        const open = row === undefined ? null : toIncident(row);
        const { deviceId } = report;
        if (report.failing) {
          if (open === null) {
            const inserted = await trx
              .insertInto('incidents')
              .values({
                incident_id: report.newId,
                control: report.control,
                device_ids: JSON.stringify([deviceId]),
                failing_device_ids: JSON.stringify([deviceId]),
                detected_at: report.now,
                started_at: report.at,
              })
              .returningAll()
              .executeTakeFirstOrThrow();
            return { kind: 'opened', incident: toIncident(inserted), deviceId };
          }
          if (open.failingDeviceIds.includes(deviceId)) return { kind: 'none' };
          const incident = await setIds(trx, open.incidentId, {
            device_ids: [...new Set([...open.deviceIds, deviceId])].sort(),
            failing_device_ids: [...open.failingDeviceIds, deviceId].sort(),
          });
          return { kind: 'joined', incident, deviceId };
        }
        if (!open?.failingDeviceIds.includes(deviceId)) return { kind: 'none' };
        const failing = open.failingDeviceIds.filter((id) => id !== deviceId);
        const incident = await setIds(trx, open.incidentId, { device_ids: [...open.deviceIds], failing_device_ids: failing, ...(failing.length === 0 ? { ended_at: report.at } : {}) });
        return { kind: failing.length === 0 ? 'ended' : 'left', incident, deviceId };
      }, records),

    close: (change, record) =>
      locked(
        async (trx): Promise<CloseIncidentOutcome> => {
          const row = await trx.selectFrom('incidents').selectAll().where('incident_id', '=', change.incidentId).executeTakeFirst();
          if (row === undefined) return { ok: false, refusal: 'not_found' };
          if (row.closed_at !== null) return { ok: false, refusal: 'already_closed' };
          if (row.ended_at === null) return { ok: false, refusal: 'ongoing' };
          const closed = await trx
            .updateTable('incidents')
            .set({ closed_at: change.at, closed_by: change.by, closure: JSON.stringify(change.closure) })
            .where('incident_id', '=', change.incidentId)
            .returningAll()
            .executeTakeFirstOrThrow();
          return { ok: true, incident: toIncident(closed) };
        },
        (outcome) => {
          const event = record(outcome);
          return event === null ? [] : [event];
        },
      ),

    async find(incidentId) {
      const row = await db.selectFrom('incidents').selectAll().where('incident_id', '=', incidentId).executeTakeFirst();
      return row === undefined ? null : toIncident(row);
    },

    async list(status) {
      let query = db.selectFrom('incidents').selectAll();
      if (status === 'open') query = query.where('closed_at', 'is', null);
      if (status === 'closed') query = query.where('closed_at', 'is not', null);
      return (await query.orderBy('started_at', 'desc').orderBy('incident_id').limit(1000).execute()).map(toIncident);
    },

    async overlapping(from, to) {
      const rows = await db
        .selectFrom('incidents')
        .selectAll()
        .where('started_at', '<', to)
        .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>=', from)]))
        .orderBy('started_at')
        .orderBy('incident_id')
        .execute();
      return rows.map(toIncident);
    },

    async failing() {
      const rows = await db.selectFrom('incidents').select(['control', 'failing_device_ids']).where('ended_at', 'is', null).execute();
      return new Map(rows.map((r) => [r.control, new Set(IdsSchema.parse(JSON.parse(r.failing_device_ids)))]));
    },
  };
}
