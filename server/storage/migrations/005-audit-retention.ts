// Migration 005: audit retention (PCI DSS 10.5.1). On PostgreSQL, month
// partitions older than the searchable window move to the audit_archive schema
// (attached to audit_archive.audit_events, so they stay queryable and guarded),
// each recorded in audit_archive_log with the chain end of every device in it:
// once a month is dropped, the verifier starts that device's chain from there.
// audit_events_retained is what the verifier walks: every event still kept.
// SQLite keeps every event (its append-only triggers are never weakened for a
// purge), so its view is just audit_events.
import type { Migration } from './migration.ts';

const CHAIN_COLUMNS = 'device_id, seq, prev_hash, hash, event, received_at, type, outcome, user_id, at, customer_id';

export const auditRetention: Migration = {
  version: 5,
  name: 'audit-retention',
  sqlite: [`CREATE VIEW IF NOT EXISTS audit_events_retained AS SELECT ${CHAIN_COLUMNS} FROM audit_events`],
  postgres: [
    'CREATE SCHEMA IF NOT EXISTS audit_archive',
    `CREATE TABLE audit_archive.audit_events (LIKE public.audit_events INCLUDING DEFAULTS) PARTITION BY RANGE (at)`,
    `CREATE TRIGGER audit_archive_no_update BEFORE UPDATE ON audit_archive.audit_events FOR EACH ROW EXECUTE FUNCTION public.sentinel_refuse_change('audit_archive.audit_events')`,
    `CREATE TRIGGER audit_archive_no_delete BEFORE DELETE ON audit_archive.audit_events FOR EACH ROW EXECUTE FUNCTION public.sentinel_refuse_change('audit_archive.audit_events')`,
    `CREATE TABLE audit_archive_log (
  month TEXT PRIMARY KEY,
  detached_at TEXT NOT NULL,
  rows BIGINT NOT NULL,
  first_hash TEXT,
  last_hash TEXT,
  archived_at TEXT,
  archive_file TEXT,
  dropped_at TEXT
)`,
    `CREATE TABLE audit_archive_chain_ends (
  month TEXT NOT NULL REFERENCES audit_archive_log(month),
  device_id TEXT NOT NULL,
  last_seq BIGINT NOT NULL,
  last_hash TEXT NOT NULL,
  PRIMARY KEY (month, device_id)
)`,
    `CREATE TRIGGER audit_archive_chain_ends_no_update BEFORE UPDATE ON audit_archive_chain_ends FOR EACH ROW EXECUTE FUNCTION sentinel_refuse_change('audit_archive_chain_ends')`,
    `CREATE TRIGGER audit_archive_chain_ends_no_delete BEFORE DELETE ON audit_archive_chain_ends FOR EACH ROW EXECUTE FUNCTION sentinel_refuse_change('audit_archive_chain_ends')`,
    `CREATE VIEW audit_events_retained AS SELECT ${CHAIN_COLUMNS} FROM public.audit_events UNION ALL SELECT ${CHAIN_COLUMNS} FROM audit_archive.audit_events`,
  ],
};
