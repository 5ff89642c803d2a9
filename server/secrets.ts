// The gateway's own secrets: the card-HMAC pepper, the JWT signing key, the
// key that seals TOTP secrets at rest and the transparency log's Ed25519 key. The demo creates them once per data
// folder with mode 0600; a production start reads them from files or the
// environment instead (deploy/secrets-source.ts) and never generates any.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const KeySchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, { error: 'expected 32 bytes, base64url' });
// A data folder from before the log key gets one added on its next start.
const GatewaySecretsFileSchema = z.object({ panPepper: KeySchema, jwtKey: KeySchema, sealKey: KeySchema, logKey: KeySchema.optional() });

export interface GatewaySecrets {
  readonly panPepper: Buffer;
  readonly jwtKey: Buffer;
  readonly sealKey: Buffer;
  /** The Ed25519 seed (RFC 8032 private key) that signs transparency log checkpoints. */
  readonly logKey: Buffer;
}

export const SECRETS_FILE = 'gateway-secrets.json';

export function loadOrCreateSecrets(dataDir: string): GatewaySecrets {
  const path = join(dataDir, SECRETS_FILE);
  if (!existsSync(path)) {
    // On PostgreSQL nothing else creates the data folder.
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const fresh = { panPepper: newKey(), jwtKey: newKey(), sealKey: newKey(), logKey: newKey() };
    writeFileSync(path, JSON.stringify(fresh), { mode: 0o600, flag: 'wx' });
  }
  const parsed = GatewaySecretsFileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`${path} is malformed: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  const logKey = parsed.data.logKey ?? newKey();
  if (parsed.data.logKey === undefined) writeFileSync(path, JSON.stringify({ ...parsed.data, logKey }), { mode: 0o600 });
  return {
    logKey: Buffer.from(logKey, 'base64url'),
    panPepper: Buffer.from(parsed.data.panPepper, 'base64url'),
    jwtKey: Buffer.from(parsed.data.jwtKey, 'base64url'),
    sealKey: Buffer.from(parsed.data.sealKey, 'base64url'),
  };
}

const newKey = (): string => randomBytes(32).toString('base64url');
