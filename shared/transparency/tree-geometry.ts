// Where things sit in an RFC 9162 tree, as plain arithmetic on leaf counts.
// Sizes go up to 2^53 - 1 (exact in a JavaScript number), so no bitwise
// operators (they truncate to 32 bits); every loop runs at most ~53 times.
import { refuse } from './errors.ts';

export const MAX_TREE_SIZE = Number.MAX_SAFE_INTEGER;
/** The deepest a tree of MAX_TREE_SIZE leaves goes. */
export const MAX_TREE_HEIGHT = 53;

/** A complete subtree: the 2^level leaves from index·2^level on. Level 0 is a leaf. */
export interface NodeId {
  readonly level: number;
  readonly index: number;
}

export function checkTreeSize(size: number, what = 'tree size'): number {
  if (!Number.isSafeInteger(size) || size < 0) return refuse('tree_size_invalid', `${what} must be an integer from 0 to ${MAX_TREE_SIZE}`);
  return size;
}

/** The largest power of two strictly below n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

export function isPowerOfTwo(n: number): boolean {
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}

/**
 * The complete subtrees that make up leaves [start, end), largest first, for a range that starts on a
 * multiple of a power of two at least as large as the range (every range RFC 9162's recursion visits).
 * Their hashes folded from the right give the range's Merkle tree hash.
 */
export function subtreeNodes(start: number, end: number): NodeId[] {
  const nodes: NodeId[] = [];
  let at = start;
  while (at < end) {
    let width = 1;
    let level = 0;
    while (at % (width * 2) === 0 && at + width * 2 <= end) {
      width *= 2;
      level++;
    }
    nodes.push({ level, index: at / width });
    at += width;
  }
  return nodes;
}
