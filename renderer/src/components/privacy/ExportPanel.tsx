// A data-subject export as the officer checks it before sending: every table of
// the package and the access history, rendered by React from the JSON (so as
// text, under the CSP), with the JSON package and the gateway's readable HTML
// page offered as downloads. The HTML is never put into the desk's own page.
import type { PrivacyExport } from '../../../../shared/schemas/privacy.ts';
import { downloadFile } from '../../download.ts';
import { when } from '../admin/format.ts';

const cellText = (value: unknown): string => (typeof value === 'string' ? value : value === undefined || value === null ? '—' : JSON.stringify(value));

function HeldTable({ title, rows }: { title: string; rows: readonly Record<string, unknown>[] }) {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  return (
    <section aria-label={title}>
      <h4>{title}</h4>
      {rows.length === 0 ? (
        <p className="hint">None held.</p>
      ) : (
        <table aria-label={title}>
          <thead><tr>{columns.map((c) => <th key={c}>{c}</th>)}</tr></thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={i}>{columns.map((c) => <td key={c}>{cellText(row[c])}</td>)}</tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function ExportPanel({ data, onClose }: { data: PrivacyExport; onClose: () => void }) {
  const base = `privacy-export-${data.requestId}`;
  return (
    <section className="card" aria-labelledby="export-title">
      <div className="section-head">
        <h3 id="export-title">Export for {data.json.customerId}</h3>
        <span>
          <button type="button" onClick={() => downloadFile(`${base}.json`, JSON.stringify(data.json, null, 2), 'application/json')}>Download JSON</button>{' '}
          <button type="button" onClick={() => downloadFile(`${base}.html`, data.html, 'text/html')}>Download readable HTML</button>{' '}
          <button type="button" onClick={onClose}>Close export</button>
        </span>
      </div>
      <p className="hint">Generated {when(data.generatedAt)}. Staff appear by pseudonym; card numbers as agents see them.</p>
      {Object.entries(data.json.tables).map(([table, rows]) => <HeldTable key={table} title={table} rows={rows} />)}
      <HeldTable title="Access history" rows={data.json.accessHistory.map((a) => ({ at: a.at, action: a.action, outcome: a.outcome, roles: a.roles.join(', '), staff: a.staff }))} />
    </section>
  );
}
