// `npm run archive -- --database postgres://... --month YYYY-MM --out FILE`:
// the archive step of audit retention. Writes a month that retention detached
// into audit_archive to FILE (JSON lines, created new, mode 0600), checks its
// row count against the detach record, and marks it archived; the daily job may
// then drop it once it is past twelve months. The step is audited ('audit.purge').
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openToolServices } from './services.ts';

const USAGE = 'usage: npm run archive -- --database postgres://... --month YYYY-MM --out FILE [--data DIR]';

const EXIT_USAGE = 2;

function usageError(reason: string): never {
  process.stderr.write(`archive: ${reason}\n${USAGE}\n`);
  process.exit(EXIT_USAGE);
}

let parsed;
try {
  parsed = parseArgs({
    args: process.argv.slice(2),
    options: {
      database: { type: 'string' },
      month: { type: 'string' },
      out: { type: 'string' },
      data: { type: 'string', default: 'data' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
} catch (error) {
  usageError(error instanceof Error ? error.message : String(error));
}
const { values } = parsed;
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const database = values.database ?? process.env.SENTINEL_DATABASE_URL;
if (database === undefined || values.month === undefined || values.out === undefined) usageError('--database (or SENTINEL_DATABASE_URL), --month and --out are required');
const month = values.month;
const out = resolve(values.out);
// Only the store, the gateway's audit chain and alerts: the step needs no secrets and serves nothing.
let tools;
try {
  tools = await openToolServices({ dataDir: resolve(values.data), database, reportError: (_what, error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  } });
} catch (error) {
  process.stderr.write(`archive: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
const { retention, close } = tools;
try {
  const record = await retention.archiveMonth(month, out);
  process.stdout.write(`${JSON.stringify({ month: record.month, rows: record.rows, file: record.archive_file, archivedAt: record.archived_at })}\n`);
} catch (error) {
  process.stderr.write(`archive failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await close();
}
