// Migration 019: security awareness (PCI DSS 12.6, issue 26). Admins publish
// numbered versions of the security policy and of each training module (a
// module's quiz, with its right answers, stays in the gateway). Each person's
// acknowledgements and quiz attempts are kept, pass or fail, with version,
// time and score; a reminder is sent once per person and due date.
import { INT64, type Engine } from '../dialect.ts';
import type { Migration } from './migration.ts';

const tables = (engine: Engine): string[] => [
  `CREATE TABLE training_policies (
  version INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  published_at ${INT64[engine]} NOT NULL,
  published_by TEXT NOT NULL
)`,
  `CREATE TABLE training_modules (
  module_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  quiz TEXT NOT NULL,
  pass_percent INTEGER NOT NULL,
  published_at ${INT64[engine]} NOT NULL,
  published_by TEXT NOT NULL,
  PRIMARY KEY (module_id, version)
)`,
  `CREATE TABLE training_records (
  record_id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  username TEXT NOT NULL,
  kind TEXT NOT NULL,
  subject TEXT NOT NULL,
  version INTEGER NOT NULL,
  at ${INT64[engine]} NOT NULL,
  score INTEGER,
  passed INTEGER NOT NULL
)`,
  'CREATE INDEX training_records_user ON training_records (user_id, at)',
  `CREATE TABLE training_reminders (
  user_id TEXT NOT NULL,
  due_at ${INT64[engine]} NOT NULL,
  sent_at ${INT64[engine]} NOT NULL,
  PRIMARY KEY (user_id, due_at)
)`,
];

export const securityAwareness: Migration = {
  version: 19,
  name: 'security-awareness',
  sqlite: tables('sqlite'),
  postgres: tables('postgres'),
};
