// Appending to a Merkle tree in O(log n): the tree's right edge (the complete
// subtrees that make up its size, largest first) is all an append needs. Each
// append returns the complete subtrees it finished, so a store keeps every one
// and never recomputes the tree from its first leaf.
import { refuse } from './errors.ts';
import { foldSubtrees } from './proof-build.ts';
import { EMPTY_ROOT, HASH_SIZE, nodeHash } from './tree-hash.ts';
import { checkTreeSize, MAX_TREE_SIZE, subtreeNodes, type NodeId } from './tree-geometry.ts';

export interface TreeEdge {
  readonly size: number;
  /** The hashes of subtreeNodes(0, size), largest first. */
  readonly frontier: readonly Uint8Array[];
}

export interface SubtreeHash extends NodeId {
  readonly hash: Uint8Array;
}

export const EMPTY_EDGE: TreeEdge = { size: 0, frontier: [] };

/** The right edge of a stored tree: which subtrees to read for `size`. */
export function edgeNodes(size: number): NodeId[] {
  return subtreeNodes(0, checkTreeSize(size));
}

export function edgeFromHashes(size: number, frontier: readonly Uint8Array[]): TreeEdge {
  if (frontier.length !== edgeNodes(size).length || frontier.some((h) => h.length !== HASH_SIZE)) {
    return refuse('proof_malformed', `tree size ${size} needs ${edgeNodes(size).length} edge hashes`);
  }
  return { size, frontier };
}

export function edgeRoot(edge: TreeEdge): Uint8Array {
  return edge.frontier.length === 0 ? EMPTY_ROOT : foldSubtrees(edge.frontier);
}

/** Appends leaf hashes; returns the new edge and every complete subtree the append finished (leaves included). */
export function appendLeaves(edge: TreeEdge, leaves: readonly Uint8Array[]): { edge: TreeEdge; finished: SubtreeHash[] } {
  if (edge.size + leaves.length > MAX_TREE_SIZE) return refuse('tree_size_invalid', 'the tree would outgrow its largest size');
  const frontier = [...edge.frontier];
  const finished: SubtreeHash[] = [];
  let size = edge.size;
  for (const leaf of leaves) {
    if (leaf.length !== HASH_SIZE) return refuse('proof_malformed', 'a leaf hash is not 32 bytes');
    let hash = leaf;
    let level = 0;
    let index = size;
    finished.push({ level, index, hash });
    // A right child completes its parent with the subtree to its left, on up while that keeps happening.
    while (index % 2 === 1) {
      hash = nodeHash(frontier.pop() ?? refuse('proof_malformed', `the edge of tree size ${edge.size} is missing subtrees`), hash);
      level++;
      index = (index - 1) / 2;
      finished.push({ level, index, hash });
    }
    frontier.push(hash);
    size++;
  }
  return { edge: { size, frontier }, finished };
}
