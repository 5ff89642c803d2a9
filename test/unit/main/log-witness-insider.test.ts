// The desk as a witness (issue 25) against a gateway insider: a receipt proving
// another entry (another device's, or the one before) for this batch, a receipt
// whose proof names another index or tree size, a checkpoint signed by a key of
// the log's name that is not the pinned one; and heartbeat views showing a fork
// at the same size or a rollback, each reported once with both checkpoints.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLogWitness, type LogInconsistency } from '../../../main/sync/log-witness.ts';
import type { AuditBatchEntry } from '../../../shared/api.ts';
import { chainMessage, GENESIS_HASH } from '../../../shared/audit-chain.ts';
import { canonicalJson } from '../../../shared/canonical-json.ts';
import type { LogReceipt } from '../../../shared/schemas/transparency.ts';
import { auditLeafHash } from '../../../shared/transparency/audit-leaf.ts';
import { toBase64 } from '../../../shared/transparency/bytes.ts';
import { signCheckpoint } from '../../../shared/transparency/checkpoint.ts';
import { ed25519FromSeed, formatVerifierKey } from '../../../shared/transparency/ed25519-keys.ts';
import { ed25519NoteSigner } from '../../../shared/transparency/note-signers.ts';
import { buildProof } from '../../../shared/transparency/proof-build.ts';
import { consistencyPlan, inclusionPlan } from '../../../shared/transparency/proof-plan.ts';
import { appendLeaves, EMPTY_EDGE, edgeRoot } from '../../../shared/transparency/tree-edge.ts';
import { sampleAuditEvent } from '../../harness/device/audit-events.ts';

const ORIGIN = 'witness.test/audit-log';
const DEVICES = ['dev-a', 'dev-b', 'dev-a', 'dev-b', 'dev-a'] as const;

/** Entries of two devices' chains, interleaved; `variant` changes every event, so another history has other leaves. */
function history(variant: number): { deviceId: string; entry: AuditBatchEntry }[] {
  const heads = new Map<string, { seq: number; hash: string }>();
  return DEVICES.map((deviceId, i) => {
    const head = heads.get(deviceId) ?? { seq: 0, hash: GENESIS_HASH };
    const event = sampleAuditEvent({ id: `3f1c2a9e-8d4b-4c1a-9e2f-0a1b2c3d4e${variant}${i}`, origin: { deviceId, appVersion: '1', host: 'desk' } });
    const entry = { seq: head.seq + 1, prevHash: head.hash, hash: createHash('sha256').update(chainMessage(head.hash, head.seq + 1, canonicalJson(event))).digest('hex'), event };
    heads.set(deviceId, { seq: entry.seq, hash: entry.hash });
    return { deviceId, entry };
  });
}

/** A log over `entries`: signed checkpoints, inclusion and consistency proofs, with the given key seed. */
async function logOver(entries: ReturnType<typeof history>, seed = 5) {
  const key = await ed25519FromSeed(new Uint8Array(32).fill(seed));
  const { finished } = appendLeaves(EMPTY_EDGE, entries.map(({ deviceId, entry }) => auditLeafHash({ deviceId, ...entry })));
  const nodes = new Map(finished.map((n) => [`${n.level}/${n.index}`, n.hash]));
  const source = (ids: readonly { level: number; index: number }[]) => Promise.resolve(ids.map((n) => nodes.get(`${n.level}/${n.index}`) ?? new Uint8Array(0)));
  const checkpoint = (size: number) =>
    signCheckpoint({ origin: ORIGIN, size, rootHash: edgeRoot(appendLeaves(EMPTY_EDGE, entries.slice(0, size).map(({ deviceId, entry }) => auditLeafHash({ deviceId, ...entry }))).edge), extensions: [] }, ed25519NoteSigner(ORIGIN, key));
  return {
    verifierKey: formatVerifierKey(ORIGIN, key.publicKey),
    checkpoint,
    receipt: async (leafIndex: number, treeSize: number): Promise<LogReceipt> => ({
      checkpoint: await checkpoint(treeSize),
      proof: { leafIndex, treeSize, hashes: (await buildProof(inclusionPlan(leafIndex, treeSize), source)).map(toBase64) },
    }),
    view: async (fromSize: number, toSize: number) => ({
      checkpoint: await checkpoint(toSize),
      consistency: { fromSize, toSize, hashes: fromSize === 0 || fromSize >= toSize ? [] : (await buildProof(consistencyPlan(fromSize, toSize), source)).map(toBase64) },
    }),
  };
}

function entryAt(entries: ReturnType<typeof history>, i: number): AuditBatchEntry {
  const found = entries[i];
  if (found === undefined) throw new Error(`no entry ${i}`);
  return found.entry;
}

function witnessOf(verifierKey: string) {
  let kept: string | null = null;
  const found: LogInconsistency[] = [];
  const witness = createLogWitness({
    pin: { origin: ORIGIN, verifierKey },
    store: { witnessedCheckpoint: () => kept, keepWitnessedCheckpoint: (note) => (kept = note) },
    onInconsistent: (f) => found.push(f),
  });
  return { witness, found, kept: () => kept };
}

describe('the desk’s witness against a gateway insider', () => {
  it('accepts the receipt that proves the batch’s last entry', async () => {
    const entries = history(1);
    const log = await logOver(entries);
    const { witness } = witnessOf(log.verifierKey);
    await expect(witness.verifyReceipt('dev-a', entryAt(entries, 2), await log.receipt(2, 5))).resolves.toBeUndefined();
  });

  it('refuses a receipt for another entry: another device’s, the one before on the same device, or its proof under another index', async () => {
    const entries = history(1);
    const log = await logOver(entries);
    const { witness } = witnessOf(log.verifierKey);
    const last = entryAt(entries, 2);
    await expect(witness.verifyReceipt('dev-a', last, await log.receipt(3, 5))).rejects.toMatchObject({ name: 'TransparencyError' });
    await expect(witness.verifyReceipt('dev-a', last, await log.receipt(0, 5))).rejects.toMatchObject({ name: 'TransparencyError' });
    const moved = await log.receipt(2, 5);
    await expect(witness.verifyReceipt('dev-a', last, { ...moved, proof: { ...moved.proof, leafIndex: 4 } })).rejects.toMatchObject({ name: 'TransparencyError' });
    // The right entry presented as another device's is another leaf.
    await expect(witness.verifyReceipt('dev-b', last, moved)).rejects.toMatchObject({ name: 'TransparencyError' });
  });

  it('refuses a receipt whose proof is for another tree size than its checkpoint, or whose checkpoint another key signed', async () => {
    const entries = history(1);
    const log = await logOver(entries);
    const forged = await logOver(entries, 6);
    const { witness } = witnessOf(log.verifierKey);
    const last = entryAt(entries, 2);
    const other = await log.receipt(2, 4);
    await expect(witness.verifyReceipt('dev-a', last, { ...other, checkpoint: await log.checkpoint(5) })).rejects.toMatchObject({ code: 'proof_malformed' });
    await expect(witness.verifyReceipt('dev-a', last, await forged.receipt(2, 5))).rejects.toMatchObject({ name: 'TransparencyError' });
  });

  it('reports a fork at the same size and a rollback, each once and with both checkpoints, and keeps what it held', async () => {
    const log = await logOver(history(1));
    const fork = await logOver(history(2));
    const { witness, found, kept } = witnessOf(log.verifierKey);
    await witness.observe(await log.view(0, 4));
    const held = kept();
    expect(witness.heldSize()).toBe(4);

    const forked = await fork.view(4, 4);
    await witness.observe(forked);
    await witness.observe(forked);
    const back = await log.view(4, 2);
    await witness.observe(back);
    expect(found).toEqual([
      { held, received: forked.checkpoint, reason: expect.any(String) as string },
      { held, received: back.checkpoint, reason: expect.stringContaining('went back from 4 to 2') as string },
    ]);
    expect(kept()).toBe(held);
    // The honest log grows on from what was held.
    await witness.observe(await log.view(4, 5));
    expect(witness.heldSize()).toBe(5);
  });
});
