// PostgreSQL month partitions of audit_events, for retention: create ahead,
// detach into audit_archive (recording the month and each device's chain end),
// read a detached month for export, mark it archived, drop it once archived.
// Every change runs under one advisory lock, so two gateway instances running
// the daily job together take turns and the second finds the work done.
import { sql } from 'kysely';
import { serialise, type Storage } from '../dialect.ts';
import type { ArchivedMonth, ChainFloor, RetentionRepo } from '../store.ts';
import type { AuditEventsTable } from '../tables.ts';

const RETENTION_LOCK = 'sentinel:audit-retention';
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function parseMonth(month: string): { year: number; month: number } {
  const match = MONTH.exec(month);
  if (match === null) throw new Error(`not a month (YYYY-MM): ${month}`);
  return { year: Number(match[1]), month: Number(match[2]) };
}

/** The partition table's name, from a month already checked by parseMonth. */
const partitionOf = (month: string): string => {
  parseMonth(month);
  return `audit_events_${month.replace('-', '_')}`;
};

export const addMonths = (month: string, count: number): string => {
  const { year, month: m } = parseMonth(month);
  const index = year * 12 + (m - 1) + count;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
};

export function kyselyRetentionRepo({ db, engine }: Storage): RetentionRepo {
  if (engine !== 'postgres') throw new Error('audit partitions exist only on PostgreSQL');
  return {
    partitioned: true,
    async ensurePartition(month) {
      await db.transaction().execute(async (trx) => {
        await serialise(trx, engine, RETENTION_LOCK);
        await sql`SELECT sentinel_ensure_audit_partition(${`${month}-01T00:00:00Z`}::timestamptz)`.execute(trx);
      });
    },
    async attachedMonths() {
      const { rows } = await sql<{ name: string }>`
        SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'public.audit_events'::regclass AND c.relname ~ '^audit_events_[0-9]{4}_[0-9]{2}$'
        ORDER BY c.relname`.execute(db);
      return rows.map((r) => r.name.slice('audit_events_'.length).replace('_', '-'));
    },
    detach(month, at) {
      const table = partitionOf(month);
      return db.transaction().execute(async (trx) => {
        await serialise(trx, engine, RETENTION_LOCK);
        const attached = await sql<{ n: number }>`
          SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = 'public.audit_events'::regclass AND inhrelid = to_regclass(${`public.${table}`})`.execute(trx);
        if (attached.rows[0]?.n !== 1) return null;
        const summary = await sql<{ rows: number; first_hash: string | null; last_hash: string | null }>`
          SELECT count(*)::int AS rows,
            (SELECT hash FROM ${sql.table(table)} ORDER BY position LIMIT 1) AS first_hash,
            (SELECT hash FROM ${sql.table(table)} ORDER BY position DESC LIMIT 1) AS last_hash
          FROM ${sql.table(table)}`.execute(trx);
        const { rows, first_hash, last_hash } = summary.rows[0] ?? { rows: 0, first_hash: null, last_hash: null };
        const next = addMonths(month, 1);
        await sql`ALTER TABLE public.audit_events DETACH PARTITION ${sql.table(table)}`.execute(trx);
        await sql.raw(`ALTER TABLE public.${table} SET SCHEMA audit_archive`).execute(trx);
        await sql.raw(`ALTER TABLE audit_archive.audit_events ATTACH PARTITION audit_archive.${table} FOR VALUES FROM ('${month}') TO ('${next}')`).execute(trx);
        const record: ArchivedMonth = { month, detached_at: at, rows, first_hash, last_hash, archived_at: null, archive_file: null, dropped_at: null };
        await trx.insertInto('audit_archive_log').values(record).execute();
        await sql`
          INSERT INTO audit_archive_chain_ends (month, device_id, last_seq, last_hash)
          SELECT DISTINCT ON (device_id) ${month}, device_id, seq, hash FROM ${sql.table(`audit_archive.${table}`)} ORDER BY device_id, seq DESC`.execute(trx);
        return record;
      });
    },
    archiveLog: () => db.selectFrom('audit_archive_log').selectAll().orderBy('month').execute(),
    async archivedRows(month) {
      const { rows } = await sql<AuditEventsTable>`
        SELECT device_id, seq, prev_hash, hash, event, received_at, type, outcome, user_id, at, customer_id
        FROM ${sql.table(`audit_archive.${partitionOf(month)}`)} ORDER BY position`.execute(db);
      return rows;
    },
    async markArchived(month, at, file) {
      await db.updateTable('audit_archive_log').set({ archived_at: at, archive_file: file }).where('month', '=', month).where('dropped_at', 'is', null).execute();
    },
    drop(month, at) {
      const table = partitionOf(month);
      return db.transaction().execute(async (trx) => {
        await serialise(trx, engine, RETENTION_LOCK);
        const logged = await trx.selectFrom('audit_archive_log').selectAll().where('month', '=', month).executeTakeFirst();
        if (logged?.archived_at == null || logged.dropped_at !== null) return false;
        await sql.raw(`DROP TABLE audit_archive.${table}`).execute(trx);
        await trx.updateTable('audit_archive_log').set({ dropped_at: at }).where('month', '=', month).execute();
        return true;
      });
    },
    async chainFloors() {
      const rows = await db
        .selectFrom('audit_archive_chain_ends as e')
        .innerJoin('audit_archive_log as l', 'l.month', 'e.month')
        .select(['e.device_id', 'e.last_seq', 'e.last_hash'])
        .where('l.dropped_at', 'is not', null)
        .execute();
      const floors = new Map<string, ChainFloor>();
      for (const r of rows) {
        if ((floors.get(r.device_id)?.seq ?? 0) < r.last_seq) floors.set(r.device_id, { seq: r.last_seq, hash: r.last_hash });
      }
      return floors;
    },
  };
}
