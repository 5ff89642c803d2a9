// Migration 013: separation of duties in administration (issue 21). An access-review
// sign-off is bound to the review it acknowledged: the review's generatedAt (changes
// after it stay open for the next review) and the hash of its rows, which the gateway
// kept when it generated that review (access_review_generations). An admin's MFA
// reset issues a one-time enrolment code (only its hash kept, with its expiry) that
// the re-enrolment must present. An account keeps who created it (users.created_by),
// so its set-up on its creator's desk is noticed. An enrolment grant can be revoked.
import { INT64, type Engine } from '../dialect.ts';
import type { Migration } from './migration.ts';

const columns = (engine: Engine): string[] => [
  `ALTER TABLE access_reviews ADD COLUMN covers_through ${INT64[engine]}`,
  'ALTER TABLE access_reviews ADD COLUMN review_hash TEXT',
  'ALTER TABLE users ADD COLUMN mfa_reset_hash TEXT',
  'ALTER TABLE users ADD COLUMN created_by TEXT',
  `ALTER TABLE enrolment_grants ADD COLUMN revoked_at ${INT64[engine]}`,
  'ALTER TABLE enrolment_grants ADD COLUMN revoked_by TEXT',
  'ALTER TABLE enrolment_grants ADD COLUMN revoke_reason TEXT',
  `ALTER TABLE users ADD COLUMN mfa_reset_expires_at ${INT64[engine]}`,
  `CREATE TABLE access_review_generations (
  generated_at ${INT64[engine]} NOT NULL,
  review_hash TEXT NOT NULL,
  by_user_id TEXT NOT NULL,
  PRIMARY KEY (generated_at, review_hash)
)`,
];

export const adminSeparation: Migration = {
  version: 13,
  name: 'admin-separation',
  sqlite: columns('sqlite'),
  postgres: columns('postgres'),
};
