// Everything the gateway holds about one customer, read by the declared data
// map (customer-data-map.ts) and nothing else: each mapped table's rows, personal
// columns opened with the customer's key, keyed hashes and bookkeeping left out,
// staff named by pseudonym; and the access history from the audit trail. One
// transaction, so the export is one moment's state; an erased customer has none.
// PostgreSQL runs it at REPEATABLE READ: at its default READ COMMITTED each
// statement would see an erasure that commits midway (the key read, the rows
// then blanked), and the export would fail or hold part of the person.
// SQLite's transaction is already one snapshot.
import { sql, type Transaction } from 'kysely';
import type { Storage } from '../dialect.ts';
import { CUSTOMER_DATA_MAP, type MappedTable } from '../customer-data-map.ts';
import type { CustomerExport } from '../store.ts';
import type { Database } from '../tables.ts';
import type { CustomerKeys, CustomerSealer } from './customer-keys.ts';

type Row = Record<string, unknown>;

async function rowsOf(trx: Transaction<Database>, table: string, entry: MappedTable, customerId: string): Promise<Row[]> {
  const { reach } = entry;
  const where =
    reach.by === 'customer_id'
      ? sql`${sql.ref('customer_id')} = ${customerId}`
      : sql`${sql.ref(reach.column)} IN (SELECT ${sql.ref(reach.parentColumn)} FROM ${sql.table(reach.parent)} WHERE ${sql.ref('customer_id')} = ${customerId})`;
  const result = await sql<Row>`SELECT * FROM ${sql.table(table)} WHERE ${where}`.execute(trx);
  return result.rows;
}

function exportedRow(row: Row, entry: MappedTable, sealer: CustomerSealer, staff: (id: string) => string): Row {
  const out: Row = {};
  for (const [column, kind] of Object.entries(entry.columns)) {
    const value = row[column];
    if (kind === 'keyed' || kind === 'internal') continue;
    if (kind === 'staff') out[column] = typeof value === 'string' ? staff(value) : value;
    else if (kind === 'personal' && typeof value === 'string') out[column] = sealer.open(entry.sealedAs?.[column] ?? column, value);
    else out[column] = value;
  }
  return out;
}

export async function exportCustomer(storage: Storage, keys: CustomerKeys, customerId: string, staff: (id: string) => string): Promise<CustomerExport | null> {
  const begin = storage.db.transaction();
  return (storage.engine === 'postgres' ? begin.setIsolationLevel('repeatable read') : begin).execute(async (trx) => {
    const sealer = (await keys.existing(trx, [customerId])).get(customerId);
    if (sealer === undefined) return null;
    const tables: Record<string, Row[]> = {};
    for (const [table, entry] of Object.entries(CUSTOMER_DATA_MAP) as [string, MappedTable][]) {
      if (!entry.exported) continue;
      tables[table] = (await rowsOf(trx, table, entry, customerId)).map((row) => exportedRow(row, entry, sealer, staff));
    }
    const events = await trx.selectFrom('audit_events').select(['at', 'type', 'outcome', 'user_id', 'event']).where('customer_id', '=', customerId).orderBy('at').execute();
    const accessHistory = events.map((e) => {
      const { actor } = JSON.parse(e.event) as { actor?: { roles?: unknown } };
      return { at: e.at, action: e.type, outcome: e.outcome, roles: Array.isArray(actor?.roles) ? actor.roles.map(String) : [], staff: e.user_id === null ? null : staff(e.user_id) };
    });
    return { customerId, tables, accessHistory };
  });
}
