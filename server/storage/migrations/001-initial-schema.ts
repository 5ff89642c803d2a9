// Migration 001: the schema the gateway had before versioned migrations (its
// SQLite files carry user_version 2 and are adopted as "001 applied"). The
// PostgreSQL form is the same tables with BIGINT epoch milliseconds, sequence
// positions where SQLite uses its rowid, and audit_events range-partitioned by
// month on its event time.
import { appendOnlyStatements } from '../append-only.ts';
import { INT64 } from '../dialect.ts';
import type { Migration } from './migration.ts';

/** The statements of one SQL script; none of these contains a semicolon of its own. */
const statements = (script: string): string[] =>
  script
    .split(/;\s*\n/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0 && !/^(--[^\n]*\n?)*$/.test(s));

/** What migration 001's tables spell differently on each engine. */
interface Spelling {
  /** SQLite's statements may run again (the last unversioned gateway ran them at every start); PostgreSQL's run once. */
  readonly create: 'CREATE TABLE IF NOT EXISTS' | 'CREATE TABLE';
  readonly index: 'CREATE INDEX IF NOT EXISTS' | 'CREATE INDEX';
  readonly int64: (typeof INT64)[keyof typeof INT64];
  /** Text only PostgreSQL has: sequence positions where SQLite uses its rowid, and audit_events's month partitions. */
  readonly pg: (text: string) => string;
}

const SQLITE: Spelling = { create: 'CREATE TABLE IF NOT EXISTS', index: 'CREATE INDEX IF NOT EXISTS', int64: INT64.sqlite, pg: () => '' };
const POSTGRES: Spelling = { create: 'CREATE TABLE', index: 'CREATE INDEX', int64: INT64.postgres, pg: (text) => text };

// The tables, written once for both engines. On PostgreSQL event time is ISO-8601 text compared
// byte for byte (COLLATE "C"), so a month's partition is the range ['YYYY-MM',
// next 'YYYY-MM'). The primary key carries the partition key; a device's seq
// stays unique because its chain head moves by compare-and-set (see the audit repo).
const tables = ({ create, index, int64, pg }: Spelling): string => `
${create} users (
  user_id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  roles TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  mfa_secret_sealed TEXT,
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  locked_until ${int64},
  last_totp_step ${int64},
  disabled_at ${int64}
);
${create} devices (
  device_id TEXT PRIMARY KEY,
  public_key TEXT NOT NULL,
  enrolled_at ${int64} NOT NULL,
  enrolled_by TEXT NOT NULL
);
${create} session_families (
  family_id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  created_at ${int64} NOT NULL,
  revoked_at ${int64},
  expires_at ${int64} NOT NULL DEFAULT 0
);
${index} session_families_by_user ON session_families(user_id, revoked_at);
${create} auth_challenges (
  nonce TEXT PRIMARY KEY,
  device_id TEXT NOT NULL,
  expires_at ${int64} NOT NULL
);
${create} refresh_tokens (
  token_hash TEXT PRIMARY KEY,
  family_id TEXT NOT NULL REFERENCES session_families(family_id),
  user_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  expires_at ${int64} NOT NULL,
  used_at ${int64}
);
${create} customers (
  customer_id TEXT PRIMARY KEY,
  display_name TEXT NOT NULL,
  email TEXT NOT NULL,
  phone TEXT NOT NULL,
  city TEXT NOT NULL,
  postcode TEXT NOT NULL,
  country TEXT NOT NULL,
  member_since TEXT NOT NULL
);
${create} cards (
  card_id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(customer_id),
  pan_hmac TEXT NOT NULL,
  bin TEXT NOT NULL,
  last4 TEXT NOT NULL,
  length INTEGER NOT NULL,
  brand TEXT NOT NULL,
  expiry TEXT NOT NULL
);
${index} cards_by_hmac ON cards(pan_hmac);
${index} cards_by_customer ON cards(customer_id);
${create} orders (
  order_id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(customer_id),
  placed_at TEXT NOT NULL,
  status TEXT NOT NULL,
  total_minor ${int64} NOT NULL,
  currency TEXT NOT NULL,
  items TEXT NOT NULL
);
${index} orders_by_customer ON orders(customer_id);
${create} payments (
  transaction_id TEXT PRIMARY KEY,
  order_id TEXT NOT NULL REFERENCES orders(order_id),
  card_id TEXT NOT NULL REFERENCES cards(card_id),
  status TEXT NOT NULL,
  amount_minor ${int64} NOT NULL,
  currency TEXT NOT NULL,
  at TEXT NOT NULL,
  refunds TEXT NOT NULL DEFAULT '[]'
);
${index} payments_by_order ON payments(order_id);
${create} shipments (
  shipment_id TEXT PRIMARY KEY,
  order_id TEXT NOT NULL REFERENCES orders(order_id),
  carrier TEXT NOT NULL,
  tracking_number TEXT NOT NULL,
  status TEXT NOT NULL,
  eta TEXT,
  tracking_url TEXT,
  history TEXT NOT NULL
);
${index} shipments_by_order ON shipments(order_id);
${create} subscriptions (
  subscription_id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(customer_id),
  product TEXT NOT NULL,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  started_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  auto_renew INTEGER NOT NULL
);
${index} subscriptions_by_customer ON subscriptions(customer_id);
${create} subscription_extensions (
  subscription_id TEXT NOT NULL REFERENCES subscriptions(subscription_id),
  days INTEGER NOT NULL,
  reason TEXT NOT NULL,
  by_user_id TEXT NOT NULL,
  at TEXT NOT NULL,
  new_expires_at TEXT NOT NULL
);
${create} notes (
  note_id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(customer_id),
  author_id TEXT NOT NULL,
  author_name TEXT NOT NULL,
  at TEXT NOT NULL,
  text TEXT NOT NULL
);
${index} notes_by_customer ON notes(customer_id);
-- One row per use of a rolling-window cap on customer access (card lookups and
-- record reads per user, extension days per subscription); refused uses are
-- kept too, so the refusals past a cap can be counted.
${create} access_quota_uses (${pg('\n  use_id BIGSERIAL PRIMARY KEY,')}
  quota TEXT NOT NULL,
  subject TEXT NOT NULL,
  at ${int64} NOT NULL,
  amount INTEGER NOT NULL,
  admitted INTEGER NOT NULL
);
${index} access_quota_by_subject ON access_quota_uses(quota, subject, at);
${create} audit_events (${pg('\n  position BIGSERIAL NOT NULL,')}
  device_id TEXT NOT NULL,
  seq ${int64} NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  event TEXT NOT NULL,
  received_at TEXT NOT NULL,
  type TEXT NOT NULL,
  outcome TEXT NOT NULL,
  user_id TEXT,
  at TEXT${pg(' COLLATE "C"')} NOT NULL,
  customer_id TEXT,
  PRIMARY KEY (device_id, seq${pg(', at')})
)${pg(` PARTITION BY RANGE (at);
CREATE TABLE audit_events_default PARTITION OF audit_events DEFAULT;
CREATE INDEX audit_by_position ON audit_events(position)`)};
${index} audit_by_time ON audit_events(at);
${index} audit_by_user ON audit_events(user_id, at);
${index} audit_by_customer ON audit_events(customer_id, at);
${create} device_heads (
  device_id TEXT PRIMARY KEY,
  seq ${int64} NOT NULL,
  hash TEXT NOT NULL,
  -- The latest \`at\` in the chain: a later event may not claim to be older than this (minus the clock skew).
  high_at TEXT NOT NULL
);
${create} audit_batches (
  batch_id TEXT PRIMARY KEY,
  device_id TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  acked_through_seq ${int64} NOT NULL,
  first_seq ${int64} NOT NULL,
  head_hash TEXT NOT NULL,
  signature TEXT NOT NULL
);
${create} alerts (
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
${index} alerts_by_subject ON alerts(kind, user_id, device_id);
${create} alert_acks (
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
  sqlite: [...statements(tables(SQLITE)), ...appendOnlyStatements('sqlite')],
  postgres: [
    ...statements(tables(POSTGRES)),
    POSTGRES_PARTITION_FUNCTION,
    "SELECT sentinel_ensure_audit_partition(now())",
    "SELECT sentinel_ensure_audit_partition(now() + interval '1 month')",
    ...appendOnlyStatements('postgres'),
  ],
};
