// Migration 011: single sign-on (issue 23). `sso_attempts` holds each started
// sign-in's state and nonce until its one redemption; `sso_identities` maps a
// provider's subject to an account. An account with such a link is SSO-only: its
// local password no longer signs it in.
import { INT64 } from '../dialect.ts';
import type { Migration } from './migration.ts';

const statements = (int64: string): string[] => [
  `CREATE TABLE sso_attempts (
  state TEXT PRIMARY KEY,
  nonce TEXT NOT NULL,
  provider_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  redirect_uri TEXT NOT NULL,
  expires_at ${int64} NOT NULL
)`,
  'CREATE INDEX sso_attempts_by_expiry ON sso_attempts(expires_at)',
  `CREATE TABLE sso_identities (
  provider_id TEXT NOT NULL,
  subject TEXT NOT NULL,
  user_id TEXT NOT NULL,
  linked_at ${int64} NOT NULL,
  PRIMARY KEY (provider_id, subject)
)`,
  'CREATE INDEX sso_identities_by_user ON sso_identities(user_id)',
];

export const singleSignOn: Migration = {
  version: 11,
  name: 'single-sign-on',
  sqlite: statements(INT64.sqlite),
  postgres: statements(INT64.postgres),
};
