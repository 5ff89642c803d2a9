// Where a gateway's secrets come from. The demo (loopback, SQLite, no
// --production) generates them in its data folder as it always did. Any
// production start takes each secret from, in order: a file named by
// SENTINEL_<NAME>_FILE, a file in --secrets-dir, or SENTINEL_<NAME> itself;
// it refuses to start while any is missing, rather than mint keys that would
// orphan every stored card HMAC and sealed TOTP secret on the next instance.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { KeySchema, loadOrCreateSecrets, type GatewaySecrets } from '../secrets.ts';

interface SecretSpec {
  readonly field: keyof GatewaySecrets;
  /** The file name in --secrets-dir. */
  readonly file: string;
  /** The environment variable (and, with _FILE, the one naming a file). */
  readonly env: string;
}

export const SECRET_SPECS: readonly SecretSpec[] = [
  { field: 'panPepper', file: 'pan-pepper', env: 'SENTINEL_PAN_PEPPER' },
  { field: 'jwtKey', file: 'jwt-key', env: 'SENTINEL_JWT_KEY' },
  { field: 'sealKey', file: 'seal-key', env: 'SENTINEL_SEAL_KEY' },
  { field: 'logKey', file: 'log-key', env: 'SENTINEL_LOG_KEY' },
];

export class SecretsError extends Error {
  override readonly name = 'SecretsError';
}

export interface SecretsSourceOptions {
  readonly production: boolean;
  readonly dataDir: string;
  readonly secretsDir: string | null;
  readonly env: NodeJS.ProcessEnv;
}

export function loadGatewaySecrets(options: SecretsSourceOptions): GatewaySecrets {
  const supplied = SECRET_SPECS.map((spec) => [spec, readSupplied(spec, options)] as const);
  const missing = supplied.filter(([, value]) => value === null).map(([spec]) => spec);
  if (missing.length === 0) {
    return Object.fromEntries(supplied.map(([spec, value]) => [spec.field, value])) as unknown as GatewaySecrets;
  }
  if (options.production) {
    const where = missing.map((spec) => `${spec.file} (${spec.env}_FILE, --secrets-dir/${spec.file}, or ${spec.env})`).join('; ');
    throw new SecretsError(
      `a production gateway needs its secrets supplied; missing: ${where}. ` +
        'Each is 32 random bytes in base64url (e.g. `openssl rand 32 | basenc --base64url | tr -d =`).',
    );
  }
  if (missing.length < SECRET_SPECS.length) {
    throw new SecretsError(`some secrets are supplied and some not (missing ${missing.map((s) => s.file).join(', ')}): supply all of them or none`);
  }
  return loadOrCreateSecrets(options.dataDir);
}

function readSupplied(spec: SecretSpec, options: SecretsSourceOptions): Buffer | null {
  const namedFile = options.env[`${spec.env}_FILE`];
  if (namedFile !== undefined && namedFile !== '') return parseKey(readSecretFile(namedFile), `${spec.env}_FILE (${namedFile})`);
  if (options.secretsDir !== null) {
    const path = join(options.secretsDir, spec.file);
    if (existsFile(path)) return parseKey(readSecretFile(path), path);
  }
  const inline = options.env[spec.env];
  if (inline !== undefined && inline !== '') return parseKey(inline, spec.env);
  return null;
}

function readSecretFile(path: string): string {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch {
    throw new SecretsError(`secret file ${path} cannot be read`);
  }
  // Like ssh with a private key: a secret others on the host can read is refused, not used.
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new SecretsError(`secret file ${path} is readable by others (mode ${(mode & 0o777).toString(8)}); chmod 600 it`);
  }
  return readFileSync(path, 'utf8');
}

function parseKey(text: string, from: string): Buffer {
  const parsed = KeySchema.safeParse(text.trim());
  // The value itself is never echoed.
  if (!parsed.success) throw new SecretsError(`${from} is not 32 bytes in base64url (43 characters)`);
  return Buffer.from(parsed.data, 'base64url');
}

function existsFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
