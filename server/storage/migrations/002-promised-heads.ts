// Migration 002: the promised audit heads of the desks' signed heartbeats. Before
// migrations the repo created this table itself, so an adopted file may have it.
import type { Migration } from './migration.ts';

export const promisedHeads: Migration = {
  version: 2,
  name: 'promised-heads',
  sqlite: [
    `CREATE TABLE IF NOT EXISTS device_promised_heads (
    device_id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL,
    await_seq INTEGER,
    await_since INTEGER
  ) STRICT`,
  ],
  postgres: [
    `CREATE TABLE device_promised_heads (
    device_id TEXT PRIMARY KEY,
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL,
    await_seq BIGINT,
    await_since BIGINT
  )`,
  ],
};
