// npm run witness -- --gateway URL --key FILE [--name NAME] [--every SECONDS] [--once]
// The key file holds the witness's Ed25519 seed (32 bytes, base64url); a
// missing one is created (mode 0600). The witness prints its verifier key, which
// the gateway's operator lists in transparencyLog.witnessKeys. What it pinned
// and last cosigned is kept beside the key (FILE.state.json). Exit 2 on an
// inconsistent log, with both checkpoints printed: they are the evidence.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ed25519FromSeed, ED25519_COSIGNATURE_TYPE, formatVerifierKey } from '../../shared/transparency/ed25519-keys.ts';
import { pollOnce, WitnessStateSchema } from './witness.ts';

const { values } = parseArgs({
  options: {
    gateway: { type: 'string' },
    key: { type: 'string' },
    name: { type: 'string', default: 'sentinel-witness' },
    every: { type: 'string', default: '10' },
    once: { type: 'boolean', default: false },
  },
});
if (values.gateway === undefined || values.key === undefined) {
  process.stderr.write('usage: npm run witness -- --gateway URL --key FILE [--name NAME] [--every SECONDS] [--once]\n');
  process.exit(64);
}
const keyFile = values.key;
if (!existsSync(keyFile)) writeFileSync(keyFile, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
const seed = Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64url');
const key = await ed25519FromSeed(new Uint8Array(seed));
process.stdout.write(`witness key: ${formatVerifierKey(values.name, key.publicKey, ED25519_COSIGNATURE_TYPE)}\n`);

const stateFile = `${keyFile}.state.json`;
const deps = {
  gateway: values.gateway,
  name: values.name,
  key,
  fetch: globalThis.fetch,
  now: () => Date.now(),
  state: {
    read: () => (existsSync(stateFile) ? WitnessStateSchema.parse(JSON.parse(readFileSync(stateFile, 'utf8'))) : null),
    write: (state: unknown) => {
      writeFileSync(stateFile, JSON.stringify(state), { mode: 0o600 });
    },
  },
};
const everyMs = Math.max(1, Number(values.every) || 10) * 1000;
for (;;) {
  const result = await pollOnce(deps);
  if (result.status === 'inconsistent') {
    process.stderr.write(`INCONSISTENT LOG: ${result.reason}\n--- held (cosigned earlier)\n${result.held}--- received\n${result.received}`);
    process.exit(2);
  }
  process.stdout.write(`cosigned tree size ${result.size}\n`);
  if (values.once) break;
  await new Promise((resolve) => setTimeout(resolve, everyMs));
}
