// `npm run evidence -- --from YYYY-MM-DD --to YYYY-MM-DD --out FILE.zip
// [--data DIR | --database postgres://...]`: the assessor's evidence pack for
// those days (inclusive, UTC), written to FILE (created new, mode 0600), its
// manifest recorded on the gateway's audit chain like the Administration
// workspace's button. The configuration it reports is the gateway's defaults.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SYSTEM_ACTOR } from '../shared/audit.ts';
import { parseEvidenceRange, type EvidenceRange } from '../shared/schemas/evidence.ts';
import { createEvidencePacks } from './admin/evidence/evidence-pack.ts';
import { EVIDENCE_SECTIONS } from './admin/evidence/evidence-sections.ts';
import { createRegularReports } from './audit/regular-reports.ts';
import { GatewayConfigSchema, systemClock } from './config.ts';
import { openToolServices } from './services.ts';

const USAGE = 'usage: npm run evidence -- --from YYYY-MM-DD --to YYYY-MM-DD --out FILE.zip [--data DIR | --database postgres://...]';
const EXIT_USAGE = 2;

function usageError(reason: string): never {
  process.stderr.write(`evidence: ${reason}\n${USAGE}\n`);
  process.exit(EXIT_USAGE);
}

let parsed;
try {
  parsed = parseArgs({
    args: process.argv.slice(2),
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      out: { type: 'string' },
      data: { type: 'string', default: 'data' },
      database: { type: 'string' },
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
if (values.from === undefined || values.to === undefined || values.out === undefined) usageError('--from, --to and --out are required');
let range: EvidenceRange;
try {
  range = parseEvidenceRange({ from: values.from, to: values.to });
} catch (error) {
  const issues = (error as { issues?: { path: PropertyKey[]; message: string }[] }).issues ?? [];
  usageError(`invalid_range: ${issues.map((i) => `${i.path.join('.') || 'range'}: ${i.message}`).join('; ') || String(error)}`);
}
const out = resolve(values.out);
const database = values.database ?? process.env.SENTINEL_DATABASE_URL;
let tools;
try {
  tools = await openToolServices({ dataDir: resolve(values.data), database, reportError: (_what, error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  } });
} catch (error) {
  process.stderr.write(`evidence: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
const { store, audit, close } = tools;
try {
  const config = GatewayConfigSchema.parse({});
  const reports = createRegularReports({ reports: store.reports, audit: store.audit, teams: store.teams, gatewayAudit: audit, clock: systemClock, onError: () => undefined });
  const packs = createEvidencePacks({ store, config, clock: systemClock, reports, audit, sections: EVIDENCE_SECTIONS });
  const pack = await packs.build(SYSTEM_ACTOR, range);
  writeFileSync(out, pack.zip, { flag: 'wx', mode: 0o600 });
  process.stdout.write(`${JSON.stringify({ file: out, files: pack.manifest.files.length, manifestSha256: pack.manifest.manifestSha256 })}\n`);
} catch (error) {
  process.stderr.write(`evidence failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await close();
}
