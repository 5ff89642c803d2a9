// Migration 020: the scheduled reports (issue 26) and the monthly retrieval
// check of archived audit months (PCI DSS 10.5.1). A stored report's content
// hash is also on the gateway's audit chain ('report.store'), which is what
// shows a report changed after the fact; one report per period and start.
import { INT64 } from '../dialect.ts';
import type { Migration } from './migration.ts';

const storedReports = `CREATE TABLE stored_reports (
  report_id TEXT PRIMARY KEY,
  period TEXT NOT NULL,
  range_from TEXT NOT NULL,
  range_to TEXT NOT NULL,
  generated_at TEXT NOT NULL,
  content TEXT NOT NULL,
  content_hash TEXT NOT NULL
)`;
const reportsByPeriod = 'CREATE INDEX stored_reports_by_period ON stored_reports (period, range_from)';
const retrievalChecks = (int64: string): string => `CREATE TABLE audit_retrieval_checks (
  check_id TEXT PRIMARY KEY,
  run_at TEXT NOT NULL,
  month TEXT NOT NULL,
  source TEXT NOT NULL,
  expected_rows ${int64} NOT NULL,
  retrieved_rows ${int64} NOT NULL,
  millis ${int64} NOT NULL,
  outcome TEXT NOT NULL
)`;

export const regularReports: Migration = {
  version: 20,
  name: 'regular-reports',
  sqlite: [storedReports, reportsByPeriod, retrievalChecks(INT64.sqlite)],
  postgres: [storedReports, reportsByPeriod, retrievalChecks(INT64.postgres)],
};
