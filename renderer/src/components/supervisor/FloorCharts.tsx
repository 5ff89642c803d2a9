// The floor's charts from the gateway's floor report: lookups per hour by
// search mode, failed sign-ins per hour, and time in state per agent.
import type uPlot from 'uplot';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { FloorReport } from '../../../../shared/schemas/floor.ts';
import { errorText, useAgent } from '../../agent.tsx';
import { dateTime, duration } from './format.ts';
import { chartColor, UPlotChart, type ChartOptions, type LegendItem } from './UPlotChart.tsx';

const RANGES = [
  { label: 'Last 8 hours', hours: 8 },
  { label: 'Last 24 hours', hours: 24 },
  { label: 'Last 7 days', hours: 168 },
] as const;
const HOUR_MS = 3_600_000;

const LOOKUP_LEGEND: LegendItem[] = [
  { label: 'By customer ID', color: 'id' },
  { label: 'By order', color: 'order' },
  { label: 'By card', color: 'card' },
];
const FAILED_LEGEND: LegendItem[] = [{ label: 'Failed sign-ins', color: 'failed' }];
/** Stacked bottom to top; `unknown` is time before the first sign-in event in the range. */
const STATE_LEGEND: (LegendItem & { state: 'active' | 'locked' | 'signed_out' | 'unknown' })[] = [
  { label: 'Active', color: 'active', state: 'active' },
  { label: 'Locked', color: 'locked', state: 'locked' },
  { label: 'Signed out', color: 'signed_out', state: 'signed_out' },
  { label: 'No data', color: 'unknown', state: 'unknown' },
];

const hourAxis = (): uPlot.Axis => ({ stroke: chartColor('axis'), grid: { stroke: chartColor('grid') } });
const countAxis = (): uPlot.Axis => ({ stroke: chartColor('axis'), grid: { stroke: chartColor('grid') }, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] });

export function FloorCharts() {
  const agent = useAgent();
  const [hours, setHours] = useState<number>(RANGES[0].hours);
  const [report, setReport] = useState<FloorReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const to = Date.now();
    const result = await agent.supervisor.floorReport({ from: new Date(to - hours * HOUR_MS).toISOString(), to: new Date(to).toISOString() });
    if (result.ok) {
      setReport(result.value);
      setError(null);
    } else setError(errorText(result.error));
  }, [agent, hours]);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section className="card" aria-labelledby="charts-title">
      <div className="section-head">
        <h2 id="charts-title">Floor charts</h2>
        <div className="filter-row">
          <div>
            <label htmlFor="charts-range">Range</label>
            <select id="charts-range" value={hours} onChange={(e) => setHours(Number(e.target.value))}>
              {RANGES.map((r) => <option key={r.hours} value={r.hours}>{r.label}</option>)}
            </select>
          </div>
          <div className="actions"><button type="button" onClick={() => void load()}>Refresh charts</button></div>
        </div>
      </div>
      {error !== null && <p className="error" role="alert">{error}</p>}
      {report !== null && <Charts report={report} />}
    </section>
  );
}

function Charts({ report }: { report: FloorReport }) {
  const x = useMemo(() => report.hours.map((h) => Date.parse(h.hour) / 1000), [report]);
  const lookups = useMemo<uPlot.AlignedData>(
    () => [x, report.hours.map((h) => h.lookupsByCustomerId), report.hours.map((h) => h.lookupsByOrder), report.hours.map((h) => h.lookupsByCard)],
    [x, report],
  );
  const failed = useMemo<uPlot.AlignedData>(() => [x, report.hours.map((h) => h.failedSignIns)], [x, report]);
  // Stacking by drawing each cumulative total, tallest first: every later bar paints over the lower part.
  const stacked = useMemo<uPlot.AlignedData>(() => {
    const cumulative = STATE_LEGEND.map((_, i) => report.agents.map((a) => STATE_LEGEND.slice(0, i + 1).reduce((sum, s) => sum + a.ms[s.state], 0) / HOUR_MS));
    return [report.agents.map((_, i) => i), ...cumulative.reverse()];
  }, [report]);

  const lookupOptions = useCallback(
    (): ChartOptions => ({
      scales: { x: { time: true } },
      axes: [hourAxis(), countAxis()],
      series: [{}, ...LOOKUP_LEGEND.map((l) => ({ label: l.label, stroke: chartColor(l.color), width: 2, points: { show: true, size: 5 } }))],
    }),
    [report],
  );
  const failedOptions = useCallback(
    (lib: typeof uPlot): ChartOptions => ({
      // Half an hour either side, so the first and last hour's bars are not cut in half.
      scales: { x: { time: true, range: (_u, min, max) => [min - 1800, max + 1800] } },
      axes: [hourAxis(), countAxis()],
      series: [{}, { label: 'Failed sign-ins', fill: chartColor('failed'), stroke: chartColor('failed'), paths: bars(lib), points: { show: false } }],
    }),
    [report],
  );
  const stateOptions = useCallback(
    (lib: typeof uPlot): ChartOptions => ({
      scales: { x: { time: false, range: [-0.5, Math.max(0.5, report.agents.length - 0.5)] }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
      axes: [
        { stroke: chartColor('axis'), grid: { show: false }, splits: () => report.agents.map((_, i) => i), values: (_u, splits) => splits.map((i) => report.agents[i]?.username ?? '') },
        { stroke: chartColor('axis'), grid: { stroke: chartColor('grid') }, values: (_u, splits) => splits.map((h) => `${h} h`) },
      ],
      series: [{}, ...[...STATE_LEGEND].reverse().map((s) => ({ label: s.label, fill: chartColor(s.color), stroke: chartColor(s.color), paths: bars(lib), points: { show: false } }))],
    }),
    [report],
  );

  const totalLookups = report.hours.reduce((n, h) => n + h.lookupsByCustomerId + h.lookupsByOrder + h.lookupsByCard, 0);
  const totalFailed = report.hours.reduce((n, h) => n + h.failedSignIns, 0);
  const busiest = report.hours.reduce<(typeof report.hours)[number] | null>(
    (best, h) => (best === null || h.lookupsByCustomerId + h.lookupsByOrder + h.lookupsByCard > best.lookupsByCustomerId + best.lookupsByOrder + best.lookupsByCard ? h : best),
    null,
  );
  const hourRows = report.hours.filter((h) => h.lookupsByCustomerId + h.lookupsByOrder + h.lookupsByCard + h.failedSignIns > 0);

  return (
    <>
      <p className="hint">
        {dateTime(report.from)} to {dateTime(report.to)}
        {report.truncated && ' · more events than the report reads: counts are a lower bound'}
      </p>
      <div className="charts">
        <UPlotChart
          title="Lookups per hour"
          summary={`${totalLookups} lookups${busiest !== null && totalLookups > 0 ? `, busiest hour ${dateTime(busiest.hour)}` : ''}`}
          legend={LOOKUP_LEGEND}
          options={lookupOptions}
          data={lookups}
        >
          <HourTable rows={hourRows} columns={[['By customer ID', (h) => h.lookupsByCustomerId], ['By order', (h) => h.lookupsByOrder], ['By card', (h) => h.lookupsByCard]]} />
        </UPlotChart>
        <UPlotChart title="Failed sign-ins per hour" summary={`${totalFailed} failed sign-ins`} legend={FAILED_LEGEND} options={failedOptions} data={failed}>
          <HourTable rows={hourRows} columns={[['Failed sign-ins', (h) => h.failedSignIns]]} />
        </UPlotChart>
        <UPlotChart
          title="Time in state per agent"
          summary={report.agents.map((a) => `${a.username} active ${duration(a.ms.active)}, locked ${duration(a.ms.locked)}`).join('; ') || 'no agent signed in'}
          legend={STATE_LEGEND}
          options={stateOptions}
          data={stacked}
        >
          <table>
            <thead><tr><th scope="col">Agent</th>{STATE_LEGEND.map((s) => <th key={s.state} scope="col">{s.label}</th>)}</tr></thead>
            <tbody>
              {report.agents.map((a) => (
                <tr key={a.userId}><td>{a.username}</td>{STATE_LEGEND.map((s) => <td key={s.state}>{duration(a.ms[s.state])}</td>)}</tr>
              ))}
            </tbody>
          </table>
        </UPlotChart>
      </div>
    </>
  );
}

type HourRow = FloorReport['hours'][number];

function HourTable({ rows, columns }: { rows: HourRow[]; columns: [string, (h: HourRow) => number][] }) {
  if (rows.length === 0) return <p className="hint">No events in this range.</p>;
  return (
    <table>
      <thead><tr><th scope="col">Hour</th>{columns.map(([label]) => <th key={label} scope="col">{label}</th>)}</tr></thead>
      <tbody>
        {rows.map((h) => (
          <tr key={h.hour}><td>{dateTime(h.hour)}</td>{columns.map(([label, value]) => <td key={label}>{value(h)}</td>)}</tr>
        ))}
      </tbody>
    </table>
  );
}

/** uPlot's bar path builder: bars 60 % of their slot, at most 48 px wide. */
function bars(lib: typeof uPlot): uPlot.Series.PathBuilder | undefined {
  return lib.paths.bars?.({ size: [0.6, 48] });
}
