// `npm run audit-export -- --from DATE --to DATE --out DIR [--data DIR] [--database URL]`:
// writes the audit evidence bundle of a time range (audit/audit-export.ts) for
// `npm run verify`. It finds the store as the other commands do, and reads the
// log key where the gateway does (--secrets-dir, the environment, or the data
// folder), since the bundle ends at a checkpoint it may have to sign.
import { resolve } from 'node:path';
import { createAuditExport } from './audit/audit-export.ts';
import { createTransparencyLog } from './audit/transparency-log.ts';
import { GatewayConfigSchema, systemClock } from './config.ts';
import { loadGatewaySecrets } from './deploy/secrets-source.ts';
import { toolArguments, type ToolArguments } from './deploy/tool-arguments.ts';
import { openStore } from './storage/open-store.ts';

const USAGE = 'usage: npm run audit-export -- --from DATE --to DATE --out DIR [--data DIR] [--database postgres://...] [--secrets-dir DIR] [--origin ORIGIN] [--production]';
const OPTIONS = {
  from: { type: 'string' },
  to: { type: 'string' },
  out: { type: 'string' },
  data: { type: 'string', default: 'data' },
  database: { type: 'string' },
  'secrets-dir': { type: 'string' },
  origin: { type: 'string' },
  production: { type: 'boolean', default: false },
} as const;
const cli: ToolArguments<typeof OPTIONS> = toolArguments('audit-export', USAGE, OPTIONS);
const { values } = cli;
const { from, to, out } = values;
if (from === undefined || to === undefined || out === undefined) cli.usageError('--from, --to and --out are required');
if (Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to))) cli.usageError('--from and --to are dates (YYYY-MM-DD or ISO 8601)');
const dataDir = resolve(values.data);
const config = GatewayConfigSchema.parse(values.origin === undefined ? {} : { transparencyLog: { origin: values.origin } });
let store;
try {
  const secrets = loadGatewaySecrets({ production: values.production, dataDir, secretsDir: values['secrets-dir'] === undefined ? null : resolve(values['secrets-dir']), env: process.env });
  store = await openStore({ dataDir, database: values.database ?? process.env.SENTINEL_DATABASE_URL });
  const log = createTransparencyLog({ repo: store.transparencyLog, clock: systemClock, logKey: secrets.logKey, settings: config.transparencyLog });
  const exporter = createAuditExport({ repo: store.auditExport, audit: store.audit, nodes: store.transparencyLog, log, clock: systemClock });
  process.stdout.write(`${JSON.stringify(await exporter.write({ from, to }, resolve(out)))}\n`);
} catch (error) {
  process.stderr.write(`audit-export failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await store?.close();
}
