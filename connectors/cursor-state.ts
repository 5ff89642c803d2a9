// The connector's cursor between runs, in one small JSON file (mode 0600). It is
// replaced atomically (write a temporary file, then rename), so a crash leaves
// the old cursor or the new one, never half of either; the cursor only moves
// after the gateway has answered for every record before it.
import { readFile, rename, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import type { ConnectorCursor } from './shop-connector.ts';

const StateSchema = z.object({ connector: z.string(), cursor: z.record(z.string(), z.string()) }).strict();

export class CursorStateError extends Error {
  override readonly name = 'CursorStateError';
}

export async function readCursor(path: string, connector: string): Promise<ConnectorCursor | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CursorStateError(`${path} is not a connector state file`);
  }
  const parsed = StateSchema.safeParse(json);
  if (!parsed.success) throw new CursorStateError(`${path} is not a connector state file`);
  if (parsed.data.connector !== connector) throw new CursorStateError(`${path} holds the cursor of connector ${parsed.data.connector}, not ${connector}`);
  return parsed.data.cursor;
}

export async function writeCursor(path: string, connector: string, cursor: ConnectorCursor): Promise<void> {
  const temporary = `${path}.${String(process.pid)}.tmp`;
  await writeFile(temporary, JSON.stringify({ connector, cursor }), { mode: 0o600 });
  await rename(temporary, path);
}
