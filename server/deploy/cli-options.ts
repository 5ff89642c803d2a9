// The gateway's command line (and its environment equivalents), parsed once
// into what the process needs to start. With no options it is the demo
// gateway of old: SQLite in ./data on 127.0.0.1:8787, secrets generated there.
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { storeLocation, StoreLocationError, type StoreLocation } from '../storage/store-location.ts';

export const USAGE = [
  'usage: npm run server -- [options]',
  '  --host ADDRESS          listen address (default 127.0.0.1; any other makes this a production start)',
  '  --port N                listen port (default 8787; 0 picks a free one)',
  '  --data DIR              SQLite data folder (default ./data)',
  '  --database URL          postgres://… for PostgreSQL (env SENTINEL_DATABASE_URL); SQLite in --data otherwise',
  '  --tls-cert FILE         PEM certificate chain: serve HTTPS (TLS 1.2+); needs --tls-key',
  '  --tls-key FILE          PEM private key of --tls-cert',
  '  --trust-proxy ADDRESS   trust X-Forwarded-* only from this reverse proxy address or CIDR (comma-separated for several)',
  '  --secrets-dir DIR       folder holding pan-pepper, jwt-key and seal-key (env SENTINEL_SECRETS_DIR)',
  '  --production            require deployment secrets even on loopback with SQLite',
  '  --seed-demo             load the demo accounts and customers (demo only)',
  '  --enrolment-token-file FILE  with --seed-demo: write the demo desk\'s policy enrolment token there (mode 0600)',
  '  --sso-config FILE       single sign-on: the gateway\'s `sso` settings as JSON (providers with their client secrets; mode 0600)',
].join('\n');


export interface TlsFiles {
  readonly certPath: string;
  readonly keyPath: string;
}

export interface ServerCliOptions {
  readonly host: string;
  readonly port: number;
  /** Where the store is, and the data folder (which also holds the demo's generated secrets). */
  readonly store: StoreLocation;
  readonly tls: TlsFiles | null;
  /** Addresses or CIDRs of the reverse proxies whose X-Forwarded-For is believed; null trusts none. */
  readonly trustProxy: string | null;
  readonly secretsDir: string | null;
  /** Secrets must come from files or the environment; none is generated. */
  readonly production: boolean;
  readonly seedDemo: boolean;
  /** With the demo seed: where to write the policy enrolment token the demo desk's policy carries. */
  readonly enrolmentTokenFile: string | null;
  /** The single sign-on settings file, or null: local accounts only. */
  readonly ssoConfigFile: string | null;
  readonly help: boolean;
}

export class CliError extends Error {
  override readonly name = 'CliError';
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || (isIP(host) === 4 && host.startsWith('127.'));
}

export function parseServerCli(argv: readonly string[], env: NodeJS.ProcessEnv): ServerCliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '8787' },
        data: { type: 'string', default: 'data' },
        database: { type: 'string' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'trust-proxy': { type: 'string' },
        'secrets-dir': { type: 'string' },
        production: { type: 'boolean', default: false },
        'seed-demo': { type: 'boolean', default: false },
        'enrolment-token-file': { type: 'string' },
        'sso-config': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65_535) throw new CliError(`--port must be 0-65535, got ${values.port}`);
  if (isIP(values.host) === 0 && values.host !== 'localhost') throw new CliError(`--host must be an IP address (or localhost), got ${values.host}`);
  const store = parseStoreLocation(values.database ?? nonEmpty(env.SENTINEL_DATABASE_URL), resolve(values.data));
  const tlsCert = values['tls-cert'];
  const tlsKey = values['tls-key'];
  if ((tlsCert === undefined) !== (tlsKey === undefined)) throw new CliError('--tls-cert and --tls-key go together');
  const trustProxy = values['trust-proxy'] === undefined ? null : parseTrustProxy(values['trust-proxy']);
  const secretsDir = values['secrets-dir'] ?? nonEmpty(env.SENTINEL_SECRETS_DIR) ?? null;
  const production = values.production || !isLoopbackHost(values.host) || store.shared;
  if (production && values['seed-demo']) throw new CliError('--seed-demo loads well-known demo passwords and is refused on a production start');
  const enrolmentTokenFile = values['enrolment-token-file'];
  if (enrolmentTokenFile !== undefined && !values['seed-demo']) throw new CliError('--enrolment-token-file goes with --seed-demo');
  return {
    host: values.host,
    port,
    store,
    tls: tlsCert === undefined || tlsKey === undefined ? null : { certPath: resolve(tlsCert), keyPath: resolve(tlsKey) },
    trustProxy,
    secretsDir: secretsDir === null ? null : resolve(secretsDir),
    production,
    seedDemo: values['seed-demo'],
    enrolmentTokenFile: enrolmentTokenFile === undefined ? null : resolve(enrolmentTokenFile),
    ssoConfigFile: values['sso-config'] === undefined ? null : resolve(values['sso-config']),
    help: values.help,
  };
}

function parseStoreLocation(option: string | undefined, dataDir: string): StoreLocation {
  try {
    return storeLocation(option, dataDir);
  } catch (error) {
    throw error instanceof StoreLocationError ? new CliError(error.message) : error;
  }
}

/** One or more addresses or CIDR blocks; a name or `true` (trust everyone) is refused. */
function parseTrustProxy(value: string): string {
  const entries = value.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    const [address = '', prefix, ...rest] = entry.split('/');
    const family = isIP(address);
    const maxPrefix = family === 4 ? 32 : 128;
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= maxPrefix);
    if (family === 0 || !prefixOk || rest.length > 0) {
      throw new CliError(`--trust-proxy takes IP addresses or CIDR blocks of the reverse proxy, got "${entry}"`);
    }
  }
  return entries.join(',');
}

const nonEmpty = (value: string | undefined): string | undefined => (value === undefined || value === '' ? undefined : value);
