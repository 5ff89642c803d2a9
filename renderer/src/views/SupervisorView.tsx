// The supervisor's monitoring view: live agent board and event feed from the
// push stream (no polling), alerts with acknowledge, and activity reports with
// CSV export. Main refuses every call here to anyone without the role.
import { useEffect, useState, type SyntheticEvent } from 'react';
import type { ActivityReport, AgentPresence, Alert, StoredAuditEvent } from '../../../shared/schemas/supervision.ts';
import { errorText, useAgent } from '../agent.tsx';

const FEED_LIMIT = 200;
const time = (iso: string | null): string => (iso === null ? '—' : new Date(iso).toLocaleTimeString());

export function SupervisorView() {
  const agent = useAgent();
  const [agents, setAgents] = useState<AgentPresence[]>([]);
  const [alerts, setAlerts] = useState<Alert[]>([]);
  const [feed, setFeed] = useState<StoredAuditEvent[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    // Opening the view reads presence and alerts; main audits both reads.
    void agent.supervisor.agents().then((r) => (r.ok ? setAgents(r.value) : setError(errorText(r.error))));
    void agent.supervisor.alerts({ status: 'open' }).then((r) => r.ok && setAlerts(r.value));
    const offPresence = agent.subscribe('supervisor.presence', (p) =>
      setAgents((list) => (list.some((a) => a.userId === p.userId) ? list.map((a) => (a.userId === p.userId ? p : a)) : [...list, p])),
    );
    const offAudit = agent.subscribe('supervisor.audit', (e) => setFeed((list) => [e, ...list].slice(0, FEED_LIMIT)));
    const offAlert = agent.subscribe('supervisor.alert', (a) =>
      setAlerts((list) => [a, ...list.filter((x) => x.alertId !== a.alertId)].filter((x) => x.status === 'open')),
    );
    return () => {
      offPresence();
      offAudit();
      offAlert();
    };
  }, [agent]);

  if (error !== null) return <p className="error" role="alert">{error}</p>;
  return (
    <div>
      <h1>Supervision</h1>
      <section className="card" aria-labelledby="board-title">
        <h2 id="board-title">Agents</h2>
        <table>
          <thead><tr><th>Agent</th><th>State</th><th>Last seen</th><th>Queue</th><th>Capture protection</th><th>Version</th></tr></thead>
          <tbody>
            {agents.map((a) => (
              <tr key={a.userId}>
                <td>{a.displayName} <span className="hint">{a.username}</span></td>
                <td><span className={`badge ${a.state === 'active' ? 'ok' : a.state === 'offline' ? '' : 'warn'}`}>{a.state}</span></td>
                <td>{time(a.lastSeenAt)}</td>
                <td>{a.queueDepth}</td>
                <td>{a.captureProtection ?? '—'}</td>
                <td>{a.appVersion ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <div className="split">
        <AlertsPanel alerts={alerts} onAcked={(id) => setAlerts((list) => list.filter((a) => a.alertId !== id))} />
        <EventFeed feed={feed} />
      </div>
      <ReportPanel agents={agents} />
    </div>
  );
}

function AlertsPanel({ alerts, onAcked }: { alerts: Alert[]; onAcked: (alertId: string) => void }) {
  const agent = useAgent();
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const ack = async (alertId: string) => {
    const result = await agent.supervisor.ackAlert({ alertId, note: notes[alertId] ?? '' });
    if (result.ok) onAcked(alertId);
    else setError(errorText(result.error));
  };
  return (
    <section className="card" aria-labelledby="alerts-title">
      <h2 id="alerts-title">Open alerts ({alerts.length})</h2>
      {error !== null && <p className="error" role="alert">{error}</p>}
      {alerts.length === 0 && <p className="hint">No open alerts.</p>}
      {alerts.map((a) => (
        <div key={a.alertId} className="card">
          <p><span className={`badge ${a.severity === 'critical' ? 'danger' : 'warn'}`}>{a.severity}</span> {a.kind} · {time(a.raisedAt)}</p>
          <p>{a.message}</p>
          <label htmlFor={`ack-${a.alertId}`}>What was done</label>
          <div className="search-row">
            <input id={`ack-${a.alertId}`} value={notes[a.alertId] ?? ''} onChange={(e) => setNotes({ ...notes, [a.alertId]: e.target.value })} />
            <button type="button" onClick={() => void ack(a.alertId)}>Acknowledge</button>
          </div>
        </div>
      ))}
    </section>
  );
}

function EventFeed({ feed }: { feed: StoredAuditEvent[] }) {
  const [filter, setFilter] = useState('');
  const shown = feed.filter((e) => filter === '' || `${e.event.type} ${e.event.actor.username ?? ''} ${e.event.target.id ?? ''}`.includes(filter));
  return (
    <section className="card" aria-labelledby="feed-title">
      <h2 id="feed-title">Live events</h2>
      <label htmlFor="feed-filter">Filter (type, user or target)</label>
      <input id="feed-filter" value={filter} onChange={(e) => setFilter(e.target.value)} />
      <ol aria-live="polite" aria-label="Events, newest first" tabIndex={0} style={{ maxHeight: 320, overflow: 'auto' }}>
        {shown.map((e) => (
          <li key={`${e.deviceId}:${e.seq}`}>
            {time(e.event.at)} · <strong>{e.event.type}</strong> · {e.event.actor.username ?? 'system'} · {e.event.target.kind} {e.event.target.id ?? ''}{' '}
            <span className={e.event.outcome === 'failure' ? 'warn' : 'hint'}>{e.event.outcome}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

function ReportPanel({ agents }: { agents: AgentPresence[] }) {
  const agent = useAgent();
  const today = new Date().toISOString().slice(0, 10);
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(today);
  const [userId, setUserId] = useState('');
  const [report, setReport] = useState<ActivityReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const query = () => ({
    from: new Date(`${from}T00:00:00`).toISOString(),
    to: new Date(new Date(`${to}T00:00:00`).getTime() + 86_400_000).toISOString(),
    ...(userId === '' ? {} : { userId }),
  });
  const run = async (event: SyntheticEvent) => {
    event.preventDefault();
    const result = await agent.supervisor.report({ query: query(), format: 'json' });
    if (result.ok) setReport(result.value.report);
    else setError(errorText(result.error));
  };
  const exportCsv = async () => {
    const result = await agent.supervisor.report({ query: query(), format: 'csv' });
    if (!result.ok || result.value.format !== 'csv') return;
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([result.value.csv], { type: 'text/csv' }));
    link.download = `activity-${from}-${to}.csv`;
    link.click();
    URL.revokeObjectURL(link.href);
  };
  return (
    <section className="card" aria-labelledby="report-title">
      <h2 id="report-title">Activity report</h2>
      <form className="search-row" onSubmit={(e) => void run(e)}>
        <div><label htmlFor="report-from">From</label><input id="report-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} /></div>
        <div><label htmlFor="report-to">To</label><input id="report-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} /></div>
        <div>
          <label htmlFor="report-agent">Agent</label>
          <select id="report-agent" value={userId} onChange={(e) => setUserId(e.target.value)}>
            <option value="">All agents</option>
            {agents.map((a) => <option key={a.userId} value={a.userId}>{a.username}</option>)}
          </select>
        </div>
        <div style={{ alignSelf: 'end' }}><button className="primary" type="submit">Show</button> <button type="button" onClick={() => void exportCsv()}>Export CSV</button></div>
      </form>
      {error !== null && <p className="error" role="alert">{error}</p>}
      {report !== null && (
        <table>
          <thead><tr><th>Agent</th><th>By ID</th><th>By order</th><th>By card</th><th>Viewed</th><th>Notes</th><th>Extensions</th><th>Failed logins</th><th>Locks</th></tr></thead>
          <tbody>
            {report.rows.map((r) => (
              <tr key={r.userId}><td>{r.username}</td><td>{r.lookupsByCustomerId}</td><td>{r.lookupsByOrder}</td><td>{r.lookupsByCard}</td><td>{r.recordsViewed}</td><td>{r.notesAdded}</td><td>{r.extensions}</td><td>{r.failedLogins}</td><td>{r.locks}</td></tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
