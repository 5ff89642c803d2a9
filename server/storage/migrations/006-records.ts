// Migration 006: systems of record (issue 22). Service accounts (one per named
// source, scoped to record types, a hashed token, a sealed webhook secret and
// the declared mappings of its webhook payloads),
// the version each record was last written at (an older update never wins),
// the answers of idempotent requests, the webhook deliveries already taken
// (replay protection), and where each bulk import stands (resume after a crash).
import { INT64, type Engine } from '../dialect.ts';
import type { Migration } from './migration.ts';

function statements(engine: Engine): string[] {
  const ms = INT64[engine];
  return [
    `CREATE TABLE service_accounts (
    account_id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    record_types TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    webhook_secret_sealed TEXT NOT NULL,
    webhook_mappings TEXT NOT NULL,
    reason TEXT NOT NULL,
    created_at ${ms} NOT NULL,
    created_by TEXT NOT NULL,
    revoked_at ${ms},
    revoked_by TEXT,
    revoke_reason TEXT
  )`,
    // One live account per source; a revoked one keeps its row (and its place in the audit trail).
    'CREATE UNIQUE INDEX service_accounts_live_source ON service_accounts(source) WHERE revoked_at IS NULL',
    `CREATE TABLE record_versions (
    record_type TEXT NOT NULL,
    record_id TEXT NOT NULL,
    version ${ms} NOT NULL,
    account_id TEXT NOT NULL,
    written_at ${ms} NOT NULL,
    PRIMARY KEY (record_type, record_id)
  )`,
    `CREATE TABLE record_requests (
    account_id TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    answer TEXT NOT NULL,
    at ${ms} NOT NULL,
    PRIMARY KEY (account_id, idempotency_key)
  )`,
    `CREATE TABLE webhook_deliveries (
    account_id TEXT NOT NULL,
    delivery TEXT NOT NULL,
    received_at ${ms} NOT NULL,
    PRIMARY KEY (account_id, delivery)
  )`,
    `CREATE TABLE import_checkpoints (
    source TEXT NOT NULL,
    file_key TEXT NOT NULL,
    lines_done ${ms} NOT NULL,
    counts TEXT NOT NULL,
    updated_at ${ms} NOT NULL,
    PRIMARY KEY (source, file_key)
  )`,
  ];
}

export const records: Migration = {
  version: 6,
  name: 'records',
  sqlite: statements('sqlite'),
  postgres: statements('postgres'),
};
