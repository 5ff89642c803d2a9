// `npm run migrate -- --database postgres://OWNER@… --gateway-role ROLE`: the
// owner's step of a PostgreSQL deployment where the gateway runs as a role that
// owns no table (storage/gateway-role.ts). Applies pending migrations as the
// owner, puts back any append-only guard the gateway reported broken, and gives
// ROLE exactly the gateway's rights. Run it before starting gateways of a new
// version; the gateway's own --database URL names ROLE.
import { parseArgs } from 'node:util';
import { migrateAsOwner } from './storage/gateway-role.ts';

const USAGE = 'usage: npm run migrate -- --database postgres://OWNER@HOST/DB --gateway-role ROLE';
const EXIT_USAGE = 2;

function usageError(reason: string): never {
  process.stderr.write(`migrate: ${reason}\n${USAGE}\n`);
  process.exit(EXIT_USAGE);
}

let parsed;
try {
  parsed = parseArgs({
    args: process.argv.slice(2),
    options: { database: { type: 'string' }, 'gateway-role': { type: 'string' }, help: { type: 'boolean', default: false } },
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
const database = values.database ?? process.env.SENTINEL_OWNER_DATABASE_URL;
const role = values['gateway-role'];
if (database === undefined || role === undefined) usageError('--database (or SENTINEL_OWNER_DATABASE_URL) and --gateway-role are required');
try {
  process.stdout.write(`${JSON.stringify(await migrateAsOwner(database, role))}\n`);
} catch (error) {
  process.stderr.write(`migrate failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
