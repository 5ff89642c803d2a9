// Migration 014: a lock is also the gateway's state (issue 21). A desk's
// signed heartbeat that says "locked" marks its session locked; until the
// desk unlocks (reauth), the session's tokens reach nothing and its refresh
// token is refused. `unlocked_at` keeps a heartbeat signed before the unlock,
// but delivered after it, from locking the session again.
import { INT64 } from '../dialect.ts';
import type { Migration } from './migration.ts';

export const sessionLock: Migration = {
  version: 14,
  name: 'session-lock',
  sqlite: [`ALTER TABLE session_families ADD COLUMN locked_at ${INT64.sqlite}`, `ALTER TABLE session_families ADD COLUMN unlocked_at ${INT64.sqlite}`],
  postgres: [`ALTER TABLE session_families ADD COLUMN locked_at ${INT64.postgres}`, `ALTER TABLE session_families ADD COLUMN unlocked_at ${INT64.postgres}`],
};
