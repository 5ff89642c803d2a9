// DDL of the live-state tables (tables.ts), per engine: migration 003.
import { INT64, type Engine } from '../dialect.ts';

const COMMON = (epoch: string): string => `
CREATE TABLE IF NOT EXISTS presence (
  device_id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  username TEXT NOT NULL,
  display_name TEXT NOT NULL,
  roles TEXT NOT NULL,
  state TEXT NOT NULL,
  capture_protection TEXT NOT NULL,
  queue_depth INTEGER NOT NULL,
  app_version TEXT NOT NULL,
  last_seen_at ${epoch} NOT NULL,
  state_since ${epoch} NOT NULL,
  audit_integrity TEXT NOT NULL,
  family_id TEXT,
  syncable_since ${epoch},
  heard_order BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS presence_by_seen ON presence(state, last_seen_at);
-- Each hearing reads the newest heard_order: an index keeps that one lookup, not a scan of every desk.
CREATE INDEX IF NOT EXISTS presence_by_hearing ON presence(heard_order);
CREATE TABLE IF NOT EXISTS heartbeat_seen (
  device_id TEXT PRIMARY KEY,
  sent_at ${epoch} NOT NULL
);
CREATE TABLE IF NOT EXISTS ingest_charges (
  subject TEXT NOT NULL,
  at ${epoch} NOT NULL,
  events INTEGER NOT NULL,
  bytes INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS ingest_charges_by_subject ON ingest_charges(subject, at);
CREATE TABLE IF NOT EXISTS window_hits (
  window_name TEXT NOT NULL,
  subject TEXT NOT NULL,
  at ${epoch} NOT NULL
);
CREATE INDEX IF NOT EXISTS window_hits_by_subject ON window_hits(window_name, subject, at);
CREATE INDEX IF NOT EXISTS window_hits_by_time ON window_hits(at);
CREATE TABLE IF NOT EXISTS source_alerts (
  source TEXT PRIMARY KEY,
  alert_id TEXT NOT NULL,
  at ${epoch} NOT NULL
);
CREATE TABLE IF NOT EXISTS attempt_slots (
  user_id TEXT PRIMARY KEY,
  in_flight INTEGER NOT NULL,
  expires_at ${epoch} NOT NULL
)`;

const feed = (engine: Engine): string => `CREATE TABLE IF NOT EXISTS live_feed (
  id ${engine === 'sqlite' ? 'INTEGER PRIMARY KEY AUTOINCREMENT' : 'BIGSERIAL PRIMARY KEY'},
  kind TEXT NOT NULL,
  data TEXT NOT NULL,
  at ${INT64[engine]} NOT NULL
)`;

/** The statements that create the live-state tables on `engine`; each is idempotent. */
export function liveSchemaStatements(engine: Engine): string[] {
  const common = COMMON(INT64[engine]);
  return [feed(engine), ...common.split(/;\s*\n/).map((s) => s.trim()).filter((s) => s.length > 0)];
}
