// Migration 004: people and device administration (issue 12). Account setup and
// inactivity columns on users, password history, access reviews, enrolment
// grants, the device list's columns, and the flag on what a revoked desk sent.
// Adding a column leaves the append-only guards as they are: no trigger or guard
// function names these columns, so what the chain verifier compares is unchanged.
import { INT64, type Engine } from '../dialect.ts';
import type { Migration } from './migration.ts';

function statements(engine: Engine): string[] {
  const ms = INT64[engine];
  const addColumns = (table: string, columns: readonly string[]): string[] => columns.map((c) => `ALTER TABLE ${table} ADD COLUMN ${c}`);
  return [
    // Admin-issued approvals for new desks: a single-use code, or a reusable policy
    // token for managed builds. Only a SHA-256 of the (high-entropy) secret is kept.
    `CREATE TABLE enrolment_grants (
    grant_id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('code', 'policy_token')),
    secret_hash TEXT NOT NULL UNIQUE,
    reason TEXT NOT NULL,
    issued_by TEXT NOT NULL,
    issued_at ${ms} NOT NULL,
    expires_at ${ms} NOT NULL,
    used_at ${ms},
    used_by_device TEXT
  )`,
    ...addColumns('users', [
      'must_change_password INTEGER NOT NULL DEFAULT 0',
      `password_expires_at ${ms}`,
      `created_at ${ms} NOT NULL DEFAULT 0`,
      `last_sign_in_at ${ms}`,
      'disabled_reason TEXT',
      `enabled_at ${ms}`,
      // A TOTP secret being enrolled: it becomes mfa_secret_sealed once a first code from it is confirmed.
      'mfa_pending_sealed TEXT',
      `mfa_pending_expires_at ${ms}`,
      // 0 only for demo accounts that sign in without MFA; every other account must enrol (PCI DSS 8.4.2).
      'mfa_required INTEGER NOT NULL DEFAULT 1',
    ]),
    // Each sign-off of the access review (PCI DSS 7.2.4); the next review lists the changes since the latest.
    `CREATE TABLE access_reviews (
    review_id TEXT PRIMARY KEY,
    at ${ms} NOT NULL,
    by_user_id TEXT NOT NULL,
    by_username TEXT NOT NULL,
    note TEXT NOT NULL,
    accounts INTEGER NOT NULL
  )`,
    // The hashes of an account's earlier passwords, so a new one cannot repeat the last four (PCI DSS 8.3.7);
    // entry_id orders two changes within one millisecond.
    `CREATE TABLE password_history (
    entry_id ${engine === 'sqlite' ? 'INTEGER PRIMARY KEY' : 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY'},
    user_id TEXT NOT NULL REFERENCES users(user_id),
    password_hash TEXT NOT NULL,
    set_at ${ms} NOT NULL
  )`,
    'CREATE INDEX password_history_by_user ON password_history(user_id, set_at)',
    // Devices enrolled before approvals existed enrolled on first sign-in, as the demo seed's do.
    ...addColumns('devices', [
      "enrolled_via TEXT NOT NULL DEFAULT 'demo_seed'",
      'grant_id TEXT REFERENCES enrolment_grants(grant_id)',
      'last_user_id TEXT',
      `last_seen_at ${ms}`,
      'app_version TEXT',
      `revoked_at ${ms}`,
      'revoked_by TEXT',
      'revoke_reason TEXT',
    ]),
    'CREATE INDEX session_families_by_device ON session_families(device_id, revoked_at)',
    // Set at insert, never after (both tables are append-only): 'device_revoked' for what a revoked desk sent.
    'ALTER TABLE audit_events ADD COLUMN flag TEXT',
    'ALTER TABLE audit_batches ADD COLUMN flag TEXT',
  ];
}

export const administration: Migration = {
  version: 4,
  name: 'administration',
  sqlite: statements('sqlite'),
  postgres: statements('postgres'),
};
