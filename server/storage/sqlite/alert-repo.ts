// Supervisor alerts in SQLite. What an alert says never changes (a trigger lets
// only its repeat count grow); acknowledgements are rows of their own, appended,
// and an alert is acknowledged once it has one.
import type Database from 'better-sqlite3';
import { AlertSchema, type Alert, type AlertAck } from '../../../shared/schemas/supervision.ts';
import type { AlertRepo } from '../store.ts';

interface AlertRow {
  alert_id: string;
  kind: string;
  severity: string;
  raised_at: string;
  user_id: string | null;
  device_id: string | null;
  message: string;
  occurrences: number;
  last_occurred_at: string;
}

const ACKED = 'EXISTS (SELECT 1 FROM alert_acks k WHERE k.alert_id = a.alert_id)';

export function sqliteAlertRepo(db: Database.Database): AlertRepo {
  const insert = db.prepare(
    `INSERT INTO alerts (alert_id, kind, severity, raised_at, user_id, device_id, message, occurrences, last_occurred_at)
     VALUES (@alertId, @kind, @severity, @raisedAt, @userId, @deviceId, @message, @occurrences, @lastOccurredAt)`,
  );
  const openFor = db.prepare<[string, string | null, string | null], AlertRow>(
    `SELECT * FROM alerts a WHERE kind = ? AND user_id IS ? AND device_id IS ? AND NOT ${ACKED} ORDER BY raised_at DESC LIMIT 1`,
  );
  const byId = db.prepare<[string], AlertRow>('SELECT * FROM alerts WHERE alert_id = ?');
  const byStatus = db.prepare<[string, string], AlertRow>(
    `SELECT * FROM alerts a WHERE ? = 'all' OR (? = 'acknowledged') = ${ACKED} ORDER BY raised_at DESC LIMIT 500`,
  );
  const acksOf = db.prepare<[string], { by_user_id: string; at: string; note: string }>('SELECT by_user_id, at, note FROM alert_acks WHERE alert_id = ? ORDER BY n');
  const addOccurrences = db.prepare(
    'UPDATE alerts SET occurrences = occurrences + ?, last_occurred_at = MAX(last_occurred_at, ?) WHERE alert_id = ?',
  );
  const appendAck = db.prepare(
    `INSERT INTO alert_acks (alert_id, n, by_user_id, at, note)
     VALUES (@alertId, (SELECT COUNT(*) + 1 FROM alert_acks WHERE alert_id = @alertId), @by, @at, @note)`,
  );

  const alertOf = (row: AlertRow): Alert => {
    const acks: AlertAck[] = acksOf.all(row.alert_id).map((a) => ({ by: a.by_user_id, at: a.at, note: a.note }));
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
  const toAlert = (row: AlertRow | undefined): Alert | null => (row === undefined ? null : alertOf(row));

  return {
    insert: (alert) => {
      const { alertId, kind, severity, raisedAt, userId, deviceId, message, occurrences, lastOccurredAt } = alert;
      insert.run({ alertId, kind, severity, raisedAt, userId, deviceId, message, occurrences, lastOccurredAt });
      return Promise.resolve();
    },
    findOpen: (kind, subject) => Promise.resolve(toAlert(openFor.get(kind, subject.userId, subject.deviceId))),
    recordOccurrences: (alertId, count, at) => {
      addOccurrences.run(count, at, alertId);
      return Promise.resolve(toAlert(byId.get(alertId)));
    },
    find: (alertId) => Promise.resolve(toAlert(byId.get(alertId))),
    list: (status) => Promise.resolve(byStatus.all(status, status).map(alertOf)),
    appendAck: (alertId, ack) => {
      if (byId.get(alertId) === undefined) return Promise.resolve(null);
      appendAck.run({ alertId, ...ack });
      return Promise.resolve(toAlert(byId.get(alertId)));
    },
  };
}
