// A stored report as PDF: the same columns as its CSV, with its range, time,
// content hash and whether it still matches its audit record.
import { REGULAR_REPORT_COLUMNS } from '../../shared/regular-report-csv.ts';
import type { StoredReport } from '../../shared/schemas/regular-reports.ts';
import { tablePdf } from './table-pdf.ts';

export function storedReportPdf(stored: StoredReport): Promise<Buffer> {
  return tablePdf(
    {
      title: `Sentinel Desk ${stored.period} report`,
      lines: [
        `${stored.from} to ${stored.to} (UTC, end exclusive)`,
        `Generated ${stored.generatedAt}; content SHA-256 ${stored.contentHash}`,
        stored.intact ? 'Integrity: matches its audit record' : 'Integrity: DOES NOT match its audit record',
        ...stored.report.teams.map(
          (t) => `Team ${t.name}: ${t.activeMembers} of ${t.members} members active; lookups by ID ${t.lookupsByCustomerId}, by order ${t.lookupsByOrder}, by card ${t.lookupsByCard}; opened ${t.recordsViewed}; notes ${t.notesAdded}; extensions ${t.extensions}; alerts ${t.alerts}`,
        ),
      ],
      columns: REGULAR_REPORT_COLUMNS,
      rows: stored.report.rows.map((row) => REGULAR_REPORT_COLUMNS.map((column) => row[column])),
    },
    { createdAt: new Date(stored.generatedAt) },
  );
}
