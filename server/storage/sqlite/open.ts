// Opens (or creates) the gateway's SQLite database: file mode 0600, WAL, and
// synchronous=FULL so an acknowledged audit batch survives a power cut.
import Database from 'better-sqlite3';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { GatewayStore } from '../store.ts';
import { sqliteAlertRepo } from './alert-repo.ts';
import { sqliteAuditRepo } from './audit-repo.ts';
import { sqliteCustomerRepo } from './customer-repo.ts';
import { sqliteIdentityRepo } from './identity-repo.ts';
import { ADDED_COLUMNS, SCHEMA_SQL, SCHEMA_VERSION } from './schema.ts';

export const DATABASE_FILE = 'gateway.sqlite';

export function openSqliteStore(dataDir: string): GatewayStore & { readonly db: Database.Database } {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, DATABASE_FILE);
  closeSync(openSync(path, 'a', 0o600));
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA_SQL);
  for (const { table, column, definition } of ADDED_COLUMNS) {
    const columns = db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${table}')`).all();
    if (!columns.some((c) => c.name === column)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`);
  }
  db.pragma(`user_version = ${SCHEMA_VERSION}`);
  return {
    db,
    identity: sqliteIdentityRepo(db),
    customers: sqliteCustomerRepo(db),
    audit: sqliteAuditRepo(db),
    alerts: sqliteAlertRepo(db),
    close: () => {
      db.close();
    },
  };
}
