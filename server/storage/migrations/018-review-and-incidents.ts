// Migration 018: teams, the daily log review and control-failure incidents
// (issue 26, PCI DSS 10.4.1.1 and 10.7.2/10.7.3). An account belongs to at most
// one team (team_members' key), so a move is one upsert and per-team figures
// never count a person twice.
import { INT64, type Engine } from '../dialect.ts';
import type { Migration } from './migration.ts';

const statements = (engine: Engine): string[] => [
  `CREATE TABLE teams (
  team_id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at ${INT64[engine]} NOT NULL,
  created_by TEXT NOT NULL
)`,
  `CREATE TABLE team_members (
  user_id TEXT PRIMARY KEY REFERENCES users (user_id),
  team_id TEXT NOT NULL REFERENCES teams (team_id),
  assigned_at ${INT64[engine]} NOT NULL,
  assigned_by TEXT NOT NULL
)`,
  'CREATE INDEX team_members_by_team ON team_members (team_id)',
];

export const reviewAndIncidents: Migration = {
  version: 18,
  name: 'review-and-incidents',
  sqlite: statements('sqlite'),
  postgres: statements('postgres'),
};
