// The activity report: per-agent counts over a date range, on screen or as
// CSV. The gateway builds it from the audit trail and audits the request.
import { useState, type SyntheticEvent } from 'react';
import type { ActivityReport, AgentPresence } from '../../../../shared/schemas/supervision.ts';
import { errorText, useAgent } from '../../agent.tsx';

export function ReportPanel({ agents }: { agents: AgentPresence[] }) {
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
        <div className="actions"><button className="primary" type="submit">Show</button> <button type="button" onClick={() => void exportCsv()}>Export CSV</button></div>
      </form>
      {error !== null && <p className="error" role="alert">{error}</p>}
      {report !== null && (
        <table aria-label="Activity report">
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
