// The readable form of a data-subject export: one self-contained HTML page (no
// script, no outside resource) with a section per table of the data map and one
// for the access history. Every value is escaped; nothing is left out that the
// JSON package holds.
import type { PrivacyExport } from '../../shared/schemas/privacy.ts';

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const cell = (value: unknown): string => escapeHtml(typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value));

function table(title: string, rows: readonly Record<string, unknown>[]): string {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const body =
    rows.length === 0
      ? '<p>None held.</p>'
      : `<table><thead><tr>${columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead><tbody>${rows
          .map((row) => `<tr>${columns.map((c) => `<td>${cell(row[c])}</td>`).join('')}</tr>`)
          .join('')}</tbody></table>`;
  return `<section><h2>${escapeHtml(title)}</h2>${body}</section>`;
}

export function privacyExportHtml(json: PrivacyExport['json'], generatedAt: string): string {
  const sections = [...Object.entries(json.tables).map(([name, rows]) => table(name.replaceAll('_', ' '), rows)), table('access history', json.accessHistory)];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>Data held about ${escapeHtml(json.customerId)}</title><style>body{font:14px system-ui,sans-serif;margin:2rem}table{border-collapse:collapse;margin-bottom:1rem}td,th{border:1px solid #999;padding:.25rem .5rem;text-align:left;vertical-align:top}</style></head><body><h1>Data held about customer ${escapeHtml(json.customerId)}</h1><p>Generated ${escapeHtml(generatedAt)}. Staff appear by pseudonym; card numbers are masked as agents see them.</p>${sections.join('')}</body></html>`;
}
