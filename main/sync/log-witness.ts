// The desk as a witness of the gateway's transparency log (issue 25). Every
// batch ack's receipt must prove the batch's last entry in a checkpoint signed
// by the log key the policy pins; every heartbeat ack's checkpoint must be
// consistent with the last one this desk verified, which it then keeps (under
// its audit queue's tag). A fork or a rollback is reported once per pair, with
// both signed checkpoints: the pair proves the gateway showed two histories.
import type { AuditBatchEntry } from '../../shared/api.ts';
import type { LogReceipt, LogView } from '../../shared/schemas/transparency.ts';
import { auditLeafHash } from '../../shared/transparency/audit-leaf.ts';
import { openCheckpoint, type OpenedCheckpoint } from '../../shared/transparency/checkpoint.ts';
import { parseVerifierKey } from '../../shared/transparency/ed25519-keys.ts';
import { refuse, TransparencyError } from '../../shared/transparency/errors.ts';
import { ed25519NoteVerifier } from '../../shared/transparency/note-signers.ts';
import { decodeProofHashes } from '../../shared/transparency/proof-schemas.ts';
import { verifyConsistency, verifyInclusion } from '../../shared/transparency/proof-verify.ts';

/** Where the last verified checkpoint is kept (the audit queue, under its HMAC). */
export interface CheckpointStore {
  witnessedCheckpoint(): string | null;
  keepWitnessedCheckpoint(note: string): void;
}

export interface LogInconsistency {
  /** The checkpoint this desk had verified, and the one the gateway now shows. */
  readonly held: string;
  readonly received: string;
  readonly reason: string;
}

export interface LogWitness {
  /** Throws a TransparencyError unless the receipt proves `last` (the batch's last entry) in a checkpoint of the pinned log. */
  verifyReceipt(deviceId: string, last: AuditBatchEntry, receipt: LogReceipt | undefined): Promise<void>;
  /** The tree size of the checkpoint this desk holds, for its heartbeat. */
  heldSize(): number | undefined;
  /** Checks a heartbeat ack's view; keeps its checkpoint when consistent, reports it (once) when not. */
  observe(view: LogView | undefined): Promise<void>;
}

export function createLogWitness(deps: {
  /** The policy's pin: the log's origin and its verifier key (c2sp.org/signed-note). */
  pin: { origin: string; verifierKey: string };
  store: CheckpointStore;
  onInconsistent: (found: LogInconsistency) => void;
}): LogWitness {
  const key = parseVerifierKey(deps.pin.verifierKey);
  if (key.name !== deps.pin.origin) throw new Error('the pinned log key is named for another origin');
  const expected = { origin: deps.pin.origin, verifiers: [ed25519NoteVerifier(key.name, key.publicKey)] };
  const open = (note: string): Promise<OpenedCheckpoint> => openCheckpoint(note, expected);
  const reported = new Set<string>();

  const held = async (): Promise<OpenedCheckpoint | null> => {
    const note = deps.store.witnessedCheckpoint();
    return note === null ? null : open(note);
  };
  let heldSize: number | undefined;

  const check = async (view: LogView, before: OpenedCheckpoint | null): Promise<OpenedCheckpoint> => {
    const now = await open(view.checkpoint);
    if (before === null) return now;
    const { fromSize, toSize, hashes } = view.consistency;
    if (now.checkpoint.size < before.checkpoint.size) refuse('proof_mismatch', `the log went back from ${before.checkpoint.size} to ${now.checkpoint.size} entries`);
    if (fromSize !== before.checkpoint.size || toSize !== now.checkpoint.size) refuse('proof_malformed', 'the consistency proof is not between the held and the new checkpoint');
    verifyConsistency(fromSize, toSize, before.checkpoint.rootHash, now.checkpoint.rootHash, decodeProofHashes(hashes));
    return now;
  };

  return {
    async verifyReceipt(deviceId, last, receipt) {
      if (receipt === undefined) refuse('proof_malformed', 'the ack carries no transparency log receipt');
      const { checkpoint } = await open(receipt.checkpoint);
      const { leafIndex, treeSize, hashes } = receipt.proof;
      if (treeSize !== checkpoint.size) refuse('proof_malformed', 'the receipt proof is for another tree size than its checkpoint');
      verifyInclusion(leafIndex, treeSize, auditLeafHash({ deviceId, ...last }), decodeProofHashes(hashes), checkpoint.rootHash);
    },
    heldSize() {
      if (heldSize === undefined) {
        const note = deps.store.witnessedCheckpoint();
        // Only a size for the heartbeat: the note is verified when the next view is checked against it.
        heldSize = note === null ? 0 : Number(note.split('\n')[1] ?? 0) || 0;
      }
      return heldSize;
    },
    async observe(view) {
      const before = await held().catch(() => null);
      try {
        if (view === undefined) refuse('proof_malformed', 'the heartbeat ack carries no checkpoint of the pinned log');
        const now = await check(view, before);
        if (before === null || now.checkpoint.size >= before.checkpoint.size) {
          deps.store.keepWitnessedCheckpoint(view.checkpoint);
          heldSize = now.checkpoint.size;
        }
      } catch (error) {
        if (!(error instanceof TransparencyError)) throw error;
        const found = { held: deps.store.witnessedCheckpoint() ?? '', received: view?.checkpoint ?? '', reason: error.message };
        const pair = `${found.held}\n${found.received}`;
        if (reported.has(pair)) return;
        reported.add(pair);
        deps.onInconsistent(found);
      }
    },
  };
}
