// The gateway's own secrets: the card-HMAC pepper, the JWT signing key and the
// key that seals TOTP secrets at rest. The demo creates them once per data
// folder with mode 0600; a production start reads them from files or the
// environment instead (deploy/secrets-source.ts) and never generates any.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const KeySchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, { error: 'expected 32 bytes, base64url' });
const GatewaySecretsFileSchema = z.object({ panPepper: KeySchema, jwtKey: KeySchema, sealKey: KeySchema });

export interface GatewaySecrets {
  readonly panPepper: Buffer;
  readonly jwtKey: Buffer;
  readonly sealKey: Buffer;
}

export const SECRETS_FILE = 'gateway-secrets.json';

export function loadOrCreateSecrets(dataDir: string): GatewaySecrets {
  const path = join(dataDir, SECRETS_FILE);
  if (!existsSync(path)) {
    // On PostgreSQL nothing else creates the data folder.
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const fresh = { panPepper: newKey(), jwtKey: newKey(), sealKey: newKey() };
    writeFileSync(path, JSON.stringify(fresh), { mode: 0o600, flag: 'wx' });
  }
  const parsed = GatewaySecretsFileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`${path} is malformed: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  return {
    panPepper: Buffer.from(parsed.data.panPepper, 'base64url'),
    jwtKey: Buffer.from(parsed.data.jwtKey, 'base64url'),
    sealKey: Buffer.from(parsed.data.sealKey, 'base64url'),
  };
}

const newKey = (): string => randomBytes(32).toString('base64url');
