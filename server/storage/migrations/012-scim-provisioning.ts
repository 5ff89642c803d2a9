// Migration 012: people provisioned by an identity provider over SCIM (issue 23).
// `sso_only` marks an account that signs in only through the provider (the
// OpenID Connect sign-in reads it); `external_id` is the provider's own ID for
// it; `scim_profile` keeps the SCIM attributes the desk has no column for (name,
// emails, group memberships) as JSON; `scim_version` is the ETag's version;
// `scim_removed_at` is set by a SCIM DELETE, which disables the account and
// hides it from SCIM but keeps the row the audit trail refers to.
import { INT64, type Engine } from '../dialect.ts';
import type { Migration } from './migration.ts';

const statements = (engine: Engine): string[] => [
  'ALTER TABLE users ADD COLUMN sso_only INTEGER NOT NULL DEFAULT 0',
  'ALTER TABLE users ADD COLUMN external_id TEXT',
  'ALTER TABLE users ADD COLUMN scim_profile TEXT',
  'ALTER TABLE users ADD COLUMN scim_version INTEGER NOT NULL DEFAULT 0',
  `ALTER TABLE users ADD COLUMN scim_removed_at ${INT64[engine]}`,
];

export const scimProvisioning: Migration = {
  version: 12,
  name: 'scim-provisioning',
  sqlite: statements('sqlite'),
  postgres: statements('postgres'),
};
