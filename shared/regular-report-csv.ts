// A stored report as CSV: the gateway serves it, and the desk may build the
// same file from the JSON, so both agree on columns and quoting.
import { ACTIVITY_CSV_COLUMNS, csvTable } from './report-csv.ts';
import type { RegularReportContent } from './schemas/regular-reports.ts';

/** The activity report's columns, then time in state and alerts. */
export const REGULAR_REPORT_COLUMNS = [...ACTIVITY_CSV_COLUMNS, 'activeMs', 'lockedMs', 'alerts'] as const;

export function regularReportCsv(report: RegularReportContent): string {
  return csvTable(REGULAR_REPORT_COLUMNS, report.rows.map((row) => REGULAR_REPORT_COLUMNS.map((column) => row[column])));
}
