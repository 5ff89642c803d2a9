// What keeps the audit store append-only, per engine: SQLite triggers, and
// PostgreSQL plpgsql trigger functions. The chain verifier checks that each one
// is still there exactly as written here: a dropped, disabled or rewritten
// trigger is a break, like an edited row.
import { sql } from 'kysely';
import { isLockTimeout, type Executor, type Engine } from './dialect.ts';

export interface SqliteGuard {
  readonly name: string;
  readonly sql: string;
}

const refuse = (name: string, when: string, table: string, condition = ''): SqliteGuard => ({
  name,
  sql: `CREATE TRIGGER IF NOT EXISTS ${name} BEFORE ${when} ON ${table}${condition}
  BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END;`,
});

const existing = (table: string, match: string): string => `\n  WHEN EXISTS (SELECT 1 FROM ${table} WHERE ${match})`;

export const SQLITE_APPEND_ONLY_TRIGGERS: readonly SqliteGuard[] = [
  // INSERT OR REPLACE deletes the old row without firing DELETE triggers: refuse the insert itself.
  refuse('audit_events_no_replace', 'INSERT', 'audit_events', existing('audit_events', 'device_id = NEW.device_id AND seq = NEW.seq')),
  refuse('audit_batches_no_replace', 'INSERT', 'audit_batches', existing('audit_batches', 'batch_id = NEW.batch_id')),
  refuse('alert_acks_no_replace', 'INSERT', 'alert_acks', existing('alert_acks', 'alert_id = NEW.alert_id AND n = NEW.n')),
  refuse('alerts_no_replace', 'INSERT', 'alerts', existing('alerts', 'alert_id = NEW.alert_id')),
  refuse('audit_events_no_update', 'UPDATE', 'audit_events'),
  refuse('audit_events_no_delete', 'DELETE', 'audit_events'),
  refuse('audit_batches_no_update', 'UPDATE', 'audit_batches'),
  refuse('audit_batches_no_delete', 'DELETE', 'audit_batches'),
  refuse('alert_acks_no_update', 'UPDATE', 'alert_acks'),
  refuse('alert_acks_no_delete', 'DELETE', 'alert_acks'),
  refuse('alerts_no_delete', 'DELETE', 'alerts'),
  // An alert only counts further repeats; what it says, and about whom, never changes.
  refuse(
    'alerts_only_count_up',
    'UPDATE',
    'alerts',
    `
  WHEN NEW.alert_id IS NOT OLD.alert_id OR NEW.kind IS NOT OLD.kind OR NEW.severity IS NOT OLD.severity
    OR NEW.raised_at IS NOT OLD.raised_at OR NEW.user_id IS NOT OLD.user_id OR NEW.device_id IS NOT OLD.device_id
    OR NEW.message IS NOT OLD.message OR NEW.occurrences < OLD.occurrences OR NEW.last_occurred_at < OLD.last_occurred_at`,
  ),
  // A head only moves forward.
  refuse('device_heads_no_replace', 'INSERT', 'device_heads', existing('device_heads', 'device_id = NEW.device_id')),
  refuse('device_heads_no_delete', 'DELETE', 'device_heads'),
  refuse('device_heads_forward_only', 'UPDATE', 'device_heads', '\n  WHEN NEW.seq <= OLD.seq OR NEW.device_id IS NOT OLD.device_id'),
];

/** A plpgsql trigger function; the verifier compares its stored source with `body`. */
export interface PostgresGuardFunction {
  readonly name: string;
  readonly body: string;
}

export interface PostgresGuard {
  readonly name: string;
  readonly table: string;
  /** The trigger as pg_get_triggerdef prints it. */
  readonly definition: string;
}

export const PG_GUARD_FUNCTIONS: readonly PostgresGuardFunction[] = [
  {
    name: 'sentinel_refuse_change',
    body: `
BEGIN
  RAISE EXCEPTION '% is append-only', TG_ARGV[0] USING ERRCODE = 'insufficient_privilege';
END;
`,
  },
  {
    name: 'sentinel_alerts_only_count_up',
    body: `
BEGIN
  IF NEW.alert_id IS DISTINCT FROM OLD.alert_id OR NEW.kind IS DISTINCT FROM OLD.kind OR NEW.severity IS DISTINCT FROM OLD.severity
    OR NEW.raised_at IS DISTINCT FROM OLD.raised_at OR NEW.user_id IS DISTINCT FROM OLD.user_id OR NEW.device_id IS DISTINCT FROM OLD.device_id
    OR NEW.message IS DISTINCT FROM OLD.message OR NEW.occurrences < OLD.occurrences OR NEW.last_occurred_at < OLD.last_occurred_at THEN
    RAISE EXCEPTION 'alerts is append-only' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
`,
  },
  {
    name: 'sentinel_heads_forward_only',
    body: `
BEGIN
  IF NEW.seq <= OLD.seq OR NEW.device_id IS DISTINCT FROM OLD.device_id THEN
    RAISE EXCEPTION 'device_heads is append-only' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
`,
  },
];

const pgRefuse = (table: string, when: 'UPDATE' | 'DELETE'): PostgresGuard => ({
  name: `${table}_no_${when.toLowerCase()}`,
  table,
  definition: `CREATE TRIGGER ${table}_no_${when.toLowerCase()} BEFORE ${when} ON public.${table} FOR EACH ROW EXECUTE FUNCTION sentinel_refuse_change('${table}')`,
});

export const PG_APPEND_ONLY_TRIGGERS: readonly PostgresGuard[] = [
  pgRefuse('audit_events', 'UPDATE'),
  pgRefuse('audit_events', 'DELETE'),
  pgRefuse('audit_batches', 'UPDATE'),
  pgRefuse('audit_batches', 'DELETE'),
  pgRefuse('alert_acks', 'UPDATE'),
  pgRefuse('alert_acks', 'DELETE'),
  pgRefuse('alerts', 'DELETE'),
  pgRefuse('device_heads', 'DELETE'),
  {
    name: 'alerts_only_count_up',
    table: 'alerts',
    definition: 'CREATE TRIGGER alerts_only_count_up BEFORE UPDATE ON public.alerts FOR EACH ROW EXECUTE FUNCTION sentinel_alerts_only_count_up()',
  },
  {
    name: 'device_heads_forward_only',
    table: 'device_heads',
    definition: 'CREATE TRIGGER device_heads_forward_only BEFORE UPDATE ON public.device_heads FOR EACH ROW EXECUTE FUNCTION sentinel_heads_forward_only()',
  },
];

export const pgFunctionSql = (f: PostgresGuardFunction): string =>
  `CREATE OR REPLACE FUNCTION ${f.name}() RETURNS trigger LANGUAGE plpgsql AS $guard$${f.body}$guard$`;

/** The statements that put every guard in place (migration 001 runs them; so does a restore). */
export function appendOnlyStatements(engine: Engine): string[] {
  if (engine === 'sqlite') return SQLITE_APPEND_ONLY_TRIGGERS.map((t) => t.sql);
  return [...PG_GUARD_FUNCTIONS.map(pgFunctionSql), ...PG_APPEND_ONLY_TRIGGERS.map((t) => t.definition)];
}

/** How SQLite keeps a CREATE TRIGGER IF NOT EXISTS statement in sqlite_master. */
const asStoredSqlite = (text: string): string => text.replace('CREATE TRIGGER IF NOT EXISTS ', 'CREATE TRIGGER ').replace(/;\s*$/, '');

/** Names of the guards that are missing, disabled or altered. */
export async function brokenGuards(db: Executor, engine: Engine): Promise<string[]> {
  if (engine === 'sqlite') {
    const { rows } = await sql<{ name: string; sql: string }>`SELECT name, sql FROM sqlite_master WHERE type = 'trigger'`.execute(db);
    const stored = new Map(rows.map((r) => [r.name, r.sql]));
    return SQLITE_APPEND_ONLY_TRIGGERS.filter((t) => stored.get(t.name) !== asStoredSqlite(t.sql)).map((t) => t.name);
  }
  const triggers = await sql<{ name: string; definition: string; enabled: string; function_name: string }>`
    SELECT t.tgname AS name, pg_get_triggerdef(t.oid) AS definition, t.tgenabled AS enabled, p.proname AS function_name
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_proc p ON p.oid = t.tgfoid
    WHERE n.nspname = 'public' AND NOT t.tgisinternal AND t.tgparentid = 0`.execute(db);
  const functions = await sql<{ name: string; body: string }>`
    SELECT p.proname AS name, p.prosrc AS body FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'`.execute(db);
  const bodies = new Map(functions.rows.map((f) => [f.name, f.body]));
  const brokenFunctions = new Set(PG_GUARD_FUNCTIONS.filter((f) => bodies.get(f.name) !== f.body).map((f) => f.name));
  const present = new Map(triggers.rows.map((t) => [t.name, t]));
  return PG_APPEND_ONLY_TRIGGERS.filter((guard) => {
    const found = present.get(guard.name);
    return found?.definition !== guard.definition || found.enabled !== 'O' || brokenFunctions.has(found.function_name);
  }).map((t) => t.name);
}

/** Puts the named guards back as written here (with their functions, on PostgreSQL). */
export async function restoreGuards(db: Executor, engine: Engine, names: readonly string[]): Promise<void> {
  if (engine === 'sqlite') {
    for (const trigger of SQLITE_APPEND_ONLY_TRIGGERS.filter((t) => names.includes(t.name))) {
      await sql.raw(`DROP TRIGGER IF EXISTS ${trigger.name}`).execute(db);
      await sql.raw(trigger.sql).execute(db);
    }
    return;
  }
  const guards = PG_APPEND_ONLY_TRIGGERS.filter((t) => names.includes(t.name));
  await lockGuardedTables(db, [...new Set(guards.map((g) => g.table))]);
  for (const f of PG_GUARD_FUNCTIONS) await sql.raw(pgFunctionSql(f)).execute(db);
  for (const guard of guards) {
    await sql.raw(`DROP TRIGGER IF EXISTS ${guard.name} ON ${guard.table}`).execute(db);
    await sql.raw(guard.definition).execute(db);
  }
}

const LOCK_ATTEMPTS = 20;

/**
 * Takes every table whose trigger is re-created before touching any. Re-creating a trigger locks its table
 * exclusively; taken one table at a time while the gateway appends to several of them in one transaction,
 * the repair and an append each held a table the other wanted, and PostgreSQL aborted one (a deadlock).
 * Each attempt waits at most briefly, so a writer queued behind it is never kept long; the repair backs off
 * instead, and no append is ever aborted for it.
 */
async function lockGuardedTables(db: Executor, tables: readonly string[]): Promise<void> {
  if (tables.length === 0) return;
  const list = [...tables].sort().map((t) => `"${t.replaceAll('"', '""')}"`).join(', ');
  await sql`SAVEPOINT guard_locks`.execute(db);
  for (let attempt = 1; ; attempt++) {
    try {
      await sql.raw(`SET LOCAL lock_timeout = '200ms'`).execute(db);
      await sql.raw(`LOCK TABLE ${list} IN ACCESS EXCLUSIVE MODE`).execute(db);
      await sql.raw(`SET LOCAL lock_timeout = 0`).execute(db);
      await sql`RELEASE SAVEPOINT guard_locks`.execute(db);
      return;
    } catch (error) {
      if (!isLockTimeout(error) || attempt === LOCK_ATTEMPTS) throw error;
      await sql`ROLLBACK TO SAVEPOINT guard_locks`.execute(db);
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}
