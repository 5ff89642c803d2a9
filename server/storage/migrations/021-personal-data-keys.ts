// Migration 021: crypto-shredding (issue 27). Each customer's personal fields are
// sealed under that customer's own data key, kept wrapped under the gateway's seal
// key in customer_keys; erasing the customer deletes the key. `sealed` marks a row
// whose personal fields are sealed: rows written before this migration are sealed
// at the next start by the store (open-store.ts), which alone holds the seal key.
// `erased_at` keeps the erased customer's row, emptied, so its orders still add up.
import { INT64 } from '../dialect.ts';
import type { Migration } from './migration.ts';

const statements = (int64: string): string[] => [
  'CREATE TABLE customer_keys (customer_id TEXT PRIMARY KEY, wrapped_key TEXT NOT NULL)',
  'ALTER TABLE customers ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0',
  `ALTER TABLE customers ADD COLUMN erased_at ${int64}`,
  'ALTER TABLE notes ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0',
  'ALTER TABLE subscription_extensions ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0',
];

export const personalDataKeys: Migration = {
  version: 21,
  name: 'personal-data-keys',
  sqlite: statements(INT64.sqlite),
  postgres: statements(INT64.postgres),
};
