// Admin alerts: locked accounts (with Unlock), inactivity disables, device
// enrolments and revocations; each can be acknowledged with a note.
import { useCallback, useEffect, useState } from 'react';
import { AdminReasonSchema } from '../../../../shared/schemas/admin.ts';
import type { Alert } from '../../../../shared/schemas/supervision.ts';
import { AlertAckNoteSchema } from '../../../../shared/schemas/supervision.ts';
import { errorText, useAgent } from '../../agent.tsx';
import { when } from './format.ts';
import { ReasonDialog } from './ReasonDialog.tsx';

type Open = { kind: 'unlock'; alert: Alert; username: string } | { kind: 'ack'; alert: Alert } | null;


export function AdminAlertsTab() {
  const agent = useAgent();
  const [alerts, setAlerts] = useState<Alert[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<Open>(null);
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const refresh = useCallback(async () => {
    const [r, users] = await Promise.all([agent.admin.alerts({}), agent.admin.users({})]);
    if (users.ok) setNames(new Map(users.value.map((u) => [u.userId, u.username])));
    if (r.ok) { setAlerts(r.value); setError(null); } else setError(errorText(r.error));
  }, [agent]);
  useEffect(() => void refresh(), [refresh]);

  const unlock = async (alert: Alert, reason: string): Promise<string | null> => {
    if (alert.userId === null) return 'This alert names no account.';
    const r = await agent.admin.unlockUser({ userId: alert.userId, reason });
    if (!r.ok) return errorText(r.error);
    setOpen(null);
    void refresh();
    return null;
  };
  const ack = async (alert: Alert, note: string): Promise<string | null> => {
    const r = await agent.admin.ackAlert({ alertId: alert.alertId, note });
    if (!r.ok) return errorText(r.error);
    setOpen(null);
    void refresh();
    return null;
  };

  return (
    <section aria-labelledby="admin-alerts-title">
      <h2 id="admin-alerts-title">Alerts</h2>
      {error !== null && <p className="error" role="alert">{error}</p>}
      {alerts.length === 0 && error === null && <p className="hint">No alerts.</p>}
      <ul className="admin-alerts" aria-labelledby="admin-alerts-title">
        {alerts.map((a) => (
          <li key={a.alertId} className="card">
            <span className={`badge ${a.severity === 'info' ? '' : 'warn'}`}>{a.kind.replaceAll('_', ' ')}</span> {a.message}
            <div className="hint">{when(a.raisedAt)}{a.status === 'acknowledged' ? ' · acknowledged' : ''}</div>
            <div className="row-actions">
              {a.kind === 'account_locked' && a.userId !== null && names.has(a.userId) && (
                <button type="button" onClick={() => setOpen({ kind: 'unlock', alert: a, username: names.get(a.userId ?? '') ?? '' })}>Unlock {names.get(a.userId)}</button>
              )}
              <button type="button" onClick={() => setOpen({ kind: 'ack', alert: a })}>Acknowledge</button>
            </div>
          </li>
        ))}
      </ul>
      {open?.kind === 'unlock' && <ReasonDialog title={`Unlock ${open.username}`} confirmLabel="Unlock" schema={AdminReasonSchema} onConfirm={(reason) => unlock(open.alert, reason)} onClose={() => setOpen(null)} />}
      {open?.kind === 'ack' && <ReasonDialog title="Acknowledge alert" fieldLabel="Note" confirmLabel="Acknowledge" schema={AlertAckNoteSchema} onConfirm={(note) => ack(open.alert, note)} onClose={() => setOpen(null)} />}
    </section>
  );
}
