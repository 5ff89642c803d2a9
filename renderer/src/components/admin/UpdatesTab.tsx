// Desk updates (issue 28): the signed releases with their rollout, where an
// admin lets one out to the pilot ring or a share of the broad ring, pauses or
// pulls it; and the fleet patch report (PCI DSS 6.3.3) with its CSV export.
import { useCallback, useEffect, useState } from 'react';
import { AdminReasonSchema } from '../../../../shared/schemas/admin.ts';
import type { PatchReport, Release } from '../../../../shared/schemas/updates.ts';
import { errorText, useAgent } from '../../agent.tsx';
import { downloadCsv } from './download-csv.ts';
import { when } from './format.ts';
import { ReasonDialog } from './ReasonDialog.tsx';

type Change =
  | { kind: 'rollout'; release: Release; stage: 'pilot' | 'broad'; percent: number }
  | { kind: 'action'; release: Release; action: 'pause' | 'resume' | 'pull' };

const stageText = (r: Release): string =>
  r.pulled ? 'Pulled' : r.stage === 'held' ? 'Held' : r.stage === 'pilot' ? 'Pilot ring' : `Pilot + ${r.percent}% of broad`;
const changeTitle = (c: Change): string =>
  c.kind === 'rollout'
    ? `Let ${c.release.version} out to ${c.stage === 'pilot' ? 'the pilot ring' : `the pilot ring and ${c.percent}% of the broad ring`}`
    : `${c.action === 'pull' ? 'Pull' : c.action === 'pause' ? 'Pause' : 'Resume'} ${c.release.version}`;

export function UpdatesTab() {
  const agent = useAgent();
  const [releases, setReleases] = useState<Release[]>([]);
  const [report, setReport] = useState<PatchReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [change, setChange] = useState<Change | null>(null);
  const [percent, setPercent] = useState(10);
  const refresh = useCallback(async () => {
    const [r, p] = await Promise.all([agent.admin.releases({}), agent.admin.patchReport({ format: 'json' })]);
    if (r.ok) setReleases(r.value);
    if (p.ok) setReport(p.value.report);
    setError(!r.ok ? errorText(r.error) : !p.ok ? errorText(p.error) : null);
  }, [agent]);
  useEffect(() => void refresh(), [refresh]);

  const apply = async (c: Change, reason: string): Promise<string | null> => {
    const r =
      c.kind === 'rollout'
        ? await agent.admin.rollout({ version: c.release.version, stage: c.stage, percent: c.percent, reason })
        : await agent.admin.releaseAction({ version: c.release.version, action: c.action, reason });
    if (!r.ok) return errorText(r.error);
    setChange(null);
    void refresh();
    return null;
  };
  const exportCsv = async () => {
    const r = await agent.admin.patchReport({ format: 'csv' });
    if (!r.ok) { setError(errorText(r.error)); return; }
    if (r.value.format !== 'csv') return;
    downloadCsv(r.value.csv, `patch-report-${r.value.report.generatedAt.slice(0, 10)}.csv`);
  };

  const overdue = report?.devices.filter((d) => d.overdue).length ?? 0;
  return (
    <section aria-labelledby="updates-title">
      <div className="section-head">
        <h2 id="updates-title">Releases</h2>
        <label>
          Broad ring share{' '}
          <input type="number" min={0} max={100} value={percent} aria-label="Share of the broad ring, percent" onChange={(e) => setPercent(Math.max(0, Math.min(100, Math.round(Number(e.target.value)))))} />
          %
        </label>
      </div>
      {error !== null && <p className="error" role="alert">{error}</p>}
      <table aria-label="Releases">
        <thead><tr><th>Version</th><th>Released</th><th>Rollout</th><th>State</th><th>Actions</th></tr></thead>
        <tbody>
          {releases.map((r) => (
            <tr key={r.version}>
              <td className="mono">{r.version}</td>
              <td>{when(r.releasedAt)}</td>
              <td>{stageText(r)}</td>
              <td>{r.pulled ? <span className="badge danger">Pulled</span> : r.paused ? <span className="badge warn">Paused</span> : <span className="badge ok">Active</span>}</td>
              <td>
                {!r.pulled && (
                  <span>
                    <button type="button" onClick={() => setChange({ kind: 'rollout', release: r, stage: 'pilot', percent: 0 })}>Pilot</button>{' '}
                    <button type="button" onClick={() => setChange({ kind: 'rollout', release: r, stage: 'broad', percent })}>Broad {percent}%</button>{' '}
                    <button type="button" onClick={() => setChange({ kind: 'action', release: r, action: r.paused ? 'resume' : 'pause' })}>{r.paused ? 'Resume' : 'Pause'}</button>{' '}
                    <button type="button" className="danger" onClick={() => setChange({ kind: 'action', release: r, action: 'pull' })}>Pull</button>
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <div className="section-head">
        <h2 id="patch-title">Patch report</h2>
        <button type="button" onClick={() => void exportCsv()}>Export CSV</button>
      </div>
      {report !== null && (
        <>
          <p className="hint">
            Newest release let out: {report.newestVersion ?? 'none'}. {overdue === 0 ? 'No desk is overdue' : `${overdue} ${overdue === 1 ? 'desk is' : 'desks are'} overdue`} (policy: {report.overdueDays} days).
          </p>
          <table aria-labelledby="patch-title">
            <thead><tr><th>Device</th><th>Version</th><th>Released</th><th>Ring</th><th>Last check</th><th>Days behind</th></tr></thead>
            <tbody>
              {report.devices.map((d) => (
                <tr key={d.deviceId}>
                  <td className="mono">{d.deviceId}</td>
                  <td className="mono">{d.version ?? 'unknown'}</td>
                  <td>{when(d.releasedAt)}</td>
                  <td>{d.ring === 'pilot' ? 'Pilot' : 'Broad'}</td>
                  <td>{when(d.lastCheckAt)}</td>
                  <td>{d.overdue ? <span className="badge danger">{d.daysBehind === null ? 'never reported' : `${d.daysBehind} days, overdue`}</span> : d.daysBehind === 0 ? <span className="badge ok">current</span> : `${d.daysBehind ?? '—'} days`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {change !== null && <ReasonDialog title={changeTitle(change)} confirmLabel={changeTitle(change)} schema={AdminReasonSchema} onConfirm={(reason) => apply(change, reason)} onClose={() => setChange(null)} />}
    </section>
  );
}
