// Supervisor alerts. What an alert says never changes (a trigger lets only its
// repeat count grow); acknowledgements are rows of their own, appended with the
// next number of that alert (unique), and an alert is acknowledged once it has one.
import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import { ALERT_MAX_ACKS, AlertSchema, type Alert, type AlertAck } from '../../../shared/schemas/supervision.ts';
import { greatest, serialise, type Storage } from '../dialect.ts';
import type { AlertRepo } from '../store.ts';
import type { AlertsTable, Database } from '../tables.ts';

const acked = (eb: ExpressionBuilder<Database & { a: AlertsTable }, 'a'>) =>
  eb.exists(eb.selectFrom('alert_acks as k').select('k.n').whereRef('k.alert_id', '=', 'a.alert_id'));

const rowOf = (alert: Alert) => ({
  alert_id: alert.alertId,
  kind: alert.kind,
  severity: alert.severity,
  raised_at: alert.raisedAt,
  user_id: alert.userId,
  device_id: alert.deviceId,
  message: alert.message,
  occurrences: alert.occurrences,
  last_occurred_at: alert.lastOccurredAt,
});

export function kyselyAlertRepo({ db, engine }: Storage): AlertRepo {
  const alertOf = async (row: Selectable<AlertsTable>): Promise<Alert> => {
    const rows = await db.selectFrom('alert_acks').select(['by_user_id', 'at', 'note']).where('alert_id', '=', row.alert_id).orderBy('n').execute();
    const acks: AlertAck[] = rows.map((a) => ({ by: a.by_user_id, at: a.at, note: a.note }));
    return AlertSchema.parse({
      alertId: row.alert_id,
      kind: row.kind,
      severity: row.severity,
      raisedAt: row.raised_at,
      userId: row.user_id,
      deviceId: row.device_id,
      message: row.message,
      status: acks.length > 0 ? 'acknowledged' : 'open',
      occurrences: row.occurrences,
      lastOccurredAt: row.last_occurred_at,
      acks,
    });
  };
  /** Folds `count` repeats into an alert: its count grows and its last occurrence only moves forward. */
  const addOccurrences = async (executor: Kysely<Database>, alertId: string, count: number, at: string): Promise<void> => {
    await executor
      .updateTable('alerts')
      .set((eb) => ({ occurrences: eb('occurrences', '+', count), last_occurred_at: greatest(engine, eb.ref('last_occurred_at'), eb.val(at)) }))
      .where('alert_id', '=', alertId)
      .execute();
  };
  /** The latest alert of the candidate's kind and subject that `when` picks. */
  const latestOfSubject = (
    executor: Kysely<Database>,
    { kind, userId, deviceId }: Alert,
    when: (eb: ExpressionBuilder<Database & { a: AlertsTable }, 'a'>) => ReturnType<typeof acked>,
  ) =>
    executor
      .selectFrom('alerts as a')
      .select(['a.alert_id', 'a.occurrences'])
      .where('kind', '=', kind)
      .where('user_id', 'is not distinct from', userId)
      .where('device_id', 'is not distinct from', deviceId)
      .where(when)
      .orderBy('raised_at', 'desc')
      .limit(1)
      .executeTakeFirst();
  const openOfSubject = (executor: Kysely<Database>, candidate: Alert) => latestOfSubject(executor, candidate, (eb) => eb.not(acked(eb)));
  /** The latest alert of the subject acknowledged at or after `since`. */
  const quietOfSubject = (executor: Kysely<Database>, candidate: Alert, since: string) =>
    latestOfSubject(executor, candidate, (eb) => eb.exists(eb.selectFrom('alert_acks as k').select('k.n').whereRef('k.alert_id', '=', 'a.alert_id').where('k.at', '>=', since)));
  /** The alert last raised for an address, while it is open. */
  const openOfSource = (executor: Kysely<Database>, source: string) =>
    executor
      .selectFrom('source_alerts as s')
      .innerJoin('alerts as a', 'a.alert_id', 's.alert_id')
      .select(['a.alert_id', 'a.occurrences'])
      .where('s.source', '=', source)
      .where((eb) => eb.not(acked(eb)))
      .executeTakeFirst();
  const find = async (alertId: string): Promise<Alert | null> => {
    const row = await db.selectFrom('alerts').selectAll().where('alert_id', '=', alertId).executeTakeFirst();
    return row === undefined ? null : alertOf(row);
  };

  return {
    async foldOrInsert(candidate, { source, quietSince } = {}) {
      const { kind, userId, deviceId } = candidate;
      const folded = await db.transaction().execute(async (trx) => {
        // One subject's raises take turns across instances: two cannot both find no open alert and each insert one.
        await serialise(trx, engine, source === undefined ? `alert:${kind}:${userId ?? ''}:${deviceId ?? ''}` : `alert:${kind}:source:${source}`);
        const open =
          source === undefined
            ? ((await openOfSubject(trx, candidate)) ?? (quietSince === undefined ? undefined : await quietOfSubject(trx, candidate, quietSince)))
            : await openOfSource(trx, source);
        if (open === undefined) {
          await trx.insertInto('alerts').values(rowOf(candidate)).execute();
          if (source !== undefined) {
            const at = Date.parse(candidate.raisedAt);
            await trx
              .insertInto('source_alerts')
              .values({ source, alert_id: candidate.alertId, at })
              .onConflict((oc) => oc.column('source').doUpdateSet({ alert_id: candidate.alertId, at }))
              .execute();
          }
          return { alertId: candidate.alertId, previousOccurrences: null };
        }
        await addOccurrences(trx, open.alert_id, candidate.occurrences, candidate.lastOccurredAt);
        return { alertId: open.alert_id, previousOccurrences: open.occurrences };
      });
      const alert = await find(folded.alertId);
      if (alert === null) throw new Error(`alert ${folded.alertId} vanished while it was raised`);
      return { alert, previousOccurrences: folded.previousOccurrences };
    },
    async forgetSourceAlerts(before) {
      // While the alert is open the record is what folds the address's next failures into it: without it a second alert opened beside the first.
      await db
        .deleteFrom('source_alerts')
        .where('at', '<=', before)
        .where((eb) => eb.not(eb.exists(eb.selectFrom('alerts as a').select('a.alert_id').whereRef('a.alert_id', '=', 'source_alerts.alert_id').where((inner) => inner.not(acked(inner))))))
        .execute();
    },
    find,
    async list(status) {
      const rows = await db
        .selectFrom('alerts as a')
        .selectAll()
        .$if(status === 'open', (qb) => qb.where((eb) => eb.not(acked(eb))))
        .$if(status === 'acknowledged', (qb) => qb.where((eb) => acked(eb)))
        .orderBy('raised_at', 'desc')
        .limit(500)
        .execute();
      return Promise.all(rows.map(alertOf));
    },
    async appendAck(alertId, ack) {
      const stored = await db.transaction().execute(async (trx) => {
        // Acks of one alert take turns, so each gets the next number; the (alert, n) key refuses any second copy.
        await serialise(trx, engine, `alert-ack:${alertId}`);
        const exists = await trx.selectFrom('alerts').select('alert_id').where('alert_id', '=', alertId).executeTakeFirst();
        if (exists === undefined) return 'missing';
        // The cap is checked under the same lock: another instance's ack may have filled it since the caller looked.
        const count = await trx.selectFrom('alert_acks').select((s) => s.fn.countAll<number>().as('n')).where('alert_id', '=', alertId).executeTakeFirstOrThrow();
        if (count.n >= ALERT_MAX_ACKS) return 'full';
        await trx
          .insertInto('alert_acks')
          .values((eb) => ({
            alert_id: alertId,
            n: eb.selectFrom('alert_acks').select((s) => s(s.fn.countAll<number>(), '+', 1).as('n')).where('alert_id', '=', alertId),
            by_user_id: ack.by,
            at: ack.at,
            note: ack.note,
          }))
          .execute();
        return 'stored';
      });
      if (stored === 'full') return 'full';
      return stored === 'stored' ? find(alertId) : null;
    },
  };
}
