// The scheduled reports the gateway stored (daily, weekly, monthly): pick one,
// see lookups per agent as a chart with its data table, and download it as CSV
// (written here with the gateway's writer) or PDF (drawn by the gateway).
// A report that no longer matches its audit record says so.
import type uPlot from 'uplot';
import { useCallback, useEffect, useState } from 'react';
import { regularReportCsv } from '../../../../shared/regular-report-csv.ts';
import type { ReportPeriod, StoredReport, StoredReportSummary } from '../../../../shared/schemas/regular-reports.ts';
import { errorText, useAgent } from '../../agent.tsx';
import { fromBase64, saveFile } from '../../save-file.ts';
import { dateTime, duration } from './format.ts';
import { chartColor, UPlotChart, type ChartOptions, type LegendItem } from './UPlotChart.tsx';

const LOOKUP_LEGEND: LegendItem[] = [
  { label: 'By customer ID', color: 'id' },
  { label: 'By order', color: 'order' },
  { label: 'By card', color: 'card' },
];

export function StoredReports() {
  const agent = useAgent();
  const [period, setPeriod] = useState<ReportPeriod>('daily');
  const [list, setList] = useState<StoredReportSummary[]>([]);
  const [shown, setShown] = useState<StoredReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const r = await agent.supervisor.storedReports({ period, limit: 50 });
    if (r.ok) { setList(r.value); setError(null); } else setError(errorText(r.error));
  }, [agent, period]);
  useEffect(() => void load(), [load]);

  const open = async (reportId: string) => {
    const r = await agent.supervisor.storedReport({ reportId });
    if (r.ok) { setShown(r.value); setError(null); } else setError(errorText(r.error));
  };
  // Written here from the report on screen, with the gateway's own CSV writer.
  const downloadCsv = (stored: StoredReport) => {
    saveFile(new Blob([regularReportCsv(stored.report)], { type: 'text/csv' }), `${stored.reportId}.csv`);
  };
  const downloadPdf = async (reportId: string) => {
    const r = await agent.supervisor.storedReportPdf({ reportId });
    if (r.ok) saveFile(new Blob([fromBase64(r.value.pdfBase64)], { type: 'application/pdf' }), r.value.fileName);
    else setError(errorText(r.error));
  };

  return (
    <section className="card" aria-labelledby="stored-reports-title">
      <h2 id="stored-reports-title">Scheduled reports</h2>
      <div className="search-row">
        <div>
          <label htmlFor="stored-period">Period</label>
          <select id="stored-period" value={period} onChange={(e) => { setPeriod(e.target.value as ReportPeriod); setShown(null); }}>
            <option value="daily">Daily</option>
            <option value="weekly">Weekly</option>
            <option value="monthly">Monthly</option>
          </select>
        </div>
        <div>
          <label htmlFor="stored-report">Report</label>
          <select id="stored-report" value={shown?.reportId ?? ''} onChange={(e) => void open(e.target.value)}>
            <option value="" disabled>Choose a report</option>
            {list.map((r) => <option key={r.reportId} value={r.reportId}>{dateTime(r.from)} – {dateTime(r.to)}</option>)}
          </select>
        </div>
        {shown !== null && (
          <div className="actions">
            <button type="button" onClick={() => downloadCsv(shown)}>Download CSV</button> <button type="button" onClick={() => void downloadPdf(shown.reportId)}>Download PDF</button>
          </div>
        )}
      </div>
      {error !== null && <p className="error" role="alert">{error}</p>}
      {list.length === 0 && error === null && <p className="hint">No {period} report stored yet: the gateway stores each period once it has ended.</p>}
      {shown !== null && <StoredReportView stored={shown} />}
    </section>
  );
}

function StoredReportView({ stored }: { stored: StoredReport }) {
  const rows = stored.report.rows;
  const options = useCallback(
    (lib: typeof uPlot): ChartOptions => ({
      scales: { x: { time: false, range: [-0.5, Math.max(0.5, rows.length - 0.5)] }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
      axes: [
        { stroke: chartColor('axis'), grid: { show: false }, splits: () => rows.map((_, i) => i), values: (_u, splits) => splits.map((i) => rows[i]?.username ?? '') },
        { stroke: chartColor('axis'), grid: { stroke: chartColor('grid') } },
      ],
      series: [{}, ...[...LOOKUP_LEGEND].reverse().map((l) => ({ label: l.label, fill: chartColor(l.color), stroke: chartColor(l.color), paths: lib.paths.bars?.({ size: [0.6, 48] }), points: { show: false } }))],
    }),
    [rows],
  );
  // Stacked bottom to top: by customer ID, then + by order, then + by card.
  const byId = rows.map((r) => r.lookupsByCustomerId);
  const byOrder = rows.map((r, i) => (byId[i] ?? 0) + r.lookupsByOrder);
  const byCard = rows.map((r, i) => (byOrder[i] ?? 0) + r.lookupsByCard);
  const total = byCard.reduce((a, b) => a + b, 0);
  return (
    <>
      <p className={stored.intact ? 'hint' : 'error'} role={stored.intact ? undefined : 'alert'}>
        {stored.period} report, {dateTime(stored.from)} to {dateTime(stored.to)}, generated {dateTime(stored.generatedAt)}.{' '}
        {stored.intact ? 'Matches its audit record.' : 'Changed since it was stored: it no longer matches its audit record.'}
        {stored.report.truncated && ' More events than the report reads: times are a lower bound.'}
      </p>
      <UPlotChart title="Lookups per agent" summary={`${total} lookups by ${rows.length} agents`} legend={LOOKUP_LEGEND} options={options} data={[rows.map((_, i) => i), byCard, byOrder, byId]}>
        <table aria-label="Stored report">
          <thead>
            <tr><th scope="col">Agent</th><th scope="col">By ID</th><th scope="col">By order</th><th scope="col">By card</th><th scope="col">Opened</th><th scope="col">Notes</th><th scope="col">Extensions</th><th scope="col">Active</th><th scope="col">Locked</th><th scope="col">Alerts</th></tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.userId}>
                <td>{r.username}</td><td>{r.lookupsByCustomerId}</td><td>{r.lookupsByOrder}</td><td>{r.lookupsByCard}</td><td>{r.recordsViewed}</td><td>{r.notesAdded}</td><td>{r.extensions}</td><td>{duration(r.activeMs)}</td><td>{duration(r.lockedMs)}</td><td>{r.alerts}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </UPlotChart>
      {stored.report.teams.length > 0 && (
        <table aria-label="Teams">
          <thead>
            <tr><th scope="col">Team</th><th scope="col">Coverage</th><th scope="col">By ID</th><th scope="col">By order</th><th scope="col">By card</th><th scope="col">Opened</th><th scope="col">Notes</th><th scope="col">Extensions</th><th scope="col">Active</th><th scope="col">Locked</th><th scope="col">Alerts</th></tr>
          </thead>
          <tbody>
            {stored.report.teams.map((t) => (
              <tr key={t.teamId}>
                <td>{t.name}</td><td>{t.activeMembers} of {t.members} active</td><td>{t.lookupsByCustomerId}</td><td>{t.lookupsByOrder}</td><td>{t.lookupsByCard}</td><td>{t.recordsViewed}</td><td>{t.notesAdded}</td><td>{t.extensions}</td><td>{duration(t.activeMs)}</td><td>{duration(t.lockedMs)}</td><td>{t.alerts}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
