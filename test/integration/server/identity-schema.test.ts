// A gateway data folder written by store schema version 1 (no disabled_at, no
// session expires_at, no append-only acks) is refused with a clear message and
// left as it was: its sessions had no absolute lifetime, and there is no
// migration that could honestly give them one.
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, openStore } from '../../../server/storage/open-store.ts';
import { TEST_ENGINE } from '../../harness/database/test-database.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

// The SQLite file's own history; PostgreSQL stores start at migration 001.
describe.runIf(TEST_ENGINE === 'sqlite')('a version-1 gateway file', () => {
  it('is refused at open with the schema versions named, and its contents are untouched', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sentinel-v1-'));
    dirs.push(dir);
    const file = join(dir, DATABASE_FILE);
    const v1 = new Database(file);
    v1.exec(`
      CREATE TABLE users (user_id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL, roles TEXT NOT NULL,
        password_hash TEXT NOT NULL, mfa_secret_sealed TEXT, failed_attempts INTEGER NOT NULL DEFAULT 0, locked_until INTEGER, last_totp_step INTEGER);
      CREATE TABLE session_families (family_id TEXT PRIMARY KEY, user_id TEXT NOT NULL, device_id TEXT NOT NULL, created_at INTEGER NOT NULL, revoked_at INTEGER);
      INSERT INTO users VALUES ('u-old', 'old.user', 'Old User', '["agent"]', '$argon2id$x', NULL, 0, NULL, NULL);
      INSERT INTO session_families VALUES ('f-old', 'u-old', 'desk-old-0001', 1, NULL);
      PRAGMA user_version = 1;
    `);
    v1.close();
    const before = readFileSync(file);

    await expect(openStore({ dataDir: dir })).rejects.toThrow(/store schema 1; this gateway reads schema 2/);

    expect(readFileSync(file).equals(before)).toBe(true);
    const after = new Database(file, { readonly: true });
    try {
      expect(after.prepare('SELECT family_id, revoked_at FROM session_families').all()).toEqual([{ family_id: 'f-old', revoked_at: null }]);
      expect(after.pragma('user_version', { simple: true })).toBe(1);
    } finally {
      after.close();
    }
  });
});
