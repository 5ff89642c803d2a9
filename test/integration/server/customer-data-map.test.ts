// The declared map of where customer data lives (server/storage/customer-data-map.ts)
// against the schema the migrations really built, on the run's engine: every
// table is mapped, or declared to hold customer data elsewhere, or declared free
// of it; every column of a mapped table is named with what it holds. A new table
// or column fails here until it is placed in the map.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { buildGateway } from '../../../server/app.ts';
import { CUSTOMER_DATA_ELSEWHERE, CUSTOMER_DATA_MAP, NO_CUSTOMER_DATA } from '../../../server/storage/customer-data-map.ts';
import { openRawDatabase } from '../../harness/database/raw-database.ts';
import { dropTestDatabase, testDatabaseFor } from '../../harness/database/test-database.ts';

const dir = mkdtempSync(join(tmpdir(), 'sentinel-data-map-'));
afterAll(async () => {
  await dropTestDatabase(dir);
  rmSync(dir, { recursive: true, force: true });
});

it('every table and every column of the migrated schema is placed in the customer data map', async () => {
  const gateway = await buildGateway({ dataDir: dir, database: await testDatabaseFor(dir), logLevel: 'silent' });
  await gateway.close();
  const raw = await openRawDatabase({ dataDir: dir, database: await testDatabaseFor(dir) });
  try {
    const columns =
      raw.engine === 'sqlite'
        ? await raw.rows<{ table_name: string; column_name: string }>(
            "SELECT m.name AS table_name, p.name AS column_name FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type IN ('table', 'view') AND m.name NOT LIKE 'sqlite_%'",
          )
        : await raw.rows<{ table_name: string; column_name: string }>(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT LIKE 'audit_events_20%'",
          );
    const schema = new Map<string, Set<string>>();
    for (const { table_name: table, column_name: column } of columns) schema.set(table, (schema.get(table) ?? new Set()).add(column));
    expect(schema.size).toBeGreaterThan(30);

    const placed = new Set([...Object.keys(CUSTOMER_DATA_MAP), ...Object.keys(CUSTOMER_DATA_ELSEWHERE), ...NO_CUSTOMER_DATA]);
    expect([...schema.keys()].filter((table) => !placed.has(table)).sort()).toEqual([]);
    for (const [table, entry] of Object.entries(CUSTOMER_DATA_MAP)) {
      const real = schema.get(table);
      expect(real, `${table} is mapped but not in the schema`).toBeDefined();
      expect([...(real ?? [])].filter((column) => !(column in entry.columns)).sort(), `${table}: columns the map does not name`).toEqual([]);
      expect(Object.keys(entry.columns).filter((column) => !real?.has(column)), `${table}: mapped columns the schema lacks`).toEqual([]);
    }
  } finally {
    await raw.close();
  }
});
