// Alert history: open and acknowledged alerts, filtered by status (asked of the
// gateway) and severity, updated live. An open alert is acknowledged with a
// note saying what was done; an acknowledged one shows who, when and what.
import { useEffect, useState } from 'react';
import type { Alert } from '../../../../shared/schemas/supervision.ts';
import { errorText, useAgent } from '../../agent.tsx';
import { dateTime } from './format.ts';

type StatusFilter = 'open' | 'acknowledged' | 'all';
type SeverityFilter = Alert['severity'] | 'all';
const SEVERITY_BADGE: Record<Alert['severity'], string> = { info: '', warning: 'warn', critical: 'danger' };

const matches = (a: Alert, status: StatusFilter, severity: SeverityFilter): boolean =>
  (status === 'all' || a.status === status) && (severity === 'all' || a.severity === severity);

export function AlertHistory({ agentNames }: { agentNames: ReadonlyMap<string, string> }) {
  const agent = useAgent();
  const [status, setStatus] = useState<StatusFilter>('open');
  const [severity, setSeverity] = useState<SeverityFilter>('all');
  const [alerts, setAlerts] = useState<Alert[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    void agent.supervisor.alerts({ status }).then((r) => {
      if (!current) return;
      if (r.ok) {
        setAlerts(r.value);
        setError(null);
      } else setError(errorText(r.error));
    });
    return () => {
      current = false;
    };
  }, [agent, status]);

  useEffect(
    () =>
      agent.subscribe('supervisor.alert', (pushed) =>
        setAlerts((list) => [pushed, ...list.filter((x) => x.alertId !== pushed.alertId)].sort((a, b) => b.raisedAt.localeCompare(a.raisedAt))),
      ),
    [agent],
  );

  const shown = alerts.filter((a) => matches(a, status, severity));
  const open = alerts.filter((a) => a.status === 'open').length;
  return (
    <section className="card" aria-labelledby="alerts-title">
      <h2 id="alerts-title">Alerts{status !== 'acknowledged' ? ` (${open} open)` : ''}</h2>
      <div className="filter-row">
        <div>
          <label htmlFor="alert-status">Status</label>
          <select id="alert-status" value={status} onChange={(e) => setStatus(e.target.value as StatusFilter)}>
            <option value="open">Open</option>
            <option value="acknowledged">Acknowledged</option>
            <option value="all">All</option>
          </select>
        </div>
        <div>
          <label htmlFor="alert-severity">Severity</label>
          <select id="alert-severity" value={severity} onChange={(e) => setSeverity(e.target.value as SeverityFilter)}>
            <option value="all">All severities</option>
            <option value="critical">Critical</option>
            <option value="warning">Warning</option>
            <option value="info">Info</option>
          </select>
        </div>
      </div>
      {error !== null && <p className="error" role="alert">{error}</p>}
      {shown.length === 0 && <p className="hint">{status === 'open' ? 'No open alerts.' : 'No alerts match.'}</p>}
      <ul className="alert-list" aria-label="Alert history" tabIndex={0}>
        {shown.map((a) => (
          <AlertItem key={a.alertId} alert={a} agentName={a.userId === null ? null : (agentNames.get(a.userId) ?? a.userId)} onChange={(next) => setAlerts((list) => list.map((x) => (x.alertId === next.alertId ? next : x)))} />
        ))}
      </ul>
    </section>
  );
}

function AlertItem({ alert, agentName, onChange }: { alert: Alert; agentName: string | null; onChange: (alert: Alert) => void }) {
  const agent = useAgent();
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  // Oldest first: the gateway appends acknowledgements and never replaces one.
  const { acks } = alert;
  const noteId = `ack-${alert.alertId}`;
  const ack = async () => {
    const result = await agent.supervisor.ackAlert({ alertId: alert.alertId, note });
    if (result.ok) {
      setError(null);
      onChange(result.value);
    } else setError(errorText(result.error));
  };
  return (
    <li className="alert-item">
      <p>
        <span className={`badge ${SEVERITY_BADGE[alert.severity]}`}>{alert.severity}</span> <strong>{alert.kind}</strong> · {dateTime(alert.raisedAt)}
        {agentName !== null && ` · ${agentName}`} · <span className={alert.status === 'open' ? 'warn' : 'ok'}>{alert.status}</span>
      </p>
      <p>{alert.message}</p>
      {acks.map((a) => (
        <p key={`${a.by}-${a.at}`} className="ack">
          Acknowledged by <strong>{a.by}</strong> at {dateTime(a.at)}: “{a.note}”
        </p>
      ))}
      {alert.status === 'open' && (
        <>
          <label htmlFor={noteId}>What was done</label>
          <div className="search-row">
            <input id={noteId} value={note} onChange={(e) => setNote(e.target.value)} aria-describedby={error === null ? undefined : `${noteId}-error`} />
            <button type="button" onClick={() => void ack()}>Acknowledge</button>
          </div>
          {error !== null && <p id={`${noteId}-error`} className="error" role="alert">{error}</p>}
        </>
      )}
    </li>
  );
}
