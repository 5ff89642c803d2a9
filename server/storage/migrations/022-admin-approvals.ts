// Migration 022: changes that need a second admin (issue 21). One admin's request
// waits here, with the account ID it will create or change, until another admin
// approves or rejects it, or it expires; the decision is stored in the same
// transaction as the change it makes and their audit records. An enrolment code
// may name the account it was issued for (enrolment_grants.for_user_id): another
// account's sign-in cannot use it.
import { INT64, type Engine } from '../dialect.ts';
import type { Migration } from './migration.ts';

const statements = (engine: Engine): string[] => [
  `CREATE TABLE admin_approvals (
  approval_id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  user_id TEXT NOT NULL,
  username TEXT NOT NULL,
  display_name TEXT NOT NULL,
  roles TEXT NOT NULL,
  reason TEXT NOT NULL,
  requested_by TEXT NOT NULL,
  requested_at ${INT64[engine]} NOT NULL,
  expires_at ${INT64[engine]} NOT NULL,
  decision TEXT,
  decided_by TEXT,
  decided_at ${INT64[engine]}
)`,
  'CREATE INDEX admin_approvals_open ON admin_approvals (decided_at, expires_at)',
  'ALTER TABLE enrolment_grants ADD COLUMN for_user_id TEXT',
];

export const adminApprovals: Migration = {
  version: 22,
  name: 'admin-approvals',
  sqlite: statements('sqlite'),
  postgres: statements('postgres'),
};
