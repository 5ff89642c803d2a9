// Migration 021: crypto-shredding (issue 27). Each customer's personal fields are
// sealed under that customer's own data key, kept wrapped under the gateway's seal
// key in customer_keys; erasing the customer deletes the key. `sealed` marks a row
// whose personal fields are sealed: rows written before this migration are sealed
// at the next start by the store (open-store.ts), which alone holds the seal key.
// `erased_at` keeps the erased customer's row, emptied, so its orders still add up.
// privacy_requests and legal_holds hold the data-subject requests and what blocks an erasure.
import { INT64 } from '../dialect.ts';
import type { Migration } from './migration.ts';

const statements = (int64: string): string[] => [
  'CREATE TABLE customer_keys (customer_id TEXT PRIMARY KEY, wrapped_key TEXT NOT NULL)',
  'ALTER TABLE customers ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0',
  `ALTER TABLE customers ADD COLUMN erased_at ${int64}`,
  'ALTER TABLE notes ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0',
  'ALTER TABLE subscription_extensions ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0',
  // Data-subject requests and legal holds: kept after the customer is erased, as the proof it was done.
  `CREATE TABLE privacy_requests (request_id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, kind TEXT NOT NULL, law TEXT NOT NULL, verification TEXT NOT NULL, status TEXT NOT NULL, received_at ${int64} NOT NULL, due_at ${int64} NOT NULL, extension_reason TEXT, extended_at ${int64}, opened_by TEXT NOT NULL, completed_at ${int64}, completed_by TEXT)`,
  'CREATE INDEX privacy_requests_by_customer ON privacy_requests(customer_id)',
  `CREATE TABLE legal_holds (hold_id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, reason TEXT NOT NULL, owner TEXT NOT NULL, placed_by TEXT NOT NULL, placed_at ${int64} NOT NULL, expires_at ${int64} NOT NULL, released_at ${int64}, released_by TEXT)`,
  'CREATE INDEX legal_holds_by_customer ON legal_holds(customer_id)',
];

export const personalDataKeys: Migration = {
  version: 21,
  name: 'personal-data-keys',
  sqlite: statements(INT64.sqlite),
  postgres: statements(INT64.postgres),
};
