// Migration 001: the schema the gateway had before versioned migrations (its
// SQLite files carry user_version 2 and are adopted as "001 applied"). The
// PostgreSQL form is the same tables with BIGINT epoch milliseconds, sequence
// positions where SQLite uses its rowid, and audit_events range-partitioned by
// month on its event time.
import { appendOnlyStatements } from '../append-only.ts';
import type { Migration } from './migration.ts';

/** The statements of one SQL script; none of these contains a semicolon of its own. */
const statements = (script: string): string[] =>
  script
    .split(/;\s*\n/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0 && !/^(--[^\n]*\n?)*$/.test(s));

const SQLITE_TABLES = `
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
  disabled_at INTEGER
);
CREATE TABLE IF NOT EXISTS devices (
  device_id TEXT PRIMARY KEY,
  public_key TEXT NOT NULL,
  enrolled_at INTEGER NOT NULL,
  enrolled_by TEXT NOT NULL
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
  signature TEXT NOT NULL
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
`;

// Event time is ISO-8601 text compared byte for byte (COLLATE "C"), so a month's
// partition is the range ['YYYY-MM', next 'YYYY-MM'). The primary key carries
// the partition key; a device's seq stays unique because its chain head moves
// by compare-and-set (see the audit repo).
const POSTGRES_TABLES = `
CREATE TABLE users (
  user_id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  roles TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  mfa_secret_sealed TEXT,
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  locked_until BIGINT,
  last_totp_step BIGINT,
  disabled_at BIGINT
);
CREATE TABLE devices (
  device_id TEXT PRIMARY KEY,
  public_key TEXT NOT NULL,
  enrolled_at BIGINT NOT NULL,
  enrolled_by TEXT NOT NULL
);
CREATE TABLE session_families (
  family_id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  revoked_at BIGINT,
  expires_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX session_families_by_user ON session_families(user_id, revoked_at);
CREATE TABLE auth_challenges (
  nonce TEXT PRIMARY KEY,
  device_id TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE TABLE refresh_tokens (
  token_hash TEXT PRIMARY KEY,
  family_id TEXT NOT NULL REFERENCES session_families(family_id),
  user_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT
);
CREATE TABLE customers (
  customer_id TEXT PRIMARY KEY,
  display_name TEXT NOT NULL,
  email TEXT NOT NULL,
  phone TEXT NOT NULL,
  city TEXT NOT NULL,
  postcode TEXT NOT NULL,
  country TEXT NOT NULL,
  member_since TEXT NOT NULL
);
CREATE TABLE cards (
  card_id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(customer_id),
  pan_hmac TEXT NOT NULL,
  bin TEXT NOT NULL,
  last4 TEXT NOT NULL,
  length INTEGER NOT NULL,
  brand TEXT NOT NULL,
  expiry TEXT NOT NULL
);
CREATE INDEX cards_by_hmac ON cards(pan_hmac);
CREATE INDEX cards_by_customer ON cards(customer_id);
CREATE TABLE orders (
  order_id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(customer_id),
  placed_at TEXT NOT NULL,
  status TEXT NOT NULL,
  total_minor BIGINT NOT NULL,
  currency TEXT NOT NULL,
  items TEXT NOT NULL
);
CREATE INDEX orders_by_customer ON orders(customer_id);
CREATE TABLE payments (
  transaction_id TEXT PRIMARY KEY,
  order_id TEXT NOT NULL REFERENCES orders(order_id),
  card_id TEXT NOT NULL REFERENCES cards(card_id),
  status TEXT NOT NULL,
  amount_minor BIGINT NOT NULL,
  currency TEXT NOT NULL,
  at TEXT NOT NULL,
  refunds TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX payments_by_order ON payments(order_id);
CREATE TABLE shipments (
  shipment_id TEXT PRIMARY KEY,
  order_id TEXT NOT NULL REFERENCES orders(order_id),
  carrier TEXT NOT NULL,
  tracking_number TEXT NOT NULL,
  status TEXT NOT NULL,
  eta TEXT,
  tracking_url TEXT,
  history TEXT NOT NULL
);
CREATE INDEX shipments_by_order ON shipments(order_id);
CREATE TABLE subscriptions (
  subscription_id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(customer_id),
  product TEXT NOT NULL,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  started_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  auto_renew INTEGER NOT NULL
);
CREATE INDEX subscriptions_by_customer ON subscriptions(customer_id);
CREATE TABLE subscription_extensions (
  subscription_id TEXT NOT NULL REFERENCES subscriptions(subscription_id),
  days INTEGER NOT NULL,
  reason TEXT NOT NULL,
  by_user_id TEXT NOT NULL,
  at TEXT NOT NULL,
  new_expires_at TEXT NOT NULL
);
CREATE TABLE notes (
  note_id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(customer_id),
  author_id TEXT NOT NULL,
  author_name TEXT NOT NULL,
  at TEXT NOT NULL,
  text TEXT NOT NULL
);
CREATE INDEX notes_by_customer ON notes(customer_id);
CREATE TABLE access_quota_uses (
  use_id BIGSERIAL PRIMARY KEY,
  quota TEXT NOT NULL,
  subject TEXT NOT NULL,
  at BIGINT NOT NULL,
  amount INTEGER NOT NULL,
  admitted INTEGER NOT NULL
);
CREATE INDEX access_quota_by_subject ON access_quota_uses(quota, subject, at);
CREATE TABLE audit_events (
  position BIGSERIAL NOT NULL,
  device_id TEXT NOT NULL,
  seq BIGINT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  event TEXT NOT NULL,
  received_at TEXT NOT NULL,
  type TEXT NOT NULL,
  outcome TEXT NOT NULL,
  user_id TEXT,
  at TEXT COLLATE "C" NOT NULL,
  customer_id TEXT,
  PRIMARY KEY (device_id, seq, at)
) PARTITION BY RANGE (at);
CREATE TABLE audit_events_default PARTITION OF audit_events DEFAULT;
CREATE INDEX audit_by_position ON audit_events(position);
CREATE INDEX audit_by_time ON audit_events(at);
CREATE INDEX audit_by_user ON audit_events(user_id, at);
CREATE INDEX audit_by_customer ON audit_events(customer_id, at);
CREATE TABLE device_heads (
  device_id TEXT PRIMARY KEY,
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL,
  high_at TEXT NOT NULL
);
CREATE TABLE audit_batches (
  batch_id TEXT PRIMARY KEY,
  device_id TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  acked_through_seq BIGINT NOT NULL,
  first_seq BIGINT NOT NULL,
  head_hash TEXT NOT NULL,
  signature TEXT NOT NULL
);
CREATE TABLE alerts (
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
CREATE INDEX alerts_by_subject ON alerts(kind, user_id, device_id);
CREATE TABLE alert_acks (
  alert_id TEXT NOT NULL REFERENCES alerts(alert_id),
  n INTEGER NOT NULL,
  by_user_id TEXT NOT NULL,
  at TEXT NOT NULL,
  note TEXT NOT NULL,
  PRIMARY KEY (alert_id, n)
);
`;

/**
 * Creates the month partition of audit_events holding `month` (any timestamp in
 * it) unless it exists; returns its name. Retention maintenance calls it ahead
 * of each month, and detaches old months for the archive step.
 */
const POSTGRES_PARTITION_FUNCTION = `
CREATE OR REPLACE FUNCTION sentinel_ensure_audit_partition(month timestamptz) RETURNS text LANGUAGE plpgsql AS $fn$
DECLARE
  first_day date := date_trunc('month', month AT TIME ZONE 'UTC')::date;
  name text := format('audit_events_%s', to_char(first_day, 'YYYY_MM'));
BEGIN
  IF to_regclass(name) IS NULL THEN
    EXECUTE format('CREATE TABLE %I PARTITION OF audit_events FOR VALUES FROM (%L) TO (%L)',
      name, to_char(first_day, 'YYYY-MM'), to_char(first_day + interval '1 month', 'YYYY-MM'));
  END IF;
  RETURN name;
END;
$fn$`;

export const initialSchema: Migration = {
  version: 1,
  name: 'initial-schema',
  sqlite: [...statements(SQLITE_TABLES), ...appendOnlyStatements('sqlite')],
  postgres: [
    ...statements(POSTGRES_TABLES),
    POSTGRES_PARTITION_FUNCTION,
    "SELECT sentinel_ensure_audit_partition(now())",
    "SELECT sentinel_ensure_audit_partition(now() + interval '1 month')",
    ...appendOnlyStatements('postgres'),
  ],
};
