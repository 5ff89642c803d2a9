// The gateway's side of the transparency log: signs checkpoints with the log
// key (on demand, and on a timer while entries arrive), and answers receipts
// (a checkpoint and an entry's inclusion proof), consistency proofs, and the
// witnesses' cosignatures. The tree itself grows in the storage layer, inside
// each audit append's transaction.
import type { LogKeyAnswer, LogReceipt, LogView } from '../../shared/schemas/transparency.ts';
import { toBase64 } from '../../shared/transparency/bytes.ts';
import { openCheckpoint, signCheckpoint, type Checkpoint } from '../../shared/transparency/checkpoint.ts';
import { ed25519CosignatureVerifier } from '../../shared/transparency/cosignature.ts';
import { ed25519FromSeed, formatVerifierKey, parseVerifierKey, type Ed25519KeyPair } from '../../shared/transparency/ed25519-keys.ts';
import { TransparencyError } from '../../shared/transparency/errors.ts';
import { ed25519NoteSigner, ed25519NoteVerifier } from '../../shared/transparency/note-signers.ts';
import { buildProof } from '../../shared/transparency/proof-build.ts';
import { consistencyPlan, inclusionPlan } from '../../shared/transparency/proof-plan.ts';
import type { ConsistencyProof } from '../../shared/transparency/proof-schemas.ts';
import { formatNote, parseNote, verifyNote } from '../../shared/transparency/signed-note.ts';
import type { Clock, GatewayConfig } from '../config.ts';
import { GatewayError } from '../errors.ts';
import type { StoredCheckpoint, TransparencyLogRepo } from '../storage/repos/tlog-repo.ts';

export interface TransparencyLog {
  key(): Promise<LogKeyAnswer>;
  /** The newest checkpoint, signing one first if entries arrived since the last. */
  latest(): Promise<StoredCheckpoint>;
  /** The receipt of a stored entry; null for one the log does not hold. */
  receipt(deviceId: string, seq: number): Promise<LogReceipt | null>;
  /** The newest checkpoint and its consistency proof from `fromSize` (clamped to it when larger: the asker then sees the rollback). */
  view(fromSize: number): Promise<LogView>;
  consistency(fromSize: number, toSize: number): Promise<ConsistencyProof>;
  cosign(cosigned: string): Promise<string>;
  cosigned(size: number): Promise<string>;
}

export function createTransparencyLog(deps: {
  repo: TransparencyLogRepo;
  clock: Clock;
  /** The Ed25519 seed of the log key. */
  logKey: Buffer;
  settings: GatewayConfig['transparencyLog'];
  /** Told of each checkpoint this instance signs (the syslog sink). */
  onSigned?: (checkpoint: Checkpoint, note: string) => void;
}): TransparencyLog {
  const { repo, settings } = deps;
  const origin = settings.origin;
  let keyPair: Promise<Ed25519KeyPair> | null = null;
  const key = (): Promise<Ed25519KeyPair> => (keyPair ??= ed25519FromSeed(new Uint8Array(deps.logKey)));
  const witnesses = settings.witnessKeys.map((vkey) => parseVerifierKey(vkey)).map((k) => ed25519CosignatureVerifier(k.name, k.publicKey));

  const latest = async (): Promise<StoredCheckpoint> => {
    const [head, newest] = await Promise.all([repo.head(), repo.latestCheckpoint()]);
    if (newest !== null && newest.size >= head.size) return newest;
    const checkpoint = { origin, size: head.size, rootHash: head.rootHash, extensions: [] };
    const note = await signCheckpoint(checkpoint, ed25519NoteSigner(origin, await key()));
    await repo.saveCheckpoint(head.size, head.rootHash, note, deps.clock.now());
    deps.onSigned?.(checkpoint, note);
    return (await repo.checkpointAt(head.size)) ?? { size: head.size, note };
  };

  const consistency = async (fromSize: number, toSize: number): Promise<ConsistencyProof> => {
    const head = await repo.head();
    if (fromSize > toSize || toSize > head.size) throw new GatewayError('invalid_request', `The log has ${head.size} entries; ask for sizes from ≤ to ≤ that`);
    const hashes = await buildProof(consistencyPlan(fromSize, toSize), (nodes) => repo.nodeHashes(nodes));
    return { fromSize, toSize, hashes: hashes.map(toBase64) };
  };

  return {
    async key() {
      return { origin, verifierKey: formatVerifierKey(origin, (await key()).publicKey) };
    },
    latest,
    async receipt(deviceId, seq) {
      const leafIndex = await repo.leafIndex(deviceId, seq);
      if (leafIndex === null) return null;
      const checkpoint = await latest();
      const hashes = await buildProof(inclusionPlan(leafIndex, checkpoint.size), (nodes) => repo.nodeHashes(nodes));
      return { checkpoint: checkpoint.note, proof: { leafIndex, treeSize: checkpoint.size, hashes: hashes.map(toBase64) } };
    },
    async view(fromSize) {
      const checkpoint = await latest();
      const from = Math.min(fromSize, checkpoint.size);
      return { checkpoint: checkpoint.note, consistency: await consistency(from, checkpoint.size) };
    },
    consistency,
    async cosign(cosigned) {
      try {
        const { checkpoint, note } = await openCheckpoint(cosigned, { origin, verifiers: [ed25519NoteVerifier(origin, (await key()).publicKey)] });
        const stored = await repo.checkpointAt(checkpoint.size);
        if (stored === null || parseNote(stored.note).text !== note.text) throw new GatewayError('conflict', 'The log never signed this checkpoint');
        // Only configured witnesses count; each of theirs must verify (verifyNote refuses the note otherwise).
        const verified = await verifyNote(note, witnesses);
        for (const signature of note.signatures.filter((s) => verified.includes(s.name))) {
          const line = formatNote({ text: note.text, signatures: [signature] }).slice(note.text.length + 1, -1);
          await repo.saveCosignature(checkpoint.size, signature.name, line, deps.clock.now());
        }
        return await cosignedNote(checkpoint.size);
      } catch (error) {
        if (error instanceof TransparencyError) throw new GatewayError('invalid_request', `Not a checkpoint of this log cosigned by a known witness: ${error.message}`);
        throw error;
      }
    },
    cosigned: (size) => cosignedNote(size),
  };

  async function cosignedNote(size: number): Promise<string> {
    const stored = await repo.checkpointAt(size);
    if (stored === null) throw new GatewayError('not_found', `No checkpoint of tree size ${size}`);
    const lines = await repo.cosignatures(size);
    return stored.note + lines.map((l) => `${l.signatureLine}\n`).join('');
  }
}
