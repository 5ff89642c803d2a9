// Supervisor alerts in SQLite; the alert itself is stored whole as JSON.
import type Database from 'better-sqlite3';
import { AlertSchema, type Alert } from '../../../shared/schemas/supervision.ts';
import type { AlertRepo } from '../store.ts';

export function sqliteAlertRepo(db: Database.Database): AlertRepo {
  const insert = db.prepare(
    'INSERT INTO alerts (alert_id, kind, status, raised_at, user_id, device_id, body) VALUES (@alertId, @kind, @status, @raisedAt, @userId, @deviceId, @body)',
  );
  const openFor = db.prepare<[string, string | null, string | null], { body: string }>(
    "SELECT body FROM alerts WHERE status = 'open' AND kind = ? AND user_id IS ? AND device_id IS ? LIMIT 1",
  );
  const byId = db.prepare<[string], { body: string }>('SELECT body FROM alerts WHERE alert_id = ?');
  const byStatus = db.prepare<[string, string], { body: string }>(
    "SELECT body FROM alerts WHERE (? = 'all' OR status = ?) ORDER BY raised_at DESC LIMIT 500",
  );
  const update = db.prepare('UPDATE alerts SET status = ?, body = ? WHERE alert_id = ?');
  const parse = (row: { body: string } | undefined): Alert | null => (row ? AlertSchema.parse(JSON.parse(row.body)) : null);

  return {
    insert: (alert) => {
      insert.run({ ...alert, body: JSON.stringify(alert) });
      return Promise.resolve();
    },
    findOpen: (kind, subject) => Promise.resolve(parse(openFor.get(kind, subject.userId, subject.deviceId))),
    find: (alertId) => Promise.resolve(parse(byId.get(alertId))),
    list: (status) => Promise.resolve(byStatus.all(status, status).map((r) => AlertSchema.parse(JSON.parse(r.body)))),
    acknowledge: (alertId, ack) => {
      const current = parse(byId.get(alertId));
      if (current === null) return Promise.resolve(null);
      const acked: Alert = { ...current, status: 'acknowledged', ackedBy: ack.by, ackedAt: ack.at, ackNote: ack.note };
      update.run(acked.status, JSON.stringify(acked), alertId);
      return Promise.resolve(acked);
    },
  };
}
