// npm run connect -- vendure --shop URL --shop-token-file FILE --gateway URL --token-file FILE
//   [--state FILE] [--interval S] [--sweep-interval S] [--refund-window-days D] [--once]
// Runs a shop connector as its own process: it pulls from the shop's public API
// and writes to the gateway's records API with its service account's token,
// every interval, until SIGINT or SIGTERM. Secrets come from files (or the
// environment: VENDURE_ADMIN_TOKEN, SENTINEL_SOURCE_TOKEN), never from argv.
// One JSON line per round on stdout; errors on stderr.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { gatewayRecordsClient } from './gateway-records-client.ts';
import type { ShopConnector } from './shop-connector.ts';
import { syncLoop, syncOnce, type RoundSummary } from './sync-loop.ts';
import { vendureAdminApi } from './vendure/vendure-admin-api.ts';
import { vendureConnector } from './vendure/vendure-connector.ts';

class UsageError extends Error {
  override readonly name = 'UsageError';
}

const OPTIONS = {
  shop: { type: 'string' },
  'shop-token-file': { type: 'string' },
  'channel-token': { type: 'string' },
  gateway: { type: 'string' },
  'token-file': { type: 'string' },
  state: { type: 'string' },
  interval: { type: 'string', default: '5' },
  'sweep-interval': { type: 'string', default: '60' },
  'refund-window-days': { type: 'string', default: '30' },
  once: { type: 'boolean', default: false },
} as const;

type Flags = ReturnType<typeof parseFlags>['values'];

async function secret(file: string | undefined, envName: string, what: string): Promise<string> {
  const value = file === undefined ? process.env[envName] : (await readFile(file, 'utf8')).trim();
  if (value === undefined || value === '') throw new UsageError(`${what}: give --${what} FILE or set ${envName}`);
  return value;
}

/** A duration flag in milliseconds: a non-negative number of `unit`s. */
function duration(text: string, flag: string, unit: 'seconds' | 'days'): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw new UsageError(`--${flag} takes a number of ${unit}`);
  return value * (unit === 'days' ? 86_400_000 : 1000);
}

function url(text: string | undefined, flag: string): string {
  if (text === undefined || !URL.canParse(text)) throw new UsageError(`--${flag} takes a URL`);
  return text;
}

/** One entry per shop platform: its name on the command line and how it is built from the flags. */
const CONNECTORS: Readonly<Record<string, (flags: Flags) => Promise<ShopConnector>>> = {
  vendure: async (flags) =>
    vendureConnector({
      api: vendureAdminApi({
        adminApiUrl: url(flags.shop, 'shop'),
        token: await secret(flags['shop-token-file'], 'VENDURE_ADMIN_TOKEN', 'shop-token-file'),
        ...(flags['channel-token'] === undefined ? {} : { channelToken: flags['channel-token'] }),
      }),
      now: Date.now,
      refundWindowMs: duration(flags['refund-window-days'], 'refund-window-days', 'days'),
      sweepIntervalMs: duration(flags['sweep-interval'], 'sweep-interval', 'seconds'),
    }),
};

const report = (summary: RoundSummary) => {
  process.stdout.write(`${JSON.stringify({ at: new Date().toISOString(), ...summary })}\n`);
};

function parseFlags() {
  try {
    return parseArgs({ options: OPTIONS, allowPositionals: true });
  } catch (error) {
    // An unknown or incomplete flag is the caller's mistake: a usage error, like the others.
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

async function main(): Promise<void> {
  const { values: flags, positionals } = parseFlags();
  const name = positionals[0];
  const build = name === undefined ? undefined : CONNECTORS[name];
  if (build === undefined || positionals.length !== 1) throw new UsageError(`name one connector: ${Object.keys(CONNECTORS).join(', ')}`);
  const options = {
    connector: await build(flags),
    gateway: gatewayRecordsClient({ gatewayUrl: url(flags.gateway, 'gateway'), token: await secret(flags['token-file'], 'SENTINEL_SOURCE_TOKEN', 'token-file') }),
    statePath: flags.state ?? `${name}-connector.state.json`,
  };
  if (flags.once) {
    report(await syncOnce(options));
    return;
  }
  const stop = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop.abort());
  await syncLoop({
    ...options,
    intervalMs: duration(flags.interval, 'interval', 'seconds'),
    signal: stop.signal,
    onRound: report,
    onError: (error) => console.error(`connect: round failed: ${error instanceof Error ? error.message : String(error)}`),
  });
}

main().catch((error: unknown) => {
  console.error(`connect: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
