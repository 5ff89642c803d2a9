// `npm run archive -- --database postgres://... --month YYYY-MM --out FILE`:
// the archive step of audit retention. Writes a month that retention detached
// into audit_archive to FILE (JSON lines, created new, mode 0600), checks its
// row count against the detach record, and marks it archived; the daily job may
// then drop it once it is past twelve months. The step is audited ('audit.purge').
import { resolve } from 'node:path';
import { toolArguments, type ToolArguments } from './deploy/tool-arguments.ts';
import { openToolServices } from './services.ts';

const USAGE = 'usage: npm run archive -- --database postgres://... --month YYYY-MM --out FILE [--data DIR]';

const OPTIONS = {
  database: { type: 'string' },
  month: { type: 'string' },
  out: { type: 'string' },
  data: { type: 'string', default: 'data' },
} as const;
const cli: ToolArguments<typeof OPTIONS> = toolArguments('archive', USAGE, OPTIONS);
const { values } = cli;
const database = values.database ?? process.env.SENTINEL_DATABASE_URL;
if (database === undefined || values.month === undefined || values.out === undefined) cli.usageError('--database (or SENTINEL_DATABASE_URL), --month and --out are required');
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
