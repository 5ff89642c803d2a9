// The offline verifier against hostile bundles: a one-entry bundle made here
// with a throwaway log key verifies, and every malformed part (a line that is
// not JSON, a huge tree size, a truncated note, another log's origin, a wrong
// edge, a giant line) is a FAILED verdict with its reason, never a crash or a hang.
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyBundle } from '../../../scripts/audit-verifier/verify-bundle.ts';
import { BUNDLE_FILES, BUNDLE_FORMAT } from '../../../shared/audit-bundle.ts';
import { chainMessage, GENESIS_HASH } from '../../../shared/audit-chain.ts';
import { canonicalJson } from '../../../shared/canonical-json.ts';
import { auditLeafHash } from '../../../shared/transparency/audit-leaf.ts';
import { signCheckpoint } from '../../../shared/transparency/checkpoint.ts';
import { ed25519FromSeed, formatVerifierKey } from '../../../shared/transparency/ed25519-keys.ts';
import { ed25519NoteSigner } from '../../../shared/transparency/note-signers.ts';
import { sampleAuditEvent } from '../../harness/device/audit-events.ts';

const ORIGIN = 'hostile.test/audit-log';
const folders: string[] = [];
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

/** The files of a valid one-entry bundle, and its pinned key. */
async function oneEntryBundle(): Promise<{ files: Record<string, string>; key: string }> {
  const key = await ed25519FromSeed(new Uint8Array(32).fill(3));
  const event = sampleAuditEvent({ origin: { deviceId: 'gateway', appVersion: '1', host: 'gw' } });
  const hash = createHash('sha256').update(chainMessage(GENESIS_HASH, 1, canonicalJson(event))).digest('hex');
  const entry = { i: 0, deviceId: 'gateway', seq: 1, prevHash: GENESIS_HASH, hash, receivedAt: event.at, event };
  const note = await signCheckpoint({ origin: ORIGIN, size: 1, rootHash: auditLeafHash(entry), extensions: [] }, ed25519NoteSigner(ORIGIN, key));
  const verifierKey = formatVerifierKey(ORIGIN, key.publicKey);
  const manifest = { format: BUNDLE_FORMAT, origin: ORIGIN, logKey: verifierKey, from: '2000-01-01', to: '2100-01-01', start: 0, end: 1, startEdge: [], exportedAt: event.at };
  return {
    key: verifierKey,
    files: {
      [BUNDLE_FILES.manifest]: `${JSON.stringify(manifest)}\n`,
      [BUNDLE_FILES.entries]: `${JSON.stringify(entry)}\n`,
      [BUNDLE_FILES.checkpoints]: `${JSON.stringify({ size: 1, note })}\n`,
      [BUNDLE_FILES.consistency]: '',
      [BUNDLE_FILES.inclusion]: '',
      [BUNDLE_FILES.batches]: '',
      [BUNDLE_FILES.devices]: '',
    },
  };
}

function written(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sentinel-hostile-bundle-'));
  folders.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('the verifier against hostile bundles', () => {
  it('verifies the untouched one-entry bundle', async () => {
    const { files, key } = await oneEntryBundle();
    expect(await verifyBundle(written(files), { keys: [key], earlier: [] })).toMatchObject({ ok: true });
  });

  it.each([
    ['no manifest', (f: Record<string, string>) => ({ ...f, [BUNDLE_FILES.manifest]: '' }), /bundle\.json is empty/],
    ['a manifest that is not JSON', (f: Record<string, string>) => ({ ...f, [BUNDLE_FILES.manifest]: '{"format":\n' }), /not JSON/],
    ['a huge tree size', (f: Record<string, string>) => ({ ...f, [BUNDLE_FILES.manifest]: (f[BUNDLE_FILES.manifest] ?? '').replace('"end":1', '"end":1e300') }), /not a valid record/],
    ['an edge that does not fit its size', (f: Record<string, string>) => ({ ...f, [BUNDLE_FILES.manifest]: (f[BUNDLE_FILES.manifest] ?? '').replace('"start":0', '"start":5') }), /edge hashes|outside/],
    ['a truncated note', (f: Record<string, string>) => ({ ...f, [BUNDLE_FILES.checkpoints]: `${JSON.stringify({ size: 1, note: `${ORIGIN}\n1\n` })}\n` }), /checkpoint 1 .*note_malformed/],
    ['another log’s origin', (f: Record<string, string>) => ({ ...f, [BUNDLE_FILES.checkpoints]: (f[BUNDLE_FILES.checkpoints] ?? '').replace(`${ORIGIN}\\n1`, 'other.log/x\\n1') }), /origin_mismatch|note_malformed|signature/],
    ['a line of two million characters', (f: Record<string, string>) => ({ ...f, [BUNDLE_FILES.entries]: `${'x'.repeat(2_000_000)}\n` }), /longer than/],
  ])('refuses %s with a reason', async (_what, edit, reason) => {
    const { files, key } = await oneEntryBundle();
    const verdict = await verifyBundle(written(edit(files)), { keys: [key], earlier: [] });
    expect(verdict.ok).toBe(false);
    expect(verdict.lines.at(-1)).toMatch(reason);
  });

  it('gives a verdict, never a throw, for any garbage in any file', async () => {
    const { files, key } = await oneEntryBundle();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(files)), fc.string({ maxLength: 400 }), async (file, garbage) => {
        const verdict = await verifyBundle(written({ ...files, [file]: `${garbage}\n` }), { keys: [key], earlier: [] });
        expect(verdict.lines.length).toBeGreaterThan(0);
        if (!verdict.ok) expect(verdict.lines.at(-1)).toMatch(/^FAILED/);
      }),
      { numRuns: 60 },
    );
  });
});
