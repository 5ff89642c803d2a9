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
  // One row per reviewed day: generated once by the job, signed off once by a named reviewer.
  `CREATE TABLE review_days (
  day TEXT PRIMARY KEY,
  generated_at ${INT64[engine]} NOT NULL,
  signed_at ${INT64[engine]},
  signed_by_user_id TEXT,
  signed_by TEXT,
  overdue_alerted_at ${INT64[engine]}
)`,
  `CREATE TABLE review_findings (
  finding_id TEXT PRIMARY KEY,
  day TEXT NOT NULL REFERENCES review_days (day),
  rule TEXT NOT NULL,
  severity TEXT NOT NULL,
  subject_kind TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  summary TEXT NOT NULL,
  numbers TEXT NOT NULL,
  note TEXT
)`,
  'CREATE INDEX review_findings_by_day ON review_findings (day)',
  // A failure of a critical control: open while any desk (or the gateway) reports it failing, closed only with its analysis.
  `CREATE TABLE incidents (
  incident_id TEXT PRIMARY KEY,
  control TEXT NOT NULL,
  device_ids TEXT NOT NULL,
  failing_device_ids TEXT NOT NULL,
  detected_at ${INT64[engine]} NOT NULL,
  started_at ${INT64[engine]} NOT NULL,
  ended_at ${INT64[engine]},
  closed_at ${INT64[engine]},
  closed_by TEXT,
  closure TEXT
)`,
  'CREATE INDEX incidents_by_start ON incidents (started_at)',
];

export const reviewAndIncidents: Migration = {
  version: 18,
  name: 'review-and-incidents',
  sqlite: statements('sqlite'),
  postgres: statements('postgres'),
};
