// The card-lookup figures of `npm run bench:lookup` (bench/lookup.bench.ts),
// run as it is, in its own process with a keychain, and read from its JSON.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const Percentiles = z.object({ p50: z.number(), p95: z.number() });
const LookupOutput = z.object({ customers: z.number(), lookups: z.number(), fullPath: Percentiles, directInProcess: Percentiles });
export type LookupFigures = z.infer<typeof LookupOutput>;

export async function lookupFigures(): Promise<LookupFigures> {
  const child = spawn('bash', ['scripts/with-keyring.sh', process.execPath, 'bench/lookup.bench.ts'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`bench/lookup.bench.ts exited ${String(code)}: ${stderr.slice(-500)}`);
  return LookupOutput.parse(JSON.parse(stdout));
}
