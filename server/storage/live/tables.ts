// The tables that hold what a gateway instance used to keep in memory, so any
// instance can answer for any desk: presence, the live change feed, rolling
// windows (ingest quotas, failed sign-ins, card lookups) and sign-in slots.
// Epoch-millisecond columns are INTEGER on SQLite and BIGINT on PostgreSQL.
import type { Generated } from 'kysely';

export interface LiveFeedTable {
  /** Grows in commit order on both engines (see feed-repo.ts): the SSE event id. */
  id: Generated<number>;
  kind: string;
  /** The stream event's data as JSON text, card numbers already masked. */
  data: string;
  at: number;
}

export interface PresenceTable {
  device_id: string;
  user_id: string;
  username: string;
  display_name: string;
  /** JSON array of roles. */
  roles: string;
  state: string;
  capture_protection: string;
  queue_depth: number;
  app_version: string;
  last_seen_at: number;
  state_since: number;
  audit_integrity: string;
  /** The session the device's heartbeats belong to; null once it signed out. */
  family_id: string | null;
  /** Since when the desk has held an access token (could sync); null while locked. */
  syncable_since: number | null;
  /** Grows with each hearing: which of two desks heard in the same millisecond was heard last. */
  heard_order: Generated<number>;
}

export interface HeartbeatSeenTable {
  device_id: string;
  /** The newest signing time accepted: an older or equal one is a replay. */
  sent_at: number;
}

export interface IngestChargesTable {
  subject: string;
  at: number;
  events: number;
  bytes: number;
}

export interface WindowHitsTable {
  window_name: string;
  subject: string;
  at: number;
}

export interface SourceAlertsTable {
  source: string;
  alert_id: string;
  at: number;
}

export interface AttemptSlotsTable {
  user_id: string;
  in_flight: number;
  /** Past this the count is stale (its holders died): the next attempt starts it again. */
  expires_at: number;
}

export interface LiveTables {
  live_feed: LiveFeedTable;
  presence: PresenceTable;
  heartbeat_seen: HeartbeatSeenTable;
  ingest_charges: IngestChargesTable;
  window_hits: WindowHitsTable;
  source_alerts: SourceAlertsTable;
  attempt_slots: AttemptSlotsTable;
}
