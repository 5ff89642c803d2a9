// The offline verifier of an audit evidence bundle (shared/audit-bundle.ts).
// It needs no gateway and no database, and trusts nothing in the bundle but
// what the pinned log key signed. In one streaming pass it:
//   1. opens every checkpoint with the pinned key(s) and checks each against the
//      one before with its consistency proof;
//   2. rebuilds the Merkle tree from the tree's edge at the bundle's start and
//      every entry (an archived one as its leaf hash), and compares the root at
//      each checkpoint's size with the signed root, and with any earlier
//      checkpoint the assessor kept;
//   3. checks each entry's hash against its content, each device's chain (no
//      gap, every link), and each desk batch's head against the entry and the
//      device's signature;
//   4. checks every inclusion proof against the last checkpoint.
// The first problem ends the pass, naming the entry index it concerns.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { BUNDLE_FILES, BundleBatchSchema, BundleCheckpointSchema, BundleConsistencySchema, BundleDeviceSchema, BundleEntrySchema, BundleInclusionSchema, BundleManifestSchema, type BundleBatch, type BundleManifest } from '../../shared/audit-bundle.ts';
import { batchSigningMessage, chainMessage, GENESIS_HASH } from '../../shared/audit-chain.ts';
import { canonicalJson } from '../../shared/canonical-json.ts';
import { auditLeafHash } from '../../shared/transparency/audit-leaf.ts';
import { bytesEqual, fromBase64, utf8 } from '../../shared/transparency/bytes.ts';
import { openCheckpoint, type Checkpoint } from '../../shared/transparency/checkpoint.ts';
import { ed25519Verify, parseVerifierKey } from '../../shared/transparency/ed25519-keys.ts';
import { TransparencyError } from '../../shared/transparency/errors.ts';
import { ed25519NoteVerifier } from '../../shared/transparency/note-signers.ts';
import { decodeProofHashes } from '../../shared/transparency/proof-schemas.ts';
import { verifyConsistency, verifyInclusion } from '../../shared/transparency/proof-verify.ts';
import type { NoteVerifier } from '../../shared/transparency/signed-note.ts';
import { appendLeaves, edgeFromHashes, edgeRoot, type TreeEdge } from '../../shared/transparency/tree-edge.ts';
import { BundleProblem } from './bundle-problem.ts';
import { ndjsonLines } from './ndjson-lines.ts';

export interface VerifyOptions {
  /** Verifier keys of the log (c2sp.org/signed-note) the assessor pinned; none: the bundle's own key, reported as unpinned. */
  readonly keys: readonly string[];
  /** Signed checkpoints the assessor (or a desk) verified before: the bundle must agree with each it covers. */
  readonly earlier: readonly string[];
}

export interface Verdict {
  readonly ok: boolean;
  /** Set when a problem concerns one entry: the first bad one. */
  readonly index: number | null;
  readonly lines: readonly string[];
}

interface ChainState {
  seq: number;
  hash: string;
  /** Archived leaves seen when this chain last moved: a gap across them is the archive's, not a deletion. */
  archivedSeen: number;
}

const fromBase64Url = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64url'));

/** Opens a note as a checkpoint of `origin` signed by one of `verifiers`; any refusal is the bundle's problem. */
async function opened(note: string, origin: string, verifiers: readonly NoteVerifier[], what: string): Promise<Checkpoint> {
  try {
    return (await openCheckpoint(note, { origin, verifiers })).checkpoint;
  } catch (error) {
    if (error instanceof TransparencyError) throw new BundleProblem(null, `${what}: ${error.message} (${error.code})`);
    throw error;
  }
}

async function readManifest(dir: string): Promise<BundleManifest> {
  for await (const manifest of ndjsonLines(join(dir, BUNDLE_FILES.manifest), BundleManifestSchema)) return manifest;
  throw new BundleProblem(null, `${BUNDLE_FILES.manifest} is empty: the export did not finish`);
}

export async function verifyBundle(dir: string, options: VerifyOptions): Promise<Verdict> {
  const report: string[] = [];
  try {
    await verify(dir, options, report);
    return { ok: true, index: null, lines: report };
  } catch (error) {
    if (!(error instanceof BundleProblem) && !(error instanceof TransparencyError)) throw error;
    const index = error instanceof BundleProblem ? error.index : null;
    return { ok: false, index, lines: [...report, `FAILED${index === null ? '' : ` at entry ${index}`}: ${error.message}`] };
  }
}

async function verify(dir: string, options: VerifyOptions, report: string[]): Promise<void> {
  const manifest = await readManifest(dir);
  const pinned = options.keys.length > 0;
  const keys = (pinned ? options.keys : [manifest.logKey]).map((k) => parseVerifierKey(k.trim()));
  const verifiers = keys.map((k) => ed25519NoteVerifier(k.name, k.publicKey));
  if (!pinned) report.push('WARNING: no log key pinned (--key): the bundle is checked against its own key, which proves only that it is self-consistent');

  // The assessor's earlier checkpoints, by size: each the bundle covers must be a root it rebuilds.
  const earlier = new Map<number, Uint8Array>();
  for (const [k, note] of options.earlier.entries()) {
    const checkpoint = await opened(note, manifest.origin, verifiers, `earlier checkpoint ${k + 1}`);
    if (checkpoint.size < manifest.start || checkpoint.size > manifest.end) {
      report.push(`note: earlier checkpoint of size ${checkpoint.size} lies outside this bundle (${manifest.start}..${manifest.end}) and was not compared`);
    } else {
      earlier.set(checkpoint.size, checkpoint.rootHash);
    }
  }

  const devices = new Map<string, { publicKey: Uint8Array; promisedSeq: number | null }>();
  for await (const d of ndjsonLines(join(dir, BUNDLE_FILES.devices), BundleDeviceSchema)) devices.set(d.deviceId, { publicKey: fromBase64Url(d.publicKey), promisedSeq: d.promisedSeq });
  const batches = new Map<string, BundleBatch>();
  for await (const b of ndjsonLines(join(dir, BUNDLE_FILES.batches), BundleBatchSchema)) batches.set(`${b.deviceId}\n${b.lastSeq}`, b);

  const checkpoints = ndjsonLines(join(dir, BUNDLE_FILES.checkpoints), BundleCheckpointSchema)[Symbol.asyncIterator]();
  const proofs = ndjsonLines(join(dir, BUNDLE_FILES.consistency), BundleConsistencySchema)[Symbol.asyncIterator]();
  let previous: Checkpoint | null = null;
  let checkpointCount = 0;
  const signers = new Set<string>();
  /** The next checkpoint, its signature and its consistency with the one before verified. */
  const nextCheckpoint = async (): Promise<Checkpoint | null> => {
    const line = await checkpoints.next();
    if (line.done === true) return null;
    const what = `checkpoint ${checkpointCount + 1} (size ${line.value.size})`;
    const checkpoint = await opened(line.value.note, manifest.origin, verifiers, what);
    if (checkpoint.size !== line.value.size) throw new BundleProblem(null, `${what}: the note says size ${checkpoint.size}`);
    signers.add(keys.find((k) => line.value.note.includes(`— ${k.name} `))?.name ?? '?');
    if (checkpoint.size < manifest.start || checkpoint.size > manifest.end) throw new BundleProblem(null, `${what} lies outside the bundle's entries ${manifest.start}..${manifest.end}`);
    if (previous !== null) {
      if (checkpoint.size <= previous.size) throw new BundleProblem(checkpoint.size, `${what} does not grow the tree (the one before has size ${previous.size})`);
      const proof = await proofs.next();
      if (proof.done === true || proof.value.fromSize !== previous.size || proof.value.toSize !== checkpoint.size) {
        throw new BundleProblem(null, `the consistency proof from size ${previous.size} to ${checkpoint.size} is missing`);
      }
      try {
        verifyConsistency(previous.size, checkpoint.size, previous.rootHash, checkpoint.rootHash, decodeProofHashes(proof.value.hashes));
      } catch (error) {
        if (error instanceof TransparencyError) throw new BundleProblem(previous.size, `${what} is not consistent with the checkpoint of size ${previous.size}: ${error.message} (two histories)`);
        throw error;
      }
    }
    previous = checkpoint;
    checkpointCount++;
    return checkpoint;
  };

  let edge: TreeEdge = edgeFromHashes(manifest.start, decodeProofHashes(manifest.startEdge));
  let pending = await nextCheckpoint();
  let lastChecked = manifest.start;
  const atSize = (size: number): void => {
    const root = edgeRoot(edge);
    const known = earlier.get(size);
    if (known !== undefined && !bytesEqual(known, root)) {
      throw new BundleProblem(lastChecked, `the entries do not rebuild your earlier checkpoint of size ${size}: history before index ${size} was rewritten (and re-signed)`);
    }
    if (pending?.size === size && !bytesEqual(pending.rootHash, root)) {
      throw new BundleProblem(lastChecked, `the entries ${lastChecked}..${size - 1} do not rebuild the signed root of the checkpoint of size ${size} (an entry there was changed, removed, reordered or comes from another history)`);
    }
  };
  const advance = async (size: number): Promise<void> => {
    while (pending?.size === size) {
      lastChecked = size;
      pending = await nextCheckpoint();
      if (pending?.size === size) throw new BundleProblem(null, `two checkpoints of size ${size}`);
    }
  };
  atSize(manifest.start);
  await advance(manifest.start);

  const chains = new Map<string, ChainState>();
  const headLeaves = new Map<number, Uint8Array>();
  let expected = manifest.start;
  let archived = 0;
  let deskEntries = 0;
  for await (const entry of ndjsonLines(join(dir, BUNDLE_FILES.entries), BundleEntrySchema)) {
    const i = entry.i;
    if (i > expected) throw new BundleProblem(expected, `entry ${expected} is missing (the next in the bundle is ${i})`);
    if (i < expected) throw new BundleProblem(i, `entry ${i} comes again, out of order (expected ${expected})`);
    if (i >= manifest.end) throw new BundleProblem(i, `entry ${i} lies beyond the last checkpoint (size ${manifest.end})`);
    let leaf: Uint8Array;
    if ('missing' in entry) throw new BundleProblem(i, `${entry.deviceId} sequence ${entry.seq} is in the log but the store no longer holds it, and no month of it was dropped (deleted)`);
    if ('archived' in entry) {
      archived++;
      leaf = fromBase64(entry.leafHash, 'proof_malformed', 'a leaf hash');
    } else {
      const { deviceId, seq, prevHash, hash, event } = entry;
      if (createHash('sha256').update(chainMessage(prevHash, seq, canonicalJson(event))).digest('hex') !== hash) throw new BundleProblem(i, `${deviceId} sequence ${seq} does not match its hash (edited)`);
      const chain = chains.get(deviceId);
      if (chain === undefined) {
        if (seq === 1 && prevHash !== GENESIS_HASH) throw new BundleProblem(i, `${deviceId} sequence 1 does not start from the genesis hash`);
      } else if (seq !== chain.seq + 1) {
        if (seq <= chain.seq || chain.archivedSeen === archived) throw new BundleProblem(i, `${deviceId} sequence ${seq} does not follow sequence ${chain.seq} (a gap or a reordering)`);
      } else if (prevHash !== chain.hash) {
        throw new BundleProblem(i, `${deviceId} sequence ${seq} does not link to sequence ${chain.seq}`);
      }
      chains.set(deviceId, { seq, hash, archivedSeen: archived });
      leaf = auditLeafHash({ deviceId, seq, prevHash, event });
      const batch = batches.get(`${deviceId}\n${seq}`);
      if (batch !== undefined) {
        deskEntries += batch.lastSeq - batch.firstSeq + 1;
        if (batch.leafIndex !== i) throw new BundleProblem(i, `batch ${batch.batchId} puts its last entry at index ${batch.leafIndex}, not ${i}`);
        if (batch.headHash !== hash) throw new BundleProblem(i, `${deviceId} sequence ${seq} is not the event its device signed in batch ${batch.batchId}`);
        const device = devices.get(deviceId);
        if (device === undefined) throw new BundleProblem(i, `batch ${batch.batchId} comes from ${deviceId}, which the bundle does not list as enrolled`);
        const message = batchSigningMessage({ deviceId, batchId: batch.batchId, firstSeq: batch.firstSeq, lastSeq: batch.lastSeq, headHash: batch.headHash });
        if (!(await ed25519Verify(device.publicKey, utf8(message), fromBase64Url(batch.signature)))) {
          throw new BundleProblem(i, `the device signature of batch ${batch.batchId} does not verify`);
        }
        headLeaves.set(i, leaf);
        batches.delete(`${deviceId}\n${seq}`);
      }
    }
    edge = appendLeaves(edge, [leaf]).edge;
    expected++;
    atSize(expected);
    await advance(expected);
  }
  if (expected < manifest.end) throw new BundleProblem(expected, `the entries end at index ${expected}, but the last checkpoint covers ${manifest.end} (truncated)`);
  if (pending !== null) throw new BundleProblem(expected, `a checkpoint of size ${pending.size} has no entries to rebuild it`);
  const last = previous as Checkpoint | null;
  if (last?.size !== manifest.end) throw new BundleProblem(null, `the last checkpoint is not of size ${manifest.end}, the end the bundle claims`);
  const [unseen] = batches.values();
  if (unseen !== undefined) throw new BundleProblem(unseen.leafIndex, `batch ${unseen.batchId} of ${unseen.deviceId} ends at an entry the bundle does not hold`);

  let inclusionCount = 0;
  for await (const proof of ndjsonLines(join(dir, BUNDLE_FILES.inclusion), BundleInclusionSchema)) {
    const leaf = headLeaves.get(proof.leafIndex);
    if (leaf === undefined) throw new BundleProblem(proof.leafIndex, `an inclusion proof names entry ${proof.leafIndex}, which ends no batch in the bundle`);
    if (proof.treeSize !== last.size) throw new BundleProblem(proof.leafIndex, `the inclusion proof of entry ${proof.leafIndex} is for tree size ${proof.treeSize}, not the last checkpoint's ${last.size}`);
    try {
      verifyInclusion(proof.leafIndex, proof.treeSize, leaf, decodeProofHashes(proof.hashes), last.rootHash);
    } catch (error) {
      if (error instanceof TransparencyError) throw new BundleProblem(proof.leafIndex, `the inclusion proof of entry ${proof.leafIndex} fails: ${error.message}`);
      throw error;
    }
    inclusionCount++;
  }

  report.push(`VERIFIED: entries ${manifest.start}..${manifest.end - 1} (${manifest.end - manifest.start}) of log ${manifest.origin}, ${manifest.from} to ${manifest.to}`);
  report.push(`  ${checkpointCount} checkpoints signed by ${[...signers].join(', ')}${signers.size > 1 ? ' (the log key rotated)' : ''}, each consistent with the one before`);
  if (earlier.size > 0) report.push(`  ${earlier.size} earlier checkpoint(s) rebuilt from the entries`);
  report.push(`  ${chains.size} chains checked link by link; ${deskEntries} desk entries under verified device signatures; ${inclusionCount} inclusion proofs`);
  if (archived > 0) report.push(`  ${archived} entries archived, present as hashes only`);
  const behind = [...devices].filter(([id, d]) => d.promisedSeq !== null && d.promisedSeq > (chains.get(id)?.seq ?? 0));
  report.push(`  ${devices.size} enrolled devices; ${devices.size - behind.length} accounted for by the trail in this range`);
  for (const [id, d] of behind) report.push(`  note: ${id} promised sequence ${d.promisedSeq ?? 0}, beyond its trail in this range (${chains.get(id)?.seq ?? 'none'}): check the bundle that covers it`);
}
