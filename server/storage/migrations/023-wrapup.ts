// Migration 023: wrap-up (issue 24). Admins keep the disposition codes and note
// templates (retired, never deleted, so old wrap-ups still name their code);
// each customer contact an agent ends leaves one wrap-up row with its code, the
// agent, the time, and the customer note holding its free text, if any.
import { INT64, type Engine } from '../dialect.ts';
import type { Migration } from './migration.ts';

const tables = (engine: Engine): string[] => [
  `CREATE TABLE wrapup_codes (
  code TEXT PRIMARY KEY,
  label TEXT NOT NULL,
  created_at ${INT64[engine]} NOT NULL,
  created_by TEXT NOT NULL,
  retired_at ${INT64[engine]}
)`,
  `CREATE TABLE note_templates (
  template_id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at ${INT64[engine]} NOT NULL,
  created_by TEXT NOT NULL,
  retired_at ${INT64[engine]}
)`,
  `CREATE TABLE wrapups (
  wrapup_id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL,
  code TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  agent_name TEXT NOT NULL,
  at ${INT64[engine]} NOT NULL,
  note_id TEXT
)`,
  'CREATE INDEX wrapups_at ON wrapups (at)',
  'CREATE INDEX wrapups_customer ON wrapups (customer_id)',
];

export const wrapup: Migration = {
  version: 23,
  name: 'wrapup',
  sqlite: tables('sqlite'),
  postgres: tables('postgres'),
};
