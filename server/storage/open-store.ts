// Opens the gateway's store on the engine the operator chose: no database
// option is the embedded SQLite file in the data folder (mode 0600, WAL,
// synchronous=FULL so an acknowledged audit batch survives a power cut); a
// postgres:// URL is a PostgreSQL pool. Pending migrations run before use.
// Everything that differs by engine is decided here; the store it returns
// looks the same on both.
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { Storage } from './dialect.ts';
import { SqliteImmediateDialect } from './sqlite-immediate-dialect.ts';
import { withStatementCache } from './statement-cache.ts';
import { LATEST_VERSION, migrate, migrationsCurrent, MIGRATIONS_TABLE_SQL } from './migrations/run.ts';
import { kyselyAdminApprovalRepo } from './repos/admin-approval-repo.ts';
import { kyselyAdminRepo } from './repos/admin-repo.ts';
import { kyselyScimRepo } from './repos/scim-repo.ts';
import { kyselyTrainingRepo } from './repos/training-repo.ts';
import { kyselyWrapupRepo } from './repos/wrapup-repo.ts';
import { kyselyPrivacyRepo } from './repos/privacy-repo.ts';
import { kyselyReportRepo } from './repos/report-repo.ts';
import { kyselyEvidenceRepo } from './repos/evidence-repo.ts';
import { kyselyAlertRepo } from './repos/alert-repo.ts';
import { kyselyAuditRepo } from './repos/audit-repo.ts';
import { kyselyTransparencyLogRepo } from './repos/tlog-repo.ts';
import { kyselyAuditExportRepo } from './repos/audit-export-repo.ts';
import { kyselyCallRepo } from './repos/call-repo.ts';
import { kyselyCustomerRepo } from './repos/customer-repo.ts';
import { customerKeys, type PersonalSealing } from './repos/customer-keys.ts';
import { sealPlaintextRows } from './repos/plaintext-sealing.ts';
import { kyselyDeviceHeadRepo } from './repos/device-head-repo.ts';
import { kyselyUpdateRepo } from './repos/update-repo.ts';
import { kyselyDeviceRepo } from './repos/device-repo.ts';
import { kyselyIdentityRepo } from './repos/identity-repo.ts';
import { kyselySsoRepo } from './repos/sso-repo.ts';
import { kyselyRecordRepo } from './repos/record-repo.ts';
import { kyselyServiceAccountRepo } from './repos/service-account-repo.ts';
import { kyselyTeamRepo } from './repos/team-repo.ts';
import { kyselyReviewRepo } from './repos/review-repo.ts';
import { kyselyIncidentRepo } from './repos/incident-repo.ts';
import { inPlaceRetentionRepo } from './repos/in-place-retention-repo.ts';
import { kyselyRetentionRepo } from './repos/retention-repo.ts';
import { liveStateStore } from './live/open.ts';
import { listenForFeed } from './live/pg-listen.ts';
import type { GatewayStore, RetentionRepo, StoreReadiness } from './store.ts';
import { isPostgresUrl } from './store-location.ts';
import type { Database as Tables } from './tables.ts';

export const DATABASE_FILE = 'gateway.sqlite';
/** The SQLite user_version of files written before versioned migrations: their schema is migration 001. */
export const PRE_MIGRATION_SCHEMA = 2;

export interface OpenStoreOptions {
  readonly dataDir: string;
  /** A postgres:// (or postgresql://) URL; absent for the embedded SQLite file. */
  readonly database?: string | undefined;
  /**
   * The boxes over the seal key that seal customers' personal data (repos/customer-keys.ts). Without them the
   * store still opens (the audit and archive tools need no more), but refuses to read or write personal data.
   */
  readonly sealing?: PersonalSealing | undefined;
}

export async function openStore(options: OpenStoreOptions): Promise<GatewayStore> {
  const { database } = options;
  if (database === undefined || database === '') return storeOver(openSqlite(options.dataDir), options.sealing);
  if (!isPostgresUrl(database)) throw new Error('--database must be a postgres:// URL (leave it out for the embedded SQLite file)');
  return storeOver(openPostgres(database), options.sealing);
}

/** An opened database and what its engine does for retention and the live feed's commit hook. */
interface EngineStore extends Pick<GatewayStore, 'onFeedCommit'> {
  readonly storage: Storage;
  readonly retention: RetentionRepo;
}

async function storeOver({ storage, retention, onFeedCommit }: EngineStore, sealing: PersonalSealing | undefined): Promise<GatewayStore> {
  try {
    await migrate(storage);
    // Rows stored in plain text before migration 021 are sealed before anything reads them.
    if (sealing !== undefined) await sealPlaintextRows(storage, customerKeys(storage.engine, sealing));
  } catch (error) {
    await storage.db.destroy();
    throw error;
  }
  return {
    identity: kyselyIdentityRepo(storage),
    admin: kyselyAdminRepo(storage),
    approvals: kyselyAdminApprovalRepo(storage),
    devices: kyselyDeviceRepo(storage),
    customers: kyselyCustomerRepo(storage, sealing),
    calls: kyselyCallRepo(storage),
    audit: kyselyAuditRepo(storage, retention),
    transparencyLog: kyselyTransparencyLogRepo(storage),
    auditExport: kyselyAuditExportRepo(storage),
    alerts: kyselyAlertRepo(storage),
    heads: kyselyDeviceHeadRepo(storage),
    updates: kyselyUpdateRepo(storage),
    serviceAccounts: kyselyServiceAccountRepo(storage),
    records: kyselyRecordRepo(storage, sealing),
    sso: kyselySsoRepo(storage),
    scim: kyselyScimRepo(storage),
    training: kyselyTrainingRepo(storage),
    wrapup: kyselyWrapupRepo(storage),
    privacy: kyselyPrivacyRepo(storage),
    reports: kyselyReportRepo(storage),
    evidence: kyselyEvidenceRepo(storage),
    teams: kyselyTeamRepo(storage),
    review: kyselyReviewRepo(storage),
    incidents: kyselyIncidentRepo(storage),
    live: liveStateStore(storage),
    retention,
    onFeedCommit,
    ready: () => readiness(storage),
    close: () => storage.db.destroy(),
  };
}

async function readiness(storage: Storage): Promise<StoreReadiness> {
  try {
    if (!(await migrationsCurrent(storage))) return { ready: false, reason: `store migrations are behind: this gateway needs ${LATEST_VERSION}` };
    return { ready: true };
  } catch (error) {
    return { ready: false, reason: `database unreachable: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function openSqlite(dataDir: string): EngineStore {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, DATABASE_FILE);
  closeSync(openSync(path, 'a', 0o600));
  const db = new Database(path);
  // First, and it writes nothing: another process opening the same file (a second admin CLI) waits instead of failing.
  db.pragma('busy_timeout = 5000');
  // One write transaction decides what the file is, so a second process opening it at the same moment
  // sees either an untouched file or a versioned one, never a fresh file that looks unversioned.
  // It runs before any pragma that writes: a file this gateway refuses is left exactly as it was.
  const refusal = db.transaction((): string | undefined => {
    const version = Number(db.pragma('user_version', { simple: true }));
    const migrated = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get() !== undefined;
    if (migrated) return undefined;
    if (version !== 0 && version !== PRE_MIGRATION_SCHEMA) {
      return `${path} has store schema ${version}; this gateway reads schema ${PRE_MIGRATION_SCHEMA} and has no migration from it: recreate the folder (npm run server -- --seed-demo)`;
    }
    db.exec(MIGRATIONS_TABLE_SQL);
    // A file of the last unversioned gateway already holds migration 001's schema.
    if (version === PRE_MIGRATION_SCHEMA) {
      db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (1, 'initial-schema', ?)").run(new Date().toISOString());
    }
    db.pragma(`user_version = ${PRE_MIGRATION_SCHEMA}`);
    return undefined;
  }).immediate();
  if (refusal !== undefined) {
    db.close();
    throw new Error(refusal);
  }
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // A deleted row's bytes are overwritten, not left in a free page: an erased customer's key is gone from the file.
  db.pragma('secure_delete = ON');
  return {
    storage: { engine: 'sqlite', db: new Kysely<Tables>({ dialect: new SqliteImmediateDialect({ database: withStatementCache(db) }) }) },
    retention: inPlaceRetentionRepo,
    // One gateway per file, and its feed wakes itself after each append: no other commit to hear of.
    onFeedCommit: () => Promise.resolve({ close: () => Promise.resolve() }),
  };
}

// BIGINT (epoch ms, positions) and NUMERIC (sums) arrive as numbers: every value the gateway keeps fits a double exactly.
export const POSTGRES_TYPES = new pg.TypeOverrides();
POSTGRES_TYPES.setTypeParser(pg.types.builtins.INT8, Number);
POSTGRES_TYPES.setTypeParser(pg.types.builtins.NUMERIC, Number);

/** A PostgreSQL pool over `url`, not yet migrated (the owner's migration, gateway-role.ts, opens one too). */
export function openPostgres(url: string): EngineStore {
  const pool = new pg.Pool({ connectionString: url, types: POSTGRES_TYPES, max: 10 });
  // An idle client that loses its server must not crash the gateway; the next query reports the failure.
  pool.on('error', () => undefined);
  // pg-pool listens for errors only on idle clients: one checked out (a query or transaction in flight) whose
  // server ends it (failover, pg_terminate_backend) emits an 'error' nobody handles, and the process dies.
  // The query in flight still fails, and the pool discards the broken client when it comes back.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const storage: Storage = { engine: 'postgres', db: new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) }) };
  return {
    storage,
    retention: kyselyRetentionRepo(storage),
    // Other instances' appends reach this one through NOTIFY, on a connection of its own.
    onFeedCommit: (hook, onError) => listenForFeed({ connectionString: url, onNotify: hook, onError }),
  };
}
