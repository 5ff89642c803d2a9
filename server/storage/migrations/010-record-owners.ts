// Migration 010: each record is owned by the source that first wrote it (issue
// 22): record_versions gains the owning source's name, filled in for the
// records already written from the account that wrote them (an account's row
// stays after it is revoked, so every record has one). A source outlives its
// accounts: a new account for the same source still owns what the old one wrote.
import type { Migration } from './migration.ts';

const statements = [
  "ALTER TABLE record_versions ADD COLUMN owner_source TEXT NOT NULL DEFAULT ''",
  'UPDATE record_versions SET owner_source = (SELECT source FROM service_accounts WHERE service_accounts.account_id = record_versions.account_id) WHERE EXISTS (SELECT 1 FROM service_accounts WHERE service_accounts.account_id = record_versions.account_id)',
];

export const recordOwners: Migration = {
  version: 10,
  name: 'record-owners',
  sqlite: statements,
  postgres: statements,
};
