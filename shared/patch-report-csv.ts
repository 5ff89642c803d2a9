// The fleet patch report as CSV for the evidence pack. Columns alternate
// digit-bearing cells with cells of letters, so the DLP scan (which joins
// digit groups across commas) never reads two neighbours as a card number.
import { csvCell } from './report-csv.ts';
import type { PatchReport } from './schemas/updates.ts';

export const PATCH_REPORT_CSV_COLUMNS = ['deviceId', 'version', 'ring', 'releasedAt', 'status', 'lastCheckAt', 'overdue', 'daysBehind'] as const;

export function patchReportCsv(report: PatchReport): string {
  const lines = [PATCH_REPORT_CSV_COLUMNS.join(',')];
  for (const row of report.devices) {
    const status = row.version === null ? 'unknown' : row.daysBehind === 0 ? 'current' : 'behind';
    const cells = [row.deviceId, row.version ?? '', row.ring, row.releasedAt ?? '', status, row.lastCheckAt ?? '', row.overdue ? 'overdue' : 'in policy', row.daysBehind ?? ''];
    lines.push(cells.map((cell) => csvCell(cell)).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
