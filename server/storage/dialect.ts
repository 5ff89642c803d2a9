// Everything the two engines spell differently, in one place: the repos are
// written once against Kysely and ask this file for the few fragments where
// SQLite and PostgreSQL disagree (row positions, GREATEST, JSON paths, locks).
import { sql, type Expression, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from './tables.ts';

export type Engine = 'sqlite' | 'postgres';

/** The column type of epoch milliseconds, amounts and sequences: SQLite's INTEGER holds 64 bits, PostgreSQL's does not. */
export const INT64 = { sqlite: 'INTEGER', postgres: 'BIGINT' } as const satisfies Record<Engine, string>;

/** A Kysely handle (over the gateway's tables, or only some of them) and the engine behind it. */
export interface Storage<Tables = Database> {
  readonly db: Kysely<Tables>;
  readonly engine: Engine;
}

export type Executor = Kysely<Database> | Transaction<Database>;

/**
 * The growing position of a row: SQLite's rowid, or the sequence-backed column
 * PostgreSQL keeps (audit_events.position, access_quota_uses.use_id).
 */
export function rowPosition(engine: Engine, table: 'audit_events' | 'access_quota_uses'): RawBuilder<number> {
  if (engine === 'sqlite') return sql<number>`${sql.table(table)}.rowid`;
  return sql<number>`${sql.ref(`${table}.${table === 'audit_events' ? 'position' : 'use_id'}`)}`;
}

/** The larger of two values of the same type (SQLite's scalar MAX, PostgreSQL's GREATEST). */
export function greatest<T>(engine: Engine, a: Expression<T>, b: Expression<T>): RawBuilder<T> {
  return engine === 'sqlite' ? sql<T>`MAX(${a}, ${b})` : sql<T>`GREATEST(${a}, ${b})`;
}

/** A text field inside a JSON text column; `path` is a fixed list of keys from the code, never input. */
export function jsonText(engine: Engine, column: string, path: readonly string[]): RawBuilder<string | null> {
  if (path.some((key) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(key))) throw new Error(`bad JSON path ${path.join('.')}`);
  if (engine === 'sqlite') return sql<string | null>`json_extract(${sql.ref(column)}, ${sql.lit(`$.${path.join('.')}`)})`;
  return sql<string | null>`(${sql.ref(column)}::jsonb #>> ${sql.lit(`{${path.join(',')}}`)})`;
}

/** PostgreSQL's insufficient_privilege: the role (the gateway's, gateway-role.ts) may not run this statement. */
export function isPermissionDenied(error: unknown): boolean {
  return errorCode(error) === '42501';
}

/** The `code` a database driver puts on its errors (PostgreSQL's SQLSTATE, SQLite's result code name). */
function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
}

/** PostgreSQL's lock_not_available: a lock was not granted within the transaction's lock_timeout. */
export function isLockTimeout(error: unknown): boolean {
  return errorCode(error) === '55P03';
}

/**
 * Serialises the transactions that name the same key until they end. SQLite has
 * one writer at a time (and the gateway one connection), so there is nothing to
 * do; PostgreSQL under READ COMMITTED takes a transaction-scoped advisory lock.
 */
export async function serialise<Tables>(trx: Transaction<Tables>, engine: Engine, key: string): Promise<void> {
  if (engine === 'sqlite') return;
  await sql`SELECT ${advisoryLock(key)}`.execute(trx);
}

/** PostgreSQL's transaction-scoped lock on `key`, for a statement that takes it itself. */
export const advisoryLock = (key: string) => sql`pg_advisory_xact_lock(hashtextextended(${key}, 0))`;

/**
 * serialise() for many keys at once, taken in sorted order (so two callers holding overlapping sets cannot
 * deadlock), in one round trip.
 */
export async function serialiseAll<Tables>(trx: Transaction<Tables>, engine: Engine, keys: readonly string[]): Promise<void> {
  if (engine === 'sqlite' || keys.length === 0) return;
  const sorted = [...new Set(keys)].sort();
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM (SELECT k FROM unnest(${sorted}::text[]) AS k ORDER BY k) AS ordered`.execute(trx);
}

/** PostgreSQL's error code for a unique violation, and SQLite's constraint code: a parallel writer won. */
export function isUniqueViolation(error: unknown): boolean {
  const code = errorCode(error);
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/**
 * `column` is one of `values`, with the whole list in one bound parameter (PostgreSQL's text array, SQLite's
 * JSON array): one statement however long the list, instead of one bound parameter per value.
 */
export function isOneOf(engine: Engine, column: string, values: readonly string[]): RawBuilder<boolean> {
  if (engine === 'sqlite') return sql<boolean>`${sql.ref(column)} IN (SELECT value FROM json_each(${JSON.stringify(values)}))`;
  return sql<boolean>`${sql.ref(column)} = ANY(${values}::text[])`;
}
