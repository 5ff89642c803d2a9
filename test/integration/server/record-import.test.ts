// Issue 22: `npm run import` as a real child process on a real data folder (and
// its PostgreSQL database on that engine). Killed with SIGKILL at 10 random
// points, each run continuing from the last committed chunk, the import ends
// with exactly the rows of the file: every record stored once (none counted
// twice, none updated or unchanged), the bad lines refused with their reasons,
// and the card numbers of the refused lines nowhere in the store.
import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { createPrng } from '../../../server/seed/prng.ts';
import { testDatabaseFor } from '../../harness/database/test-database.ts';
import { importFolder } from '../../harness/records/import-folder.ts';
import { digitStreams, sentNumbersIn } from '../../harness/leaks/digit-stream-scan.ts';
import { filesAtRest, openRawKysely } from '../../harness/database/raw-database.ts';
import { RECORDS_PER_CUSTOMER, writeImportFile } from '../../harness/records/import-files.ts';
import { customerRecords } from '../../harness/records/import-files.ts';

/** The card number the file's payment of customer `n` carries. */
const cardNumberOf = (n: number): string => {
  const payment = customerRecords(n).find((r) => r.type === 'payment') as { data: { card: { number: string } } } | undefined;
  return payment?.data.card.number ?? '';
};

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../../..');
const { dir, databaseArgs } = importFolder('sentinel-import-');
const CUSTOMERS = 1_200;
const BAD_EVERY = 50;
const KILLS = 10;

/** Runs the import; with `killAt`, SIGKILLs it a few random milliseconds after it reports that many lines done. */
async function importRun(file: string, killAt: { lines: number; delayMs: number } | null): Promise<{ signal: string | null; code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'server/import-cli.ts'), '--source', 'shop', '--file', file, '--chunk', '100', ...(await databaseArgs())]);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    const reported = [...stderr.matchAll(/import: ([\d,]+) lines;/g)].map((m) => Number(m[1]?.replaceAll(',', '')));
    if (killAt !== null && (reported.at(-1) ?? 0) >= killAt.lines && child.exitCode === null) setTimeout(() => child.kill('SIGKILL'), killAt.delayMs);
  });
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

it('resumes an import killed at 10 random points and ends with exactly the rows of the file', async () => {
  const file = join(dir, 'export.ndjson');
  const lines = await writeImportFile(file, { customers: CUSTOMERS, format: 'ndjson', badEvery: BAD_EVERY });
  const badLines = lines - CUSTOMERS * RECORDS_PER_CUSTOMER;
  const created = await run(process.execPath, [join(ROOT, 'server/admin-cli.ts'), 'create-service-account', 'shop', '--types', 'customer,order,payment,shipment,subscription', '--reason', 'Ticket OPS-9: first load', ...(await databaseArgs())]);
  expect(created.stdout).toContain('created service account');

  const prng = createPrng(20_261_207);
  // Increasing kill points over the first three quarters of the file, each chunks past the last, so every run is
  // still writing when its kill lands.
  const points = Array.from({ length: KILLS }, (_, i) => Math.floor(((i + prng.next()) * lines * 0.7) / KILLS) + 200);
  for (const lines of points) {
    const killed = await importRun(file, { lines, delayMs: prng.int(0, 15) });
    expect(killed.signal, `kill at ${lines}: ${killed.stderr}`).toBe('SIGKILL');
  }
  const finished = await importRun(file, null);
  expect(finished.code, finished.stderr).toBe(0);
  expect(finished.stdout).toMatch(/resumed at line/);
  expect(finished.stdout).toContain(`stored ${(CUSTOMERS * RECORDS_PER_CUSTOMER).toLocaleString('en-US')}, updated 0, unchanged 0, stale 0, refused ${badLines}`);
  expect(finished.stdout).toContain(`${badLines / 2} × pan_refused data.city`);

  const target = { dataDir: join(dir, 'data'), database: await testDatabaseFor(dir) };
  const raw = openRawKysely(target);
  try {
    for (const table of ['customers', 'orders', 'payments', 'shipments', 'subscriptions', 'cards', 'record_versions'] as const) {
      const { rows } = await sql<{ n: number | string }>`SELECT COUNT(*) AS n FROM ${sql.table(table)}`.execute(raw);
      expect(Number(rows[0]?.n), table).toBe(table === 'record_versions' ? CUSTOMERS * RECORDS_PER_CUSTOMER : CUSTOMERS);
    }
  } finally {
    await raw.destroy();
  }
  // The card numbers of the file (every payment's, and those planted in the refused lines) are nowhere in plain.
  const sent = new Set(Array.from({ length: CUSTOMERS }, (_, n) => cardNumberOf(n)));
  for (const f of await filesAtRest(target)) expect([...sentNumbersIn(digitStreams(f.bytes), sent)].map((pan) => pan.slice(-4)), f.name).toEqual([]);
});

it('imports a CSV export the same way, refusing a card number in a cell and a broken line by reason', async () => {
  const file = join(dir, 'export.csv');
  const lines = await writeImportFile(file, { customers: 40, format: 'csv', badEvery: 10, from: 5_000 });
  const done = await importRun(file, null);
  expect(done.code, done.stderr).toBe(0);
  expect(done.stdout).toContain(`import done: ${lines} lines`);
  expect(done.stdout).toContain(`stored ${40 * RECORDS_PER_CUSTOMER}, updated 0, unchanged 0, stale 0, refused 8`);
  expect(done.stdout).toContain('4 × pan_refused data.city');
  expect(done.stdout).toContain('4 × unreadable_line unbalanced quotes');
  // The same file again: nothing left to do, nothing written twice.
  const again = await importRun(file, null);
  expect(again.stdout).toContain(`resumed at line ${lines}`);
  expect(again.stdout).toContain(`stored ${40 * RECORDS_PER_CUSTOMER}, updated 0, unchanged 0`);
});
