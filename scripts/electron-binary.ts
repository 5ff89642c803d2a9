// Where the Electron binary is, or why there is none: the electron package's
// postinstall downloads it, which CI here skips (ELECTRON_SKIP_BINARY_DOWNLOAD).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ELECTRON_MISSING_FIX =
  'the Electron binary is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD, or no internet at npm ci); fix: `node node_modules/electron/install.js` on a machine that can reach GitHub';

export function electronBinary(root: string): string | null {
  const dir = join(root, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}
