// Migration 007: the caller's number as a keyed hash (customers.phone_hmac, the
// HMAC of the E.164 form; the gateway fills it for existing rows at start, since
// only it holds the pepper), so a call pops the customers it matches; the calls
// the contact-center platform reports (one row per call, its current state and
// times) and the platform events already applied (a second delivery of one
// changes nothing). A caller's number is kept only as its hash and last 4 digits.
import { INT64, type Engine } from '../dialect.ts';
import type { Migration } from './migration.ts';

function statements(engine: Engine): string[] {
  const ms = INT64[engine];
  return [
    'ALTER TABLE customers ADD COLUMN phone_hmac TEXT',
    'CREATE INDEX customers_phone_hmac ON customers (phone_hmac)',
    `CREATE TABLE calls (
    call_id TEXT PRIMARY KEY,
    platform TEXT NOT NULL,
    platform_call_id TEXT NOT NULL,
    queue TEXT,
    caller_hmac TEXT,
    caller_masked TEXT NOT NULL,
    agent_user_id TEXT,
    state TEXT NOT NULL CHECK (state IN ('waiting', 'ringing', 'on_call', 'held', 'wrap_up', 'ended')),
    offered_at ${ms} NOT NULL,
    state_since ${ms} NOT NULL,
    answered_at ${ms},
    ended_at ${ms},
    wrapped_at ${ms},
    abandoned INTEGER NOT NULL DEFAULT 0,
    popped_to TEXT,
    updated_at ${ms} NOT NULL,
    UNIQUE (platform, platform_call_id)
  )`,
    'CREATE INDEX calls_agent_state ON calls (agent_user_id, state)',
    'CREATE INDEX calls_state ON calls (state)',
    'CREATE INDEX calls_ended_at ON calls (ended_at)',
    'CREATE INDEX calls_answered_at ON calls (answered_at)',
    `CREATE TABLE contact_events (
    platform TEXT NOT NULL,
    event_id TEXT NOT NULL,
    call_id TEXT NOT NULL REFERENCES calls(call_id),
    kind TEXT NOT NULL,
    at ${ms} NOT NULL,
    received_at ${ms} NOT NULL,
    PRIMARY KEY (platform, event_id)
  )`,
  ];
}

export const phoneAndCalls: Migration = {
  version: 7,
  name: 'phone-and-calls',
  sqlite: statements('sqlite'),
  postgres: statements('postgres'),
};
