// Which stored hashes make up a proof (RFC 9162 §2.1.3.1 PATH and §2.1.4.1
// SUBPROOF), before any hash is read. A proof element is one complete subtree,
// or, on the tree's ragged right edge, several folded into one. Planning first
// lets a store fetch every hash a proof needs in one read.
import { refuse } from './errors.ts';
import { checkTreeSize, splitPoint, subtreeNodes, type NodeId } from './tree-geometry.ts';

/** One entry per proof hash, in proof order: the complete subtrees whose right fold is that hash. */
export type ProofPlan = readonly (readonly NodeId[])[];

export function inclusionPlan(leafIndex: number, treeSize: number): ProofPlan {
  checkTreeSize(treeSize);
  checkTreeSize(leafIndex, 'leaf index');
  if (leafIndex >= treeSize) return refuse('tree_size_invalid', `leaf index ${leafIndex} is not in a tree of ${treeSize}`);
  const path: NodeId[][] = [];
  let lo = 0;
  let hi = treeSize;
  while (hi - lo > 1) {
    const k = splitPoint(hi - lo);
    if (leafIndex < lo + k) {
      path.push(subtreeNodes(lo + k, hi));
      hi = lo + k;
    } else {
      path.push(subtreeNodes(lo, lo + k));
      lo += k;
    }
  }
  // Walked from the root down; the proof lists siblings from the leaf up.
  return path.reverse();
}

export function consistencyPlan(fromSize: number, toSize: number): ProofPlan {
  checkTreeSize(fromSize, 'first tree size');
  checkTreeSize(toSize, 'second tree size');
  if (fromSize > toSize) return refuse('tree_size_invalid', `a tree of ${fromSize} cannot grow into one of ${toSize}`);
  if (fromSize === 0 || fromSize === toSize) return [];
  const path: NodeId[][] = [];
  let m = fromSize;
  let lo = 0;
  let hi = toSize;
  let whole = true;
  for (;;) {
    if (m === hi - lo) {
      if (!whole) path.push(subtreeNodes(lo, hi));
      break;
    }
    const k = splitPoint(hi - lo);
    if (m <= k) {
      path.push(subtreeNodes(lo + k, hi));
      hi = lo + k;
    } else {
      path.push(subtreeNodes(lo, lo + k));
      m -= k;
      lo += k;
      whole = false;
    }
  }
  return path.reverse();
}

/** Every distinct subtree a plan reads, so a store can fetch them in one query. */
export function planNodes(plan: ProofPlan): NodeId[] {
  const seen = new Map<string, NodeId>();
  for (const element of plan) for (const node of element) seen.set(nodeKey(node), node);
  return [...seen.values()];
}

export function nodeKey(node: NodeId): string {
  return `${node.level}/${node.index}`;
}
