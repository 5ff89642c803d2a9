// An insider with the bundle files but not the log key (issue 25): reordering
// entries under a signed root, a duplicated entry, a checkpoint that claims
// more entries than the bundle holds, a field added inside an event (the
// schema would drop it before hashing, so it would ride along unchecked).
// Each is a FAILED verdict naming why.
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
import { appendLeaves, edgeRoot, EMPTY_EDGE } from '../../../shared/transparency/tree-edge.ts';
import { sampleAuditEvent } from '../../harness/device/audit-events.ts';

const ORIGIN = 'insider.test/audit-log';
const folders: string[] = [];
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

type Entry = Record<string, unknown>;

/** Two devices' chains interleaved (a1 b1 a2 b2), one checkpoint over all four, signed by a throwaway log key. */
async function fourEntryBundle(): Promise<{ entries: Entry[]; files: Record<string, string>; sign: (size: number, entries: Entry[]) => Promise<string>; key: string }> {
  const logKey = await ed25519FromSeed(new Uint8Array(32).fill(7));
  const heads = new Map<string, { seq: number; hash: string }>();
  const entries: Entry[] = ['dev-a', 'dev-b', 'dev-a', 'dev-b'].map((deviceId, i) => {
    const head = heads.get(deviceId) ?? { seq: 0, hash: GENESIS_HASH };
    const seq = head.seq + 1;
    const event = sampleAuditEvent({ id: `3f1c2a9e-8d4b-4c1a-9e2f-0a1b2c3d4e5${i}`, origin: { deviceId, appVersion: '1', host: 'desk' } });
    const hash = createHash('sha256').update(chainMessage(head.hash, seq, canonicalJson(event))).digest('hex');
    heads.set(deviceId, { seq, hash });
    return { i, deviceId, seq, prevHash: head.hash, hash, receivedAt: event.at, event };
  });
  const sign = async (size: number, over: Entry[]): Promise<string> => {
    const leaves = over.map((e) => auditLeafHash(e as unknown as Parameters<typeof auditLeafHash>[0]));
    const rootHash = edgeRoot(appendLeaves(EMPTY_EDGE, leaves).edge);
    return `${JSON.stringify({ size, note: await signCheckpoint({ origin: ORIGIN, size, rootHash, extensions: [] }, ed25519NoteSigner(ORIGIN, logKey)) })}\n`;
  };
  const manifest = { format: BUNDLE_FORMAT, origin: ORIGIN, logKey: formatVerifierKey(ORIGIN, logKey.publicKey), from: '2000-01-01', to: '2100-01-01', start: 0, end: 4, startEdge: [], exportedAt: '2026-11-23T16:53:50.123Z' };
  return {
    entries,
    sign,
    key: manifest.logKey,
    files: {
      [BUNDLE_FILES.manifest]: `${JSON.stringify(manifest)}\n`,
      [BUNDLE_FILES.entries]: ndjson(entries),
      [BUNDLE_FILES.checkpoints]: await sign(4, entries),
      [BUNDLE_FILES.consistency]: '',
      [BUNDLE_FILES.inclusion]: '',
      [BUNDLE_FILES.batches]: '',
      [BUNDLE_FILES.devices]: '',
    },
  };
}

const ndjson = (lines: readonly unknown[]): string => lines.map((l) => `${JSON.stringify(l)}\n`).join('');

function written(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sentinel-insider-bundle-'));
  folders.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

async function verdictOf(edit: (b: Awaited<ReturnType<typeof fourEntryBundle>>) => Promise<Record<string, string>> | Record<string, string>) {
  const bundle = await fourEntryBundle();
  return verifyBundle(written(await edit(bundle)), { keys: [bundle.key], earlier: [] });
}

describe('the verifier against an insider’s doctored bundle', () => {
  it('verifies the untouched four-entry bundle', async () => {
    expect(await verdictOf((b) => b.files)).toMatchObject({ ok: true });
  });

  it('refuses two entries of different devices swapped under the signed root (each chain still links)', async () => {
    const verdict = await verdictOf(({ entries, files }) => {
      const [a1, b1, ...rest] = entries;
      return { ...files, [BUNDLE_FILES.entries]: ndjson([{ ...b1, i: 0 }, { ...a1, i: 1 }, ...rest]) };
    });
    expect(verdict).toMatchObject({ ok: false, index: 0 });
    expect(verdict.lines.at(-1)).toMatch(/do not rebuild the signed root/);
  });

  it('refuses a duplicated entry, whether it keeps its index or takes the next one', async () => {
    const again = await verdictOf(({ entries, files }) => ({ ...files, [BUNDLE_FILES.entries]: ndjson([entries[0], entries[1], entries[1], entries[2], entries[3]]) }));
    expect(again).toMatchObject({ ok: false, index: 1 });
    expect(again.lines.at(-1)).toMatch(/comes again/);
    const renumbered = await verdictOf(({ entries, files }) => ({ ...files, [BUNDLE_FILES.entries]: ndjson([entries[0], entries[1], { ...entries[1], i: 2 }, { ...entries[2], i: 3 }]) }));
    expect(renumbered).toMatchObject({ ok: false, index: 2 });
    expect(renumbered.lines.at(-1)).toMatch(/does not follow sequence 1/);
  });

  it('refuses a signed checkpoint whose size exceeds the entries, with or without the manifest claiming it', async () => {
    const beyond = await verdictOf(async ({ entries, files, sign }) => ({ ...files, [BUNDLE_FILES.checkpoints]: await sign(5, [...entries, ...entries.slice(3)]) }));
    expect(beyond.ok).toBe(false);
    expect(beyond.lines.at(-1)).toMatch(/lies outside the bundle's entries 0..4/);
    const claimed = await verdictOf(async ({ entries, files, sign }) => ({
      ...files,
      [BUNDLE_FILES.manifest]: (files[BUNDLE_FILES.manifest] ?? '').replace('"end":4', '"end":5'),
      [BUNDLE_FILES.checkpoints]: await sign(5, [...entries, ...entries.slice(3)]),
    }));
    expect(claimed).toMatchObject({ ok: false, index: 4 });
    expect(claimed.lines.at(-1)).toMatch(/truncated/);
  });

  it('refuses a checkpoint line whose stated size differs from its signed note', async () => {
    const verdict = await verdictOf(({ files }) => ({ ...files, [BUNDLE_FILES.checkpoints]: (files[BUNDLE_FILES.checkpoints] ?? '').replace('{"size":4', '{"size":3') }));
    expect(verdict.ok).toBe(false);
    expect(verdict.lines.at(-1)).toMatch(/the note says size 4/);
  });

  it('refuses an entry hidden as archived under a leaf hash that is not its own', async () => {
    const verdict = await verdictOf(({ entries, files }) => ({
      ...files,
      [BUNDLE_FILES.entries]: ndjson([entries[0], { i: 1, archived: true, leafHash: Buffer.alloc(32, 9).toString('base64') }, entries[2], entries[3]]),
    }));
    expect(verdict).toMatchObject({ ok: false, index: 0 });
    expect(verdict.lines.at(-1)).toMatch(/do not rebuild the signed root/);
  });

  it.each(['target', 'actor', 'origin'] as const)('refuses a field added inside the event’s %s, which the hash never covered', async (part) => {
    const verdict = await verdictOf(({ entries, files }) => {
      const entry = entries[1] as { event: Record<string, object> };
      const doctored = { ...entry, event: { ...entry.event, [part]: { ...entry.event[part], approvedBy: 'the CFO' } } };
      return { ...files, [BUNDLE_FILES.entries]: ndjson([entries[0], doctored, entries[2], entries[3]]) };
    });
    expect(verdict).toMatchObject({ ok: false, index: 1 });
    expect(verdict.lines.at(-1)).toMatch(/carries fields the bundle format does not have/);
  });

  it('refuses a field added to a checkpoint line or the manifest', async () => {
    const checkpoint = await verdictOf(({ files }) => ({ ...files, [BUNDLE_FILES.checkpoints]: (files[BUNDLE_FILES.checkpoints] ?? '').replace('{"size":4', '{"size":4,"witnessedBy":"auditor"') }));
    expect(checkpoint.ok).toBe(false);
    expect(checkpoint.lines.at(-1)).toMatch(/checkpoints\.ndjson line 1 carries fields/);
    const manifest = await verdictOf(({ files }) => ({ ...files, [BUNDLE_FILES.manifest]: (files[BUNDLE_FILES.manifest] ?? '').replace('{"format"', '{"approved":true,"format"') }));
    expect(manifest.ok).toBe(false);
    expect(manifest.lines.at(-1)).toMatch(/bundle\.json line 1 carries fields/);
  });
});
