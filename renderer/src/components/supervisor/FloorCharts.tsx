// The floor's charts from the gateway's floor report: lookups per hour by
// search mode, failed sign-ins per hour, and time in state per agent. They
// refresh by themselves and say when the gateway computed them; each hour's
// figure opens the events behind it, picked by the figure's one definition.
import type uPlot from 'uplot';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { countsToward, FIGURES, type FigureName } from '../../../../shared/report-figures.ts';
import type { FloorReport } from '../../../../shared/schemas/floor.ts';
import type { StoredAuditEvent } from '../../../../shared/schemas/supervision.ts';
import { errorText, useAgent } from '../../agent.tsx';
import { clockTime, dateTime, duration } from './format.ts';
import { chartColor, UPlotChart, type ChartOptions, type LegendItem } from './UPlotChart.tsx';

const RANGES = [
  { label: 'Last 8 hours', hours: 8 },
  { label: 'Last 24 hours', hours: 24 },
  { label: 'Last 7 days', hours: 168 },
] as const;
const HOUR_MS = 3_600_000;
/** How often the charts read the floor report again while they are open. */
export const CHARTS_REFRESH_MS = 60_000;

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
    const timer = setInterval(() => void load(), CHARTS_REFRESH_MS);
    return () => clearInterval(timer);
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
      {report !== null && (
        <p className="hint">
          Computed by the gateway at <time dateTime={report.generatedAt}>{clockTime(report.generatedAt)}</time>; refreshes every minute.
        </p>
      )}
      {report !== null && <Charts report={report} />}
    </section>
  );
}

function Charts({ report }: { report: FloorReport }) {
  const [drill, setDrill] = useState<{ figure: FigureName; hour: string } | null>(null);
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
          <HourTable
            rows={hourRows}
            columns={[['By customer ID', (h) => h.lookupsByCustomerId], ['By order', (h) => h.lookupsByOrder], ['By card', (h) => h.lookupsByCard]]}
            onOpen={(hour) => setDrill({ figure: 'lookups', hour })}
          />
        </UPlotChart>
        <UPlotChart title="Failed sign-ins per hour" summary={`${totalFailed} failed sign-ins`} legend={FAILED_LEGEND} options={failedOptions} data={failed}>
          <HourTable rows={hourRows} columns={[['Failed sign-ins', (h) => h.failedSignIns]]} onOpen={(hour) => setDrill({ figure: 'failedSignIns', hour })} />
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
      {drill !== null && <EventsBehind figure={drill.figure} hour={drill.hour} report={report} onClose={() => setDrill(null)} />}
    </>
  );
}

const FIGURE_TITLES: Record<FigureName, string> = {
  lookups: 'Lookups',
  recordsViewed: 'Records viewed',
  notesAdded: 'Notes added',
  extensions: 'Extensions',
  failedSignIns: 'Failed sign-ins',
};

/** The events one hour's figure counts: the gateway's own records of the figure's types and outcome, read from the audit search. */
function EventsBehind({ figure, hour, report, onClose }: { figure: FigureName; hour: string; report: FloorReport; onClose: () => void }) {
  const agent = useAgent();
  const [events, setEvents] = useState<StoredAuditEvent[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The report's own range clips its first and last hour.
  const from = new Date(Math.max(Date.parse(hour), Date.parse(report.from))).toISOString();
  const to = new Date(Math.min(Date.parse(hour) + HOUR_MS, Date.parse(report.to))).toISOString();
  useEffect(() => {
    setEvents(null);
    void Promise.all(FIGURES[figure].types.map((type) => agent.supervisor.searchAudit({ type, from, to, limit: 500 }))).then((answers) => {
      const found: StoredAuditEvent[] = [];
      for (const answer of answers) {
        if (!answer.ok) {
          setError(errorText(answer.error));
          return;
        }
        found.push(...answer.value.events.filter((stored) => countsToward(FIGURES[figure], stored)));
      }
      setEvents(found.sort((a, b) => a.event.at.localeCompare(b.event.at)));
    });
  }, [agent, figure, from, to]);
  const title = `${FIGURE_TITLES[figure]}, ${dateTime(hour)}`;
  return (
    <section className="card" aria-label={`Events behind: ${title}`}>
      <div className="section-head">
        <h3>Events behind: {title}</h3>
        <button type="button" onClick={onClose}>Close</button>
      </div>
      {error !== null && <p className="error" role="alert">{error}</p>}
      {events === null && error === null && <p aria-busy="true">Reading the trail…</p>}
      {events !== null && (
        <>
          <p className="hint">{events.length} events, as the figure counts them: the gateway’s own records ({FIGURES[figure].types.join(', ')}, {FIGURES[figure].outcome}).</p>
          <table>
            <thead><tr><th scope="col">Time</th><th scope="col">Who</th><th scope="col">Event</th><th scope="col">Detail</th></tr></thead>
            <tbody>
              {events.map((stored) => (
                <tr key={`${stored.deviceId}-${stored.seq}`}>
                  <td>{clockTime(stored.event.at)}</td>
                  <td>{stored.event.actor.username ?? '—'}</td>
                  <td>{stored.event.type}</td>
                  <td>{typeof stored.event.details.by === 'string' ? `by ${stored.event.details.by}` : (stored.event.reason ?? '')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

type HourRow = FloorReport['hours'][number];

function HourTable({ rows, columns, onOpen }: { rows: HourRow[]; columns: [string, (h: HourRow) => number][]; onOpen: (hour: string) => void }) {
  if (rows.length === 0) return <p className="hint">No events in this range.</p>;
  return (
    <table>
      <thead><tr><th scope="col">Hour</th>{columns.map(([label]) => <th key={label} scope="col">{label}</th>)}<th scope="col"><span className="visually-hidden">Events</span></th></tr></thead>
      <tbody>
        {rows.map((h) => (
          <tr key={h.hour}>
            <td>{dateTime(h.hour)}</td>
            {columns.map(([label, value]) => <td key={label}>{value(h)}</td>)}
            <td><button type="button" onClick={() => onOpen(h.hour)}>Events</button></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** uPlot's bar path builder: bars 60 % of their slot, at most 48 px wide. */
function bars(lib: typeof uPlot): uPlot.Series.PathBuilder | undefined {
  return lib.paths.bars?.({ size: [0.6, 48] });
}
