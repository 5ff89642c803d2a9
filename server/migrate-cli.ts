// `npm run migrate -- --database postgres://OWNER@… --gateway-role ROLE`: the
// owner's step of a PostgreSQL deployment where the gateway runs as a role that
// owns no table (storage/gateway-role.ts). Applies pending migrations as the
// owner, puts back any append-only guard the gateway reported broken, and gives
// ROLE exactly the gateway's rights. Run it before starting gateways of a new
// version; the gateway's own --database URL names ROLE.
import { toolArguments, type ToolArguments } from './deploy/tool-arguments.ts';
import { migrateAsOwner } from './storage/gateway-role.ts';

const USAGE = 'usage: npm run migrate -- --database postgres://OWNER@HOST/DB --gateway-role ROLE';
const OPTIONS = { database: { type: 'string' }, 'gateway-role': { type: 'string' } } as const;
const cli: ToolArguments<typeof OPTIONS> = toolArguments('migrate', USAGE, OPTIONS);
const { values } = cli;
const database = values.database ?? process.env.SENTINEL_OWNER_DATABASE_URL;
const role = values['gateway-role'];
if (database === undefined || role === undefined) cli.usageError('--database (or SENTINEL_OWNER_DATABASE_URL) and --gateway-role are required');
try {
  process.stdout.write(`${JSON.stringify(await migrateAsOwner(database, role))}\n`);
} catch (error) {
  process.stderr.write(`migrate failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
