// This desk's device ID: random, created once per installation and user
// profile, kept in the app's data folder (it is an identifier, not a secret).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DeviceIdSchema } from '../shared/api.ts';

const DeviceFileSchema = z.object({ deviceId: DeviceIdSchema });

export function loadOrCreateDeviceId(dataDir: string): string {
  const path = join(dataDir, 'device.json');
  if (existsSync(path)) return DeviceFileSchema.parse(JSON.parse(readFileSync(path, 'utf8'))).deviceId;
  const deviceId = `desk-${randomBytes(12).toString('base64url')}`;
  writeFileSync(path, JSON.stringify({ deviceId }), { mode: 0o600, flag: 'wx' });
  return deviceId;
}
