// The SQLite schema of the embedded gateway store. Cards hold no PAN: only its
// keyed HMAC, BIN, last 4, length and brand. Audit rows are append-only
// (triggers refuse UPDATE and DELETE).
export const SCHEMA_VERSION = 1;

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS users (
  user_id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  roles TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  mfa_secret_sealed TEXT,
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER,
  last_totp_step INTEGER
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
  revoked_at INTEGER
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
CREATE TRIGGER IF NOT EXISTS audit_events_no_update BEFORE UPDATE ON audit_events
  BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_events_no_delete BEFORE DELETE ON audit_events
  BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
CREATE TABLE IF NOT EXISTS device_heads (
  device_id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,
  hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_batches (
  batch_id TEXT PRIMARY KEY,
  device_id TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  acked_through_seq INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS alerts (
  alert_id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  raised_at TEXT NOT NULL,
  user_id TEXT,
  device_id TEXT,
  body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS alerts_open ON alerts(status, kind);
`;
