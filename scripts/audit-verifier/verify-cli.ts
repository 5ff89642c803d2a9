// `npm run verify -- DIR [--key VKEY_OR_FILE]... [--checkpoint FILE]...`: checks
// an audit evidence bundle offline (verify-bundle.ts) and prints the verdict.
// Exit 0 when it verifies, 1 when it does not, 2 for a wrong command line.
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { verifyBundle } from './verify-bundle.ts';

const USAGE = 'usage: npm run verify -- DIR [--key VERIFIER_KEY_OR_FILE]... [--checkpoint SIGNED_CHECKPOINT_FILE]...';

function usageError(reason: string): never {
  process.stderr.write(`verify: ${reason}\n${USAGE}\n`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: { key: { type: 'string', multiple: true, default: [] }, checkpoint: { type: 'string', multiple: true, default: [] }, help: { type: 'boolean', default: false } },
    strict: true,
  });
} catch (error) {
  usageError(error instanceof Error ? error.message : String(error));
}
if (parsed.values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const [dir, ...extra] = parsed.positionals;
if (dir === undefined || extra.length > 0) usageError('give exactly one bundle folder');
// A key is given as the verifier key itself or as a file holding it.
const keys = parsed.values.key.map((k) => (existsSync(k) ? readFileSync(k, 'utf8').trim() : k));
const earlier = parsed.values.checkpoint.map((file) => readFileSync(file, 'utf8'));
try {
  const verdict = await verifyBundle(dir, { keys, earlier });
  process.stdout.write(`${verdict.lines.join('\n')}\n`);
  process.exitCode = verdict.ok ? 0 : 1;
} catch (error) {
  process.stdout.write(`FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
