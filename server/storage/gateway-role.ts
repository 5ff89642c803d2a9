// The two PostgreSQL roles of a production deployment. The owner role runs the
// migrations and owns every table, trigger and function; the gateway connects
// as a role that owns nothing and may create nothing, so it cannot drop,
// disable or replace a guard trigger, truncate a table, or set
// session_replication_role (a superuser's setting). On the audit tables it may
// only read and add; alerts and chain heads it may also update, which their
// triggers limit to counting up and moving forward. Month partitions are reached
// only through their parent, so the gateway holds no right on a partition itself.
// Re-granted after every migration: a table a migration added gets its rights.
import { sql } from 'kysely';
import { brokenGuards, restoreGuards } from './append-only.ts';
import type { Storage } from './dialect.ts';
import { migrate } from './migrations/run.ts';
import { openPostgres } from './open-store.ts';
import { isPostgresUrl } from './store-location.ts';

/** Tables the gateway only reads: which migrations ran is the owner's record. */
export const READ_ONLY_TABLES: readonly string[] = ['schema_migrations'];
/** Tables the gateway may read and add to, never change or remove from. */
export const APPEND_ONLY_TABLES: readonly string[] = [
  'audit_events',
  'audit_batches',
  'alert_acks',
  'audit_archive_chain_ends',
  // The transparency log: leaves, complete subtrees, signed checkpoints and cosignatures are written once.
  'tlog_leaves',
  'tlog_nodes',
  'tlog_checkpoints',
  'tlog_cosignatures',
];
/** Tables the gateway may also update (their triggers, or the tree's head lock, say how), never remove from. */
export const NO_DELETE_TABLES: readonly string[] = ['alerts', 'device_heads', 'tlog_head'];

const ROLE = /^[a-z_][a-z0-9_]{0,62}$/;

export function checkRoleName(role: string): string {
  if (!ROLE.test(role)) throw new Error(`not a role name (lower-case letters, digits and _): ${role}`);
  return role;
}

/** The rights one table (or view, `readOnly`) gives the gateway's role. */
function tableRights(table: string, readOnly: boolean): string {
  if (readOnly || READ_ONLY_TABLES.includes(table)) return 'SELECT';
  if (APPEND_ONLY_TABLES.includes(table)) return 'SELECT, INSERT';
  if (NO_DELETE_TABLES.includes(table)) return 'SELECT, INSERT, UPDATE';
  return 'SELECT, INSERT, UPDATE, DELETE';
}

/**
 * Gives `role` exactly the gateway's rights on the migrated schema, taking back anything else it held.
 * Run by the owner role (or a superuser) after migrating; idempotent.
 */
export async function grantGatewayRole({ db, engine }: Storage, role: string): Promise<void> {
  if (engine !== 'postgres') throw new Error('database roles exist only on PostgreSQL');
  checkRoleName(role);
  const id = sql.id(role);
  await db.transaction().execute(async (trx) => {
    const owner = await sql<{ database: string; owner: string; current: string; superuser: boolean }>`
      SELECT d.datname AS database, pg_get_userbyid(d.datdba) AS owner, current_user AS current, r.rolsuper AS superuser
      FROM pg_database d, pg_roles r WHERE d.datname = current_database() AND r.rolname = ${role}`.execute(trx);
    const found = owner.rows[0];
    if (found === undefined) throw new Error(`role ${role} does not exist: CREATE ROLE ${role} LOGIN PASSWORD '…' first`);
    if (found.superuser || found.owner === role || found.current === role) {
      throw new Error(`role ${role} must be neither a superuser, nor the database owner, nor the role that migrates`);
    }
    const relations = await sql<{ schema: string; name: string; kind: string }>`
      SELECT n.nspname AS schema, c.relname AS name, c.relkind AS kind
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname IN ('public', 'audit_archive') AND c.relkind IN ('r', 'p', 'v') AND NOT c.relispartition
      ORDER BY 1, 2`.execute(trx);
    await sql`REVOKE ALL ON ALL TABLES IN SCHEMA public, audit_archive FROM ${id}`.execute(trx);
    await sql`REVOKE CREATE ON SCHEMA public, audit_archive FROM ${id}`.execute(trx);
    await sql`GRANT USAGE ON SCHEMA public, audit_archive TO ${id}`.execute(trx);
    await sql`GRANT CONNECT ON DATABASE ${sql.id(found.database)} TO ${id}`.execute(trx);
    for (const r of relations.rows) {
      // The archive schema holds detached months: read-only, as is every view.
      const rights = tableRights(r.name, r.kind === 'v' || r.schema === 'audit_archive');
      await sql`GRANT ${sql.raw(rights)} ON ${sql.id(r.schema, r.name)} TO ${id}`.execute(trx);
    }
    await sql`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${id}`.execute(trx);
  });
}

/**
 * `npm run migrate`: a PostgreSQL database migrated by its owner role, any append-only guard the gateway's role
 * found broken but could not restore put back, then that role given exactly its rights (grantGatewayRole).
 */
export async function migrateAsOwner(url: string, gatewayRole: string): Promise<{ applied: number[]; restoredGuards: string[] }> {
  if (!isPostgresUrl(url)) throw new Error('--database must be a postgres:// URL: the owner role and the gateway role exist only on PostgreSQL');
  const { storage } = openPostgres(url);
  try {
    const applied = await migrate(storage);
    const restoredGuards = await storage.db.transaction().execute(async (trx) => {
      const broken = await brokenGuards(trx, storage.engine);
      if (broken.length > 0) await restoreGuards(trx, storage.engine, broken);
      return broken;
    });
    await grantGatewayRole(storage, gatewayRole);
    return { applied, restoredGuards };
  } finally {
    await storage.db.destroy();
  }
}
