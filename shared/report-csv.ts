// Activity reports as CSV: the gateway serves it, and the desk builds the same
// file from the JSON report, so both agree on columns and quoting.
import type { ActivityReport } from './schemas/supervision.ts';

export const ACTIVITY_CSV_COLUMNS = [
  'userId',
  'username',
  'lookupsByCustomerId',
  'lookupsByOrder',
  'lookupsByCard',
  'recordsViewed',
  'notesAdded',
  'extensions',
  'failedLogins',
  'locks',
] as const;

/** RFC 4180 quoting, plus a leading apostrophe so a spreadsheet never runs a cell as a formula. */
export function csvCell(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header line and one line per row, CRLF-ended, every cell quoted as csvCell does. */
export function csvTable(columns: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  return [columns, ...rows].map((cells) => `${cells.map(csvCell).join(',')}\r\n`).join('');
}

export function activityCsv(report: ActivityReport): string {
  return csvTable(ACTIVITY_CSV_COLUMNS, report.rows.map((row) => ACTIVITY_CSV_COLUMNS.map((column) => row[column])));
}
