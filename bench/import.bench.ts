// `npm run import` as an operator runs it, timed on each engine: a generated
// NDJSON export (per customer: customer, order, payment with a card number,
// shipment, subscription) loaded into an empty SQLite folder and into an empty
// database on a throwaway PostgreSQL cluster, each by the real CLI in a child
// process (start-up and migrations included). Prints one JSON object with the
// records per second of each. IMPORT_BENCH_CUSTOMERS sets the size (default 20,000: 100,000 records),
// IMPORT_BENCH_CHUNK the CLI's --chunk.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startPostgresCluster } from '../scripts/postgres-cluster.ts';
import { RECORDS_PER_CUSTOMER, writeImportFile } from '../test/harness/records/import-files.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');
const CUSTOMERS = Number(process.env.IMPORT_BENCH_CUSTOMERS ?? 20_000);
const RECORDS = CUSTOMERS * RECORDS_PER_CUSTOMER;
/** IMPORT_BENCH_CHUNK: the CLI's --chunk (its default when unset). */
const CHUNK = process.env.IMPORT_BENCH_CHUNK;

async function load(engine: 'sqlite' | 'postgres', file: string, database: string | undefined): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), `sentinel-import-bench-${engine}-`));
  const where = ['--data', join(dir, 'data'), ...(database === undefined ? [] : ['--database', database])];
  try {
    await run(process.execPath, [join(ROOT, 'server/admin-cli.ts'), 'create-service-account', 'shop', '--types', 'customer,order,payment,shipment,subscription', '--reason', 'import benchmark', ...where]);
    const started = performance.now();
    const { stdout } = await run(process.execPath, [join(ROOT, 'server/import-cli.ts'), '--source', 'shop', '--file', file, ...(CHUNK === undefined ? [] : ['--chunk', CHUNK]), ...where], { maxBuffer: 64 * 1024 * 1024 });
    const seconds = (performance.now() - started) / 1000;
    const stored = Number(/stored ([\d,]+)/.exec(stdout)?.[1]?.replaceAll(',', '') ?? 0);
    return { engine, records: RECORDS, stored, seconds: Number(seconds.toFixed(2)), recordsPerSecond: Math.round(RECORDS / seconds) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const loadAtStart = loadavg().map((n) => Number(n.toFixed(2)));
const work = mkdtempSync(join(tmpdir(), 'sentinel-import-bench-'));
const cluster = await startPostgresCluster();
try {
  const file = join(work, 'export.ndjson');
  await writeImportFile(file, { customers: CUSTOMERS, format: 'ndjson' });
  const results = [await load('sqlite', file, undefined), await load('postgres', file, await cluster.createDatabase())];
  process.stdout.write(
    `${JSON.stringify(
      {
        bench: 'import',
        node: process.version,
        at: new Date().toISOString(),
        file: `${RECORDS} records (${CUSTOMERS} customers × ${RECORDS_PER_CUSTOMER}), NDJSON, chunk ${CHUNK ?? 'default (5,000)'}`,
        timed: 'the import CLI from start to summary, in a child process (start-up and migrations included)',
        goal: '20,000 records/s into PostgreSQL',
        machine: 'the CLI, the database and anything else running share this machine',
        loadAverage1_5_15min: { atStart: loadAtStart, atEnd: loadavg().map((n) => Number(n.toFixed(2))) },
        results,
      },
      null,
      2,
    )}\n`,
  );
} finally {
  await cluster.stop();
  rmSync(work, { recursive: true, force: true });
}
