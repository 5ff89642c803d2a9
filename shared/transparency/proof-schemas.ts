// The wire shapes of proofs and checkpoints (zod), shared by the gateway's
// answers, the desk's checks, the witness and the exported bundle. Decoding
// turns base64 into bytes with typed refusals; the verify functions check the rest.
import { z } from 'zod';
import { fromBase64 } from './bytes.ts';
import { MAX_NOTE_BYTES } from './signed-note.ts';
import { MAX_TREE_HEIGHT, MAX_TREE_SIZE } from './tree-geometry.ts';

export const TreeSizeSchema = z.number().int().min(0).max(MAX_TREE_SIZE);
/** A SHA-256 hash in standard padded base64, as in a checkpoint. */
export const TreeHashSchema = z.string().regex(/^[A-Za-z0-9+/]{43}=$/, { error: 'expected a base64 SHA-256 hash' });
/** A signed checkpoint note, as text. */
export const SignedCheckpointSchema = z.string().min(1).max(MAX_NOTE_BYTES);

export const InclusionProofSchema = z.object({
  leafIndex: TreeSizeSchema,
  treeSize: TreeSizeSchema,
  hashes: z.array(TreeHashSchema).max(MAX_TREE_HEIGHT + 1),
});
export type InclusionProof = z.infer<typeof InclusionProofSchema>;

export const ConsistencyProofSchema = z.object({
  fromSize: TreeSizeSchema,
  toSize: TreeSizeSchema,
  hashes: z.array(TreeHashSchema).max(2 * (MAX_TREE_HEIGHT + 1)),
});
export type ConsistencyProof = z.infer<typeof ConsistencyProofSchema>;

export function decodeProofHashes(hashes: readonly string[]): Uint8Array[] {
  return hashes.map((hash) => fromBase64(hash, 'proof_malformed', 'a proof hash'));
}
