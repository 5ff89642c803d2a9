// Migration 017: desk updates (issue 28). How far each signed release is let
// out (stage, percent, paused, pulled) and who changed it last; each desk's
// update ring; each desk's last update check (its version), which the patch
// report and the minimum-version rule read.
import { INT64 } from '../dialect.ts';
import type { Migration } from './migration.ts';

const statements = (int64: string): string[] => [
  `CREATE TABLE update_rollouts (
    version TEXT PRIMARY KEY,
    stage TEXT NOT NULL CHECK (stage IN ('held', 'pilot', 'broad')),
    percent INTEGER NOT NULL CHECK (percent BETWEEN 0 AND 100),
    paused INTEGER NOT NULL CHECK (paused IN (0, 1)),
    pulled INTEGER NOT NULL CHECK (pulled IN (0, 1)),
    changed_at ${int64} NOT NULL,
    changed_by TEXT NOT NULL
  )`,
  `CREATE TABLE update_device_rings (
    device_id TEXT PRIMARY KEY,
    ring TEXT NOT NULL CHECK (ring IN ('pilot', 'broad'))
  )`,
  `CREATE TABLE update_checks (
    device_id TEXT PRIMARY KEY,
    version TEXT NOT NULL,
    checked_at ${int64} NOT NULL,
    user_id TEXT
  )`,
];

export const deskUpdates: Migration = {
  version: 17,
  name: 'desk-updates',
  sqlite: statements(INT64.sqlite),
  postgres: statements(INT64.postgres),
};
