// A stored report as CSV: the gateway serves it, and the desk may build the
// same file from the JSON, so both agree on columns and quoting.
import { csvCell } from './report-csv.ts';
import type { RegularReportContent } from './schemas/regular-reports.ts';

export const REGULAR_REPORT_COLUMNS = [
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
  'activeMs',
  'lockedMs',
  'alerts',
] as const;

export function regularReportCsv(report: RegularReportContent): string {
  const lines = [REGULAR_REPORT_COLUMNS.join(',')];
  for (const row of report.rows) lines.push(REGULAR_REPORT_COLUMNS.map((column) => csvCell(row[column])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
