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

export function activityCsv(report: ActivityReport): string {
  const lines = [ACTIVITY_CSV_COLUMNS.join(',')];
  for (const row of report.rows) lines.push(ACTIVITY_CSV_COLUMNS.map((column) => csvCell(row[column])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
