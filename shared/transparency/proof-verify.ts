// Verifies inclusion (RFC 9162 §2.1.3.2) and consistency (§2.1.4.2) proofs.
// Sizes are checked first and the proof length must be exactly what the sizes
// imply, so every loop is bounded by the tree's height: a hostile proof gets a
// typed refusal, never a hang or a crash.
import { bytesEqual } from './bytes.ts';
import { refuse } from './errors.ts';
import { consistencyPlan, inclusionPlan } from './proof-plan.ts';
import { HASH_SIZE, nodeHash } from './tree-hash.ts';
import { isPowerOfTwo } from './tree-geometry.ts';

function checkHashes(hashes: readonly Uint8Array[], expected: number, what: string): void {
  if (hashes.length !== expected) refuse('proof_malformed', `${what} has ${hashes.length} hashes; its sizes need ${expected}`);
  for (const hash of hashes) if (hash.length !== HASH_SIZE) refuse('proof_malformed', `${what} holds a hash that is not ${HASH_SIZE} bytes`);
}

function checkRoot(root: Uint8Array, what: string): void {
  if (root.length !== HASH_SIZE) refuse('proof_malformed', `${what} is not ${HASH_SIZE} bytes`);
}

const odd = (n: number): boolean => n % 2 === 1;
const half = (n: number): number => Math.floor(n / 2);

/** The root an inclusion proof leads to from a leaf hash; throws a TransparencyError if the proof cannot fit the sizes. */
export function rootFromInclusionProof(leafIndex: number, treeSize: number, leaf: Uint8Array, proof: readonly Uint8Array[]): Uint8Array {
  checkHashes(proof, inclusionPlan(leafIndex, treeSize).length, 'inclusion proof');
  checkRoot(leaf, 'leaf hash');
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return refuse('proof_malformed', 'inclusion proof is longer than the path');
    if (odd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) return refuse('proof_malformed', 'inclusion proof is shorter than the path');
  return r;
}

/** Throws a TransparencyError unless `leaf` is at `leafIndex` in the tree of `treeSize` leaves with root `root`. */
export function verifyInclusion(leafIndex: number, treeSize: number, leaf: Uint8Array, proof: readonly Uint8Array[], root: Uint8Array): void {
  checkRoot(root, 'root hash');
  if (!bytesEqual(rootFromInclusionProof(leafIndex, treeSize, leaf, proof), root)) {
    refuse('proof_mismatch', `inclusion proof for leaf ${leafIndex} does not lead to the root of tree size ${treeSize}`);
  }
}

/** Throws a TransparencyError unless the tree (fromSize, fromRoot) is a prefix of (toSize, toRoot). */
export function verifyConsistency(fromSize: number, toSize: number, fromRoot: Uint8Array, toRoot: Uint8Array, proof: readonly Uint8Array[]): void {
  checkHashes(proof, consistencyPlan(fromSize, toSize).length, 'consistency proof');
  checkRoot(fromRoot, 'first root hash');
  checkRoot(toRoot, 'second root hash');
  if (fromSize === toSize) {
    if (!bytesEqual(fromRoot, toRoot)) refuse('proof_mismatch', `two different roots for tree size ${toSize}`);
    return;
  }
  // The empty tree is a prefix of every tree.
  if (fromSize === 0) return;
  // A power-of-two first tree is one complete subtree of the second: its root starts the path.
  const path = isPowerOfTwo(fromSize) ? [fromRoot, ...proof] : [...proof];
  let fn = fromSize - 1;
  let sn = toSize - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  const [first, ...rest] = path;
  if (first === undefined) return refuse('proof_malformed', 'consistency proof is empty');
  let fr = first;
  let sr = first;
  for (const c of rest) {
    if (sn === 0) return refuse('proof_malformed', 'consistency proof is longer than the path');
    if (odd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) return refuse('proof_malformed', 'consistency proof is shorter than the path');
  if (!bytesEqual(fr, fromRoot)) refuse('proof_mismatch', `consistency proof does not lead to the root of tree size ${fromSize}`);
  if (!bytesEqual(sr, toRoot)) refuse('proof_mismatch', `consistency proof does not lead to the root of tree size ${toSize}`);
}
