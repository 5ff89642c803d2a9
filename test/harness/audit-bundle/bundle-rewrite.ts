// The attacker of issue 25 against an exported bundle: with the log key, one
// entry is rewritten, its device's chain re-hashed after it, the tree rebuilt
// and every checkpoint, consistency and inclusion proof made anew, so the
// bundle is consistent in itself; or (without the key) one checkpoint is
// signed by a key of the same name that is not the log's.
import { createHash, generateKeyPairSync } from 'node:crypto';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_FILES, type BundleManifest } from '../../../shared/audit-bundle.ts';
import { chainMessage } from '../../../shared/audit-chain.ts';
import type { AuditEvent } from '../../../shared/audit.ts';
import { canonicalJson } from '../../../shared/canonical-json.ts';
import { auditLeafHash } from '../../../shared/transparency/audit-leaf.ts';
import { fromBase64, toBase64 } from '../../../shared/transparency/bytes.ts';
import { signCheckpoint } from '../../../shared/transparency/checkpoint.ts';
import { ed25519FromSeed } from '../../../shared/transparency/ed25519-keys.ts';
import { ed25519NoteSigner } from '../../../shared/transparency/note-signers.ts';
import { buildProof } from '../../../shared/transparency/proof-build.ts';
import { consistencyPlan, inclusionPlan } from '../../../shared/transparency/proof-plan.ts';
import { parseNote } from '../../../shared/transparency/signed-note.ts';
import { parseCheckpointText } from '../../../shared/transparency/checkpoint.ts';
import { appendLeaves, edgeFromHashes, edgeNodes, edgeRoot, EMPTY_EDGE } from '../../../shared/transparency/tree-edge.ts';
import type { NodeId } from '../../../shared/transparency/tree-geometry.ts';

type Line = Record<string, unknown>;
const read = (dir: string, file: string): Line[] =>
  readFileSync(join(dir, file), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Line);
const write = (dir: string, file: string, lines: readonly unknown[]): void => writeFileSync(join(dir, file), lines.map((l) => `${JSON.stringify(l)}\n`).join(''));

/** A copy of the bundle at `outDir` whose entry `k` has the opposite outcome, re-hashed, re-treed and re-signed with `logKey`. */
export async function resignBundle(dir: string, outDir: string, logKey: Buffer, k: number): Promise<string> {
  cpSync(dir, outDir, { recursive: true });
  const manifest = read(dir, BUNDLE_FILES.manifest)[0] as unknown as BundleManifest;
  if (manifest.start !== 0) throw new Error('the rewrite rebuilds the whole tree: export from the first entry');
  const entries = read(dir, BUNDLE_FILES.entries) as { deviceId: string; seq: number; prevHash: string; hash: string; event: AuditEvent }[];
  const target = entries[k];
  if (target === undefined) throw new Error(`no entry ${k}`);
  let relink: string | null = null;
  for (const entry of entries.slice(k)) {
    if (entry.deviceId !== target.deviceId) continue;
    if (entry === target) entry.event = { ...entry.event, outcome: entry.event.outcome === 'success' ? 'failure' : 'success' };
    if (relink !== null) entry.prevHash = relink;
    entry.hash = createHash('sha256').update(chainMessage(entry.prevHash, entry.seq, canonicalJson(entry.event))).digest('hex');
    relink = entry.hash;
  }
  write(outDir, BUNDLE_FILES.entries, entries);

  const { finished } = appendLeaves(EMPTY_EDGE, entries.map((e) => auditLeafHash(e)));
  const nodes = new Map(finished.map((n) => [`${n.level}/${n.index}`, n.hash]));
  const source = (ids: readonly NodeId[]) => Promise.resolve(ids.map((n) => nodes.get(`${n.level}/${n.index}`) ?? new Uint8Array(0)));
  const rootAt = (size: number) => edgeRoot(edgeFromHashes(size, edgeNodes(size).map((n) => nodes.get(`${n.level}/${n.index}`) ?? new Uint8Array(0))));
  const signer = ed25519NoteSigner(manifest.origin, await ed25519FromSeed(new Uint8Array(logKey)));
  const sizes = read(dir, BUNDLE_FILES.checkpoints).map((c) => c.size as number);
  const checkpoints = [];
  for (const size of sizes) checkpoints.push({ size, note: await signCheckpoint({ origin: manifest.origin, size, rootHash: rootAt(size), extensions: [] }, signer) });
  write(outDir, BUNDLE_FILES.checkpoints, checkpoints);
  const consistency = [];
  for (const [n, size] of sizes.entries()) {
    const previous = sizes[n - 1];
    if (previous !== undefined) consistency.push({ fromSize: previous, toSize: size, hashes: (await buildProof(consistencyPlan(previous, size), source)).map(toBase64) });
  }
  write(outDir, BUNDLE_FILES.consistency, consistency);
  const inclusion = [];
  for (const proof of read(dir, BUNDLE_FILES.inclusion) as { leafIndex: number; treeSize: number }[]) {
    inclusion.push({ ...proof, hashes: (await buildProof(inclusionPlan(proof.leafIndex, proof.treeSize), source)).map(toBase64) });
  }
  write(outDir, BUNDLE_FILES.inclusion, inclusion);
  return outDir;
}

/** A copy of the bundle whose checkpoint line `n` is signed, under the log's name, by a fresh key. */
export async function signWithOtherKey(dir: string, n: number): Promise<string> {
  const outDir = `${dir}-foreign-${n}`;
  cpSync(dir, outDir, { recursive: true });
  const seed = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }).d ?? '';
  const checkpoints = read(dir, BUNDLE_FILES.checkpoints) as { size: number; note: string }[];
  const line = checkpoints[n];
  if (line === undefined) throw new Error(`no checkpoint ${n}`);
  const checkpoint = parseCheckpointText(parseNote(line.note).text);
  line.note = await signCheckpoint(checkpoint, ed25519NoteSigner(checkpoint.origin, await ed25519FromSeed(fromBase64(Buffer.from(seed, 'base64url').toString('base64'), 'key_invalid', 'seed'))));
  write(outDir, BUNDLE_FILES.checkpoints, checkpoints);
  return outDir;
}
