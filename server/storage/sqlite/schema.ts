// The SQLite schema of the embedded gateway store (3: administration columns and tables). Cards hold no PAN: only its
// keyed HMAC, BIN, last 4, length and brand. Audit rows are append-only
// (triggers refuse UPDATE and DELETE; see APPEND_ONLY_TRIGGERS).
export const SCHEMA_VERSION = 3;

const refuse = (name: string, when: string, table: string, condition = ''): { name: string; sql: string } => ({
  name,
  sql: `CREATE TRIGGER IF NOT EXISTS ${name} BEFORE ${when} ON ${table}${condition}
  BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END;`,
});

const existing = (table: string, match: string): string => `\n  WHEN EXISTS (SELECT 1 FROM ${table} WHERE ${match})`;

/**
 * What keeps the audit store append-only. The chain verifier checks that each
 * one is still there with exactly this SQL: a dropped or rewritten trigger is a
 * break, like an edited row.
 */
export const APPEND_ONLY_TRIGGERS: readonly { name: string; sql: string }[] = [
  // INSERT OR REPLACE deletes the old row without firing DELETE triggers: refuse the insert itself.
  refuse('audit_events_no_replace', 'INSERT', 'audit_events', existing('audit_events', 'device_id = NEW.device_id AND seq = NEW.seq')),
  refuse('audit_batches_no_replace', 'INSERT', 'audit_batches', existing('audit_batches', 'batch_id = NEW.batch_id')),
  refuse('alert_acks_no_replace', 'INSERT', 'alert_acks', existing('alert_acks', 'alert_id = NEW.alert_id AND n = NEW.n')),
  refuse('alerts_no_replace', 'INSERT', 'alerts', existing('alerts', 'alert_id = NEW.alert_id')),
  refuse('audit_events_no_update', 'UPDATE', 'audit_events'),
  refuse('audit_events_no_delete', 'DELETE', 'audit_events'),
  refuse('audit_batches_no_update', 'UPDATE', 'audit_batches'),
  refuse('audit_batches_no_delete', 'DELETE', 'audit_batches'),
  refuse('alert_acks_no_update', 'UPDATE', 'alert_acks'),
  refuse('alert_acks_no_delete', 'DELETE', 'alert_acks'),
  refuse('alerts_no_delete', 'DELETE', 'alerts'),
  // An alert only counts further repeats; what it says, and about whom, never changes.
  refuse(
    'alerts_only_count_up',
    'UPDATE',
    'alerts',
    `
  WHEN NEW.alert_id IS NOT OLD.alert_id OR NEW.kind IS NOT OLD.kind OR NEW.severity IS NOT OLD.severity
    OR NEW.raised_at IS NOT OLD.raised_at OR NEW.user_id IS NOT OLD.user_id OR NEW.device_id IS NOT OLD.device_id
    OR NEW.message IS NOT OLD.message OR NEW.occurrences < OLD.occurrences OR NEW.last_occurred_at < OLD.last_occurred_at`,
  ),
  // A head only moves forward.
  refuse('device_heads_no_replace', 'INSERT', 'device_heads', existing('device_heads', 'device_id = NEW.device_id')),
  refuse('device_heads_no_delete', 'DELETE', 'device_heads'),
  refuse('device_heads_forward_only', 'UPDATE', 'device_heads', '\n  WHEN NEW.seq <= OLD.seq OR NEW.device_id IS NOT OLD.device_id'),
];

export const SCHEMA_SQL = `
-- Admin-issued approvals for new desks: a single-use code, or a reusable policy
-- token for managed builds. Only a SHA-256 of the (high-entropy) secret is kept.
CREATE TABLE IF NOT EXISTS enrolment_grants (
  grant_id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('code', 'policy_token')),
  secret_hash TEXT NOT NULL UNIQUE,
  reason TEXT NOT NULL,
  issued_by TEXT NOT NULL,
  issued_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  used_by_device TEXT
);
CREATE TABLE IF NOT EXISTS users (
  user_id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  roles TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  mfa_secret_sealed TEXT,
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER,
  last_totp_step INTEGER,
  disabled_at INTEGER,
  must_change_password INTEGER NOT NULL DEFAULT 0,
  password_expires_at INTEGER,
  created_at INTEGER NOT NULL DEFAULT 0,
  last_sign_in_at INTEGER,
  disabled_reason TEXT,
  enabled_at INTEGER,
  -- A TOTP secret being enrolled: it becomes mfa_secret_sealed once a first code from it is confirmed.
  mfa_pending_sealed TEXT,
  mfa_pending_expires_at INTEGER,
  -- 0 only for demo accounts that sign in without MFA; every other account must enrol (PCI DSS 8.4.2).
  mfa_required INTEGER NOT NULL DEFAULT 1
);
-- Each sign-off of the access review (PCI DSS 7.2.4); the next review lists the changes since the latest.
CREATE TABLE IF NOT EXISTS access_reviews (
  review_id TEXT PRIMARY KEY,
  at INTEGER NOT NULL,
  by_user_id TEXT NOT NULL,
  by_username TEXT NOT NULL,
  note TEXT NOT NULL,
  accounts INTEGER NOT NULL
);
-- The hashes of an account's earlier passwords, so a new one cannot repeat the last four (PCI DSS 8.3.7).
CREATE TABLE IF NOT EXISTS password_history (
  user_id TEXT NOT NULL REFERENCES users(user_id),
  password_hash TEXT NOT NULL,
  set_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS password_history_by_user ON password_history(user_id, set_at);
CREATE TABLE IF NOT EXISTS devices (
  device_id TEXT PRIMARY KEY,
  public_key TEXT NOT NULL,
  enrolled_at INTEGER NOT NULL,
  -- The user whose sign-in enrolled it, and the enrolment grant that approved it.
  enrolled_by TEXT NOT NULL,
  enrolled_via TEXT NOT NULL,
  grant_id TEXT REFERENCES enrolment_grants(grant_id),
  last_user_id TEXT,
  last_seen_at INTEGER,
  app_version TEXT,
  revoked_at INTEGER,
  revoked_by TEXT,
  revoke_reason TEXT
);
CREATE TABLE IF NOT EXISTS session_families (
  family_id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER,
  expires_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS session_families_by_user ON session_families(user_id, revoked_at);
CREATE INDEX IF NOT EXISTS session_families_by_device ON session_families(device_id, revoked_at);
CREATE TABLE IF NOT EXISTS auth_challenges (
  nonce TEXT PRIMARY KEY,
  device_id TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS refresh_tokens (
  token_hash TEXT PRIMARY KEY,
  family_id TEXT NOT NULL REFERENCES session_families(family_id),
  user_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);
CREATE TABLE IF NOT EXISTS customers (
  customer_id TEXT PRIMARY KEY,
  display_name TEXT NOT NULL,
  email TEXT NOT NULL,
  phone TEXT NOT NULL,
  city TEXT NOT NULL,
  postcode TEXT NOT NULL,
  country TEXT NOT NULL,
  member_since TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS cards (
  card_id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(customer_id),
  pan_hmac TEXT NOT NULL,
  bin TEXT NOT NULL,
  last4 TEXT NOT NULL,
  length INTEGER NOT NULL,
  brand TEXT NOT NULL,
  expiry TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS cards_by_hmac ON cards(pan_hmac);
CREATE INDEX IF NOT EXISTS cards_by_customer ON cards(customer_id);
CREATE TABLE IF NOT EXISTS orders (
  order_id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(customer_id),
  placed_at TEXT NOT NULL,
  status TEXT NOT NULL,
  total_minor INTEGER NOT NULL,
  currency TEXT NOT NULL,
  items TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS orders_by_customer ON orders(customer_id);
CREATE TABLE IF NOT EXISTS payments (
  transaction_id TEXT PRIMARY KEY,
  order_id TEXT NOT NULL REFERENCES orders(order_id),
  card_id TEXT NOT NULL REFERENCES cards(card_id),
  status TEXT NOT NULL,
  amount_minor INTEGER NOT NULL,
  currency TEXT NOT NULL,
  at TEXT NOT NULL,
  refunds TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS payments_by_order ON payments(order_id);
CREATE TABLE IF NOT EXISTS shipments (
  shipment_id TEXT PRIMARY KEY,
  order_id TEXT NOT NULL REFERENCES orders(order_id),
  carrier TEXT NOT NULL,
  tracking_number TEXT NOT NULL,
  status TEXT NOT NULL,
  eta TEXT,
  tracking_url TEXT,
  history TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS shipments_by_order ON shipments(order_id);
CREATE TABLE IF NOT EXISTS subscriptions (
  subscription_id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(customer_id),
  product TEXT NOT NULL,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  started_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  auto_renew INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS subscriptions_by_customer ON subscriptions(customer_id);
CREATE TABLE IF NOT EXISTS subscription_extensions (
  subscription_id TEXT NOT NULL REFERENCES subscriptions(subscription_id),
  days INTEGER NOT NULL,
  reason TEXT NOT NULL,
  by_user_id TEXT NOT NULL,
  at TEXT NOT NULL,
  new_expires_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS notes (
  note_id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(customer_id),
  author_id TEXT NOT NULL,
  author_name TEXT NOT NULL,
  at TEXT NOT NULL,
  text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS notes_by_customer ON notes(customer_id);
-- One row per use of a rolling-window cap on customer access (card lookups and
-- record reads per user, extension days per subscription); refused uses are
-- kept too, so the refusals past a cap can be counted.
CREATE TABLE IF NOT EXISTS access_quota_uses (
  quota TEXT NOT NULL,
  subject TEXT NOT NULL,
  at INTEGER NOT NULL,
  amount INTEGER NOT NULL,
  admitted INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS access_quota_by_subject ON access_quota_uses(quota, subject, at);
CREATE TABLE IF NOT EXISTS audit_events (
  device_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  event TEXT NOT NULL,
  received_at TEXT NOT NULL,
  type TEXT NOT NULL,
  outcome TEXT NOT NULL,
  user_id TEXT,
  at TEXT NOT NULL,
  customer_id TEXT,
  -- Set at insert, never after (the table is append-only): 'device_revoked' for what a revoked desk sent.
  flag TEXT,
  PRIMARY KEY (device_id, seq)
);
CREATE INDEX IF NOT EXISTS audit_by_time ON audit_events(at);
CREATE INDEX IF NOT EXISTS audit_by_user ON audit_events(user_id, at);
CREATE INDEX IF NOT EXISTS audit_by_customer ON audit_events(customer_id, at);
CREATE TABLE IF NOT EXISTS device_heads (
  device_id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,
  hash TEXT NOT NULL,
  -- The latest \`at\` in the chain: a later event may not claim to be older than this (minus the clock skew).
  high_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_batches (
  batch_id TEXT PRIMARY KEY,
  device_id TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  acked_through_seq INTEGER NOT NULL,
  first_seq INTEGER NOT NULL,
  head_hash TEXT NOT NULL,
  signature TEXT NOT NULL,
  flag TEXT
);
CREATE TABLE IF NOT EXISTS alerts (
  alert_id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  severity TEXT NOT NULL,
  raised_at TEXT NOT NULL,
  user_id TEXT,
  device_id TEXT,
  message TEXT NOT NULL,
  occurrences INTEGER NOT NULL,
  last_occurred_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS alerts_by_subject ON alerts(kind, user_id, device_id);
CREATE TABLE IF NOT EXISTS alert_acks (
  alert_id TEXT NOT NULL REFERENCES alerts(alert_id),
  n INTEGER NOT NULL,
  by_user_id TEXT NOT NULL,
  at TEXT NOT NULL,
  note TEXT NOT NULL,
  PRIMARY KEY (alert_id, n)
);
${APPEND_ONLY_TRIGGERS.map((t) => t.sql).join('\n')}

`;
