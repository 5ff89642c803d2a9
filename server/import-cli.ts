// `npm run import -- --source NAME --file FILE.ndjson|.csv [--data DIR] [--database postgres://...]
// [--secrets-dir DIR] [--production] [--chunk N]`: the first load or a migration of a system of
// record's data, written as the source's live service account would (its scope, its audit actor).
// Streamed in chunks; killed at any point, the same command continues where the last chunk
// committed. A progress line per chunk on stderr, the summary on stdout (exit 0), or the reason it
// could not run (exit 1: usage; exit 2: no live account for the source).
import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { describeIssues } from '../shared/errors.ts';
import { SourceNameSchema } from '../shared/schemas/service-accounts.ts';
import { systemClock } from './config.ts';
import { loadGatewaySecrets } from './deploy/secrets-source.ts';
import { createRecordService } from './records/record-service.ts';
import { runImport, type ImportProgress } from './records/record-import.ts';
import { personalSealing } from './customers/personal-sealing.ts';
import { openToolServices } from './services.ts';

const USAGE = 'usage: npm run import -- --source NAME --file FILE.ndjson|.csv [--data DIR] [--database postgres://...] [--secrets-dir DIR] [--production] [--chunk N]';
const EXIT_USAGE = 1;
const EXIT_REFUSED = 2;
const DEFAULT_CHUNK = 5_000;

function fail(code: number, message: string): never {
  process.stderr.write(`import: ${message}\n${code === EXIT_USAGE ? `${USAGE}\n` : ''}`);
  process.exit(code);
}

const number = (n: number): string => n.toLocaleString('en-US');

function summary(progress: ImportProgress): string {
  const t = progress.totals;
  const reasons = Object.entries(t)
    .filter(([key]) => key.startsWith('refused:'))
    .sort((a, b) => b[1] - a[1])
    .map(([key, n]) => `  ${number(n)} × ${key.slice('refused:'.length)}`);
  return [
    `import done: ${number(progress.linesDone)} lines${progress.fromLine > 0 ? ` (resumed at line ${number(progress.fromLine)})` : ''}`,
    `stored ${number(t.stored ?? 0)}, updated ${number(t.updated ?? 0)}, unchanged ${number(t.unchanged ?? 0)}, stale ${number(t.stale ?? 0)}, refused ${number(t.refused ?? 0)}`,
    ...(reasons.length > 0 ? ['refused by reason:', ...reasons] : []),
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      options: {
        source: { type: 'string' },
        file: { type: 'string' },
        data: { type: 'string', default: 'data' },
        database: { type: 'string' },
        'secrets-dir': { type: 'string' },
        production: { type: 'boolean', default: false },
        chunk: { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    fail(EXIT_USAGE, error instanceof Error ? error.message : String(error));
  }
  const source = SourceNameSchema.safeParse(values.source ?? '');
  if (!source.success) fail(EXIT_USAGE, `--source: ${describeIssues(source.error)}`);
  const file = values.file === undefined ? '' : resolve(values.file);
  const format = extname(file) === '.ndjson' ? 'ndjson' : extname(file) === '.csv' ? 'csv' : null;
  if (format === null || !existsSync(file)) fail(EXIT_USAGE, '--file must name an existing .ndjson or .csv file');
  const chunkSize = values.chunk === undefined ? DEFAULT_CHUNK : Number(values.chunk);
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1 || chunkSize > 10_000) fail(EXIT_USAGE, '--chunk must be 1 to 10000');
  const dataDir = resolve(values.data);
  const secrets = loadGatewaySecrets({ production: values.production, dataDir, secretsDir: values['secrets-dir'] === undefined ? null : resolve(values['secrets-dir']), env: process.env });
  const { store, audit, close } = await openToolServices({
    dataDir,
    database: values.database ?? process.env.SENTINEL_DATABASE_URL,
    sealing: personalSealing(secrets.sealKey),
    reportError: (what, error) => {
      process.stderr.write(`import: ${what}: ${error instanceof Error ? error.message : String(error)}\n`);
    },
  });
  try {
    const account = await store.serviceAccounts.findLiveBySource(source.data);
    if (account === null) fail(EXIT_REFUSED, `no live service account for source ${source.data}: create one first (npm run admin -- create-service-account)`);
    // Phone numbers read as the gateway reads them by default: with no calling code assumed.
    const records = createRecordService({ repo: store.records, audit, clock: systemClock, pepper: secrets.panPepper, phone: {} });
    const started = Date.now();
    const done = await runImport({
      records,
      repo: store.records,
      principal: { accountId: account.accountId, source: account.source, recordTypes: account.recordTypes },
      path: file,
      format,
      chunkSize,
      onProgress: (progress) => {
        const t = progress.totals;
        const seconds = Math.max((Date.now() - started) / 1000, 0.001);
        process.stderr.write(
          `import: ${number(progress.linesDone)} lines; stored ${number(t.stored ?? 0)}, updated ${number(t.updated ?? 0)}, refused ${number(t.refused ?? 0)}; ${number(Math.round((progress.linesDone - progress.fromLine) / seconds))} lines/s\n`,
        );
      },
    });
    process.stdout.write(summary(done));
  } finally {
    await close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`import: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(EXIT_USAGE);
});
