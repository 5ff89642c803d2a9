// A gateway data folder written by schema version 1 (no disabled_at, no session
// expires_at) opens under the current schema, and the sessions it held have ended:
// they had no absolute lifetime, so none is assumed for them.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, openSqliteStore } from '../../../server/storage/sqlite/open.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('identity tables of a version-1 file', () => {
  it('gain the new columns at open; an old session ends at 0, so it has ended, and an old user is not disabled', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sentinel-v1-'));
    dirs.push(dir);
    const v1 = new Database(join(dir, DATABASE_FILE));
    v1.exec(`
      CREATE TABLE users (user_id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL, roles TEXT NOT NULL,
        password_hash TEXT NOT NULL, mfa_secret_sealed TEXT, failed_attempts INTEGER NOT NULL DEFAULT 0, locked_until INTEGER, last_totp_step INTEGER);
      CREATE TABLE session_families (family_id TEXT PRIMARY KEY, user_id TEXT NOT NULL, device_id TEXT NOT NULL, created_at INTEGER NOT NULL, revoked_at INTEGER);
      INSERT INTO users VALUES ('u-old', 'old.user', 'Old User', '["agent"]', '$argon2id$x', NULL, 0, NULL, NULL);
      INSERT INTO session_families VALUES ('f-old', 'u-old', 'desk-old-0001', 1, NULL);
      PRAGMA user_version = 1;
    `);
    v1.close();

    const store = openSqliteStore(dir);
    try {
      expect(await store.identity.findUserById('u-old')).toMatchObject({ username: 'old.user', disabledAt: null });
      expect(await store.identity.findSessionFamily('f-old')).toMatchObject({ revokedAt: null, expiresAt: 0 });
      expect(store.db.pragma('user_version', { simple: true })).toBe(2);
    } finally {
      store.close();
    }
  });
});
