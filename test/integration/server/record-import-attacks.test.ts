// Issue 22 attacks on `npm run import`, run as a real child process on a real
// data folder (and its PostgreSQL database on that engine): a card number in
// row 99,999 of a file whose own name holds one, a record type the source is not
// scoped for, a CSV whose header names a column with a card number, a file
// changed between two runs, and the source's account revoked while it imports.
import { execFile, spawn } from 'node:child_process';
import { createWriteStream, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { filesAtRest, openRawKysely } from '../../harness/database/raw-database.ts';
import { testDatabaseFor } from '../../harness/database/test-database.ts';
import { importFolder } from '../../harness/records/import-folder.ts';
import { digitStreams, sentNumbersIn } from '../../harness/leaks/digit-stream-scan.ts';
import { dashedPan } from '../../harness/leaks/pan-forms.ts';
import { csvLine } from '../../harness/records/import-files.ts';
import { customerRecord, paymentRecord, testPan } from '../../harness/records/source-records.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../../..');
const { dir, databaseArgs } = importFolder('sentinel-import-attacks-');

async function admin(...args: string[]): Promise<string> {
  return (await run(process.execPath, [join(ROOT, 'server/admin-cli.ts'), ...args, ...(await databaseArgs())])).stdout;
}

/** One import run to its end; `onStderr` sees each progress line as it comes. */
async function importRun(source: string, file: string, chunk: number, onStderr: (text: string) => void = () => undefined) {
  const child = spawn(process.execPath, [join(ROOT, 'server/import-cli.ts'), '--source', source, '--file', file, '--chunk', String(chunk), ...(await databaseArgs())]);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
    onStderr(stderr);
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

async function writeLines(path: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  for (const line of lines) if (!out.write(`${line}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

async function storedVersions(): Promise<number> {
  const raw = openRawKysely({ dataDir: join(dir, 'data'), database: await testDatabaseFor(dir) });
  try {
    const row = await raw.selectFrom('record_versions').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst();
    return Number(row?.n);
  } finally {
    await raw.destroy();
  }
}

it('refuses a card number in row 99,999 and a type the source is not scoped for, and keeps neither that number nor the one in the file\'s name', async () => {
  await admin('create-service-account', 'crm', '--types', 'customer', '--reason', 'Ticket OPS-11: first load');
  const inRow = testPan('37', 15);
  const inName = testPan('6011', 16);
  const file = join(dir, `export ${dashedPan(inName)};$(id).ndjson`);
  const same = JSON.stringify(customerRecord('CUS-IA-1'));
  await writeLines(file, (function* () {
    for (let i = 1; i <= 99_998; i++) yield same;
    yield JSON.stringify(customerRecord('CUS-IA-2', 1, { city: `card ${inRow}` }));
    yield JSON.stringify(customerRecord('CUS-IA-3'));
    yield JSON.stringify(paymentRecord('TX-IA-1', 'ORD-IA-1'));
  })());
  const done = await importRun('crm', file, 10_000);
  expect(done.code, done.stderr).toBe(0);
  expect(done.stdout).toContain('import done: 100,001 lines');
  expect(done.stdout).toContain('stored 2, updated 0, unchanged 99,997, stale 0, refused 2');
  expect(done.stdout).toContain('1 × pan_refused data.city');
  expect(done.stdout).toContain('1 × type_not_allowed type');
  const sent = [inRow, inName, testPan()];
  expect([...sentNumbersIn(digitStreams(done.stdout + done.stderr), sent)]).toEqual([]);
  for (const f of await filesAtRest({ dataDir: join(dir, 'data'), database: await testDatabaseFor(dir) })) expect([...sentNumbersIn(digitStreams(f.bytes), sent)], f.name).toEqual([]);
});

it('refuses every row of a CSV whose header names a column with a card number, by reason and without the number', async () => {
  const pan = testPan('4', 16);
  const file = join(dir, 'hostile-header.csv');
  const header = `type,version,customerId,displayName,email,phone,city,postcode,country,memberSince,a${pan}`;
  const row = (id: string) => `${csvLine(customerRecord(id)).split(',').slice(0, 10).join(',')},x`;
  writeFileSync(file, [header, row('CUS-IA-5'), row('CUS-IA-6'), '"unclosed,1', ''].join('\n'));
  const done = await importRun('crm', file, 100);
  expect(done.code, done.stderr).toBe(0);
  expect(done.stdout).toContain('stored 0, updated 0, unchanged 0, stale 0, refused 3');
  expect(done.stdout).toContain('2 × pan_refused data.a[card');
  expect(done.stdout).toContain('1 × unreadable_line unbalanced quotes');
  expect([...sentNumbersIn(digitStreams(done.stdout + done.stderr), [pan])]).toEqual([]);
});

it('starts over, not at the old position, when the file changed since the last run', async () => {
  const file = join(dir, 'changing.ndjson');
  const lines = (v: number) => [JSON.stringify(customerRecord('CUS-IA-7', v, { displayName: `Version ${v}` })), ...Array.from({ length: 9 }, (_, i) => JSON.stringify(customerRecord(`CUS-IA-8${i}`)))];
  await writeLines(file, lines(1));
  expect((await importRun('crm', file, 3)).stdout).toContain('stored 10, updated 0');
  // The first line changes under the finished import: the checkpoint of the old content is not this file's.
  await writeLines(file, lines(2));
  const again = await importRun('crm', file, 3);
  expect(again.stdout).not.toContain('resumed');
  expect(again.stdout).toContain('stored 0, updated 1, unchanged 9');
});

it('stops an import at the next chunk once the source\'s account is revoked', async () => {
  const created = await admin('create-service-account', 'erp', '--types', 'customer', '--reason', 'Ticket OPS-12: migration');
  const accountId = /created service account (\S+)/.exec(created)?.[1] ?? '';
  const file = join(dir, 'long.ndjson');
  const total = 20_000;
  await writeLines(file, Array.from({ length: total }, (_, i) => JSON.stringify(customerRecord(`CUS-IB-${i}`))));
  const before = await storedVersions();
  const revocation: { answer?: Promise<string> } = {};
  // One record a chunk, so the import is still writing when the revocation (another process) lands.
  const done = await importRun('erp', file, 1, (stderr) => {
    if (revocation.answer === undefined && stderr.includes(' lines;')) revocation.answer = admin('revoke-service-account', accountId, '--reason', 'Ticket OPS-13: token leaked');
  });
  expect(await revocation.answer).toContain('revoked service account');
  expect(done.code).not.toBe(0);
  expect(done.stderr).toContain('The service account was revoked');
  const written = (await storedVersions()) - before;
  expect(written).toBeGreaterThan(0);
  expect(written).toBeLessThan(total);
  // What a run after the revocation writes: nothing, refused before a line is read.
  const after = await importRun('erp', file, 1);
  expect(after.code).toBe(2);
  expect((await storedVersions()) - before).toBe(written);
});
