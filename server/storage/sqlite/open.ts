// Opens (or creates) the gateway's SQLite database: file mode 0600, WAL, and
// synchronous=FULL so an acknowledged audit batch survives a power cut.
import Database from 'better-sqlite3';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { GatewayStore } from '../store.ts';
import { sqliteAdminRepo } from './admin-repo.ts';
import { sqliteAlertRepo } from './alert-repo.ts';
import { sqliteAuditRepo } from './audit-repo.ts';
import { sqliteCustomerRepo } from './customer-repo.ts';
import { sqliteDeviceRepo } from './device-repo.ts';
import { sqliteIdentityRepo } from './identity-repo.ts';
import { APPEND_ONLY_TRIGGERS, SCHEMA_SQL, SCHEMA_VERSION } from './schema.ts';

export const DATABASE_FILE = 'gateway.sqlite';

export function openSqliteStore(dataDir: string): GatewayStore & { readonly db: Database.Database } {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, DATABASE_FILE);
  closeSync(openSync(path, 'a', 0o600));
  const db = new Database(path);
  // Read the version before any pragma writes: a file this gateway refuses is left exactly as it was.
  const version = Number(db.pragma('user_version', { simple: true }));
  if (version !== 0 && version !== SCHEMA_VERSION) {
    db.close();
    throw new Error(`${path} has store schema ${version}; this gateway reads schema ${SCHEMA_VERSION} and has no migration from it`);
  }
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Creating the schema would quietly put back a dropped trigger: note which are gone first, so the verifier reports them.
  const triggersMissingAtOpen = version === 0 ? [] : missingTriggers(db);
  db.exec(SCHEMA_SQL);
  db.pragma(`user_version = ${SCHEMA_VERSION}`);
  return {
    db,
    identity: sqliteIdentityRepo(db),
    admin: sqliteAdminRepo(db),
    devices: sqliteDeviceRepo(db),
    customers: sqliteCustomerRepo(db),
    audit: sqliteAuditRepo(db, { triggersMissingAtOpen }),
    alerts: sqliteAlertRepo(db),
    close: () => {
      db.close();
    },
  };
}

function missingTriggers(db: Database.Database): string[] {
  const present = new Set(db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'trigger'").all().map((r) => r.name));
  return APPEND_ONLY_TRIGGERS.map((t) => t.name).filter((name) => !present.has(name));
}
