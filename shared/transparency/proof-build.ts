// Turns a proof plan into proof hashes, from any source of complete-subtree
// hashes: an in-memory tree, or a store answering a batch of (level, index).
import { refuse } from './errors.ts';
import { planNodes, nodeKey, type ProofPlan } from './proof-plan.ts';
import { HASH_SIZE, nodeHash } from './tree-hash.ts';
import type { NodeId } from './tree-geometry.ts';

/** The hashes of the given complete subtrees, in the same order. */
export type SubtreeHashSource = (nodes: readonly NodeId[]) => Promise<readonly Uint8Array[]>;

/** Folds the complete subtrees of a ragged range from the right, as the Merkle tree hash does. */
export function foldSubtrees(hashes: readonly Uint8Array[]): Uint8Array {
  let hash = hashes.at(-1);
  if (hash === undefined) return refuse('proof_malformed', 'a proof element covers no subtree');
  for (const left of hashes.slice(0, -1).reverse()) hash = nodeHash(left, hash);
  return hash;
}

export function resolvePlan(plan: ProofPlan, hashAt: (node: NodeId) => Uint8Array): Uint8Array[] {
  return plan.map((element) => foldSubtrees(element.map(hashAt)));
}

/** Reads every subtree the plan needs with one call to `source`, then folds them into the proof. */
export async function buildProof(plan: ProofPlan, source: SubtreeHashSource): Promise<Uint8Array[]> {
  const nodes = planNodes(plan);
  const hashes = nodes.length === 0 ? [] : await source(nodes);
  if (hashes.length !== nodes.length) return refuse('proof_malformed', `the store answered ${hashes.length} of ${nodes.length} subtree hashes`);
  const byKey = new Map<string, Uint8Array>();
  nodes.forEach((node, i) => {
    const hash = hashes[i];
    if (hash?.length !== HASH_SIZE) refuse('proof_malformed', `subtree ${nodeKey(node)} has no 32-byte hash`);
    byKey.set(nodeKey(node), hash);
  });
  return resolvePlan(plan, (node) => byKey.get(nodeKey(node)) ?? refuse('proof_malformed', `subtree ${nodeKey(node)} is missing`));
}
