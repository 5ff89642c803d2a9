import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TransparencyError } from '../../../../shared/transparency/errors.ts';
import { buildProof, resolvePlan } from '../../../../shared/transparency/proof-build.ts';
import { consistencyPlan, inclusionPlan, nodeKey } from '../../../../shared/transparency/proof-plan.ts';
import { rootFromInclusionProof, verifyConsistency, verifyInclusion } from '../../../../shared/transparency/proof-verify.ts';
import { appendLeaves, EMPTY_EDGE, edgeNodes, edgeRoot, edgeFromHashes, type TreeEdge } from '../../../../shared/transparency/tree-edge.ts';
import { leafHash } from '../../../../shared/transparency/tree-hash.ts';
import { MAX_TREE_SIZE, type NodeId } from '../../../../shared/transparency/tree-geometry.ts';
import { assertProperty } from '../../../harness/arbitraries/property.ts';
import { entryBytes, nth, refConsistency, refLeaf, refPath, refRoot } from './reference-tree.ts';

function stored(store: ReadonlyMap<string, Uint8Array>, node: NodeId): Uint8Array {
  const hash = store.get(nodeKey(node));
  if (hash === undefined) throw new Error(`subtree ${nodeKey(node)} was never stored`);
  return hash;
}

/** A tree grown one append batch at a time, keeping every finished subtree as a store would. */
function grow(batches: readonly number[]): { leaves: Uint8Array[]; edge: TreeEdge; store: Map<string, Uint8Array>; roots: Uint8Array[] } {
  const leaves: Uint8Array[] = [];
  const store = new Map<string, Uint8Array>();
  const roots: Uint8Array[] = [];
  let edge = EMPTY_EDGE;
  for (const count of batches) {
    const batch = Array.from({ length: count }, (_, i) => leafHash(entryBytes(leaves.length + i)));
    const appended = appendLeaves(edge, batch);
    for (const node of appended.finished) store.set(nodeKey(node), node.hash);
    leaves.push(...batch);
    edge = appended.edge;
    roots.push(edgeRoot(edge));
  }
  return { leaves, edge, store, roots };
}

const code = (f: () => unknown): string => {
  try {
    f();
  } catch (error) {
    if (error instanceof TransparencyError) return error.code;
    throw error;
  }
  return 'none';
};

describe('Merkle tree (RFC 9162)', () => {
  it('hashes leaves with the 0x00 prefix and matches the recursive definition at every size to 70, appended in uneven batches', () => {
    for (let size = 0; size <= 70; size++) {
      const leaves = Array.from({ length: size }, (_, i) => entryBytes(i));
      expect(leafHash(leaves[0] ?? new Uint8Array(0))).toEqual(refLeaf(leaves[0] ?? new Uint8Array(0)));
      const batches = [Math.floor(size / 3), Math.ceil(size / 3), size - Math.floor(size / 3) - Math.ceil(size / 3)];
      expect(edgeRoot(grow(batches).edge)).toEqual(refRoot(leaves.map(refLeaf)));
    }
  });

  it('hashes a leaf the same with a native SHA-256 as with its own', () => {
    const native = (data: Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(data).digest());
    for (let i = 0; i < 50; i++) expect(leafHash(entryBytes(i).map((b) => b ^ i), native)).toEqual(leafHash(entryBytes(i).map((b) => b ^ i)));
  });

  it('rebuilds the same edge from stored subtrees, so a restart never replays leaves', () => {
    const { edge, store } = grow([13, 1, 40]);
    const restored = edgeFromHashes(edge.size, edgeNodes(edge.size).map((n) => stored(store, n)));
    const next = [leafHash(entryBytes(54))];
    expect(edgeRoot(appendLeaves(restored, next).edge)).toEqual(edgeRoot(appendLeaves(edge, next).edge));
  });

  it('builds and verifies every inclusion proof up to size 40, equal to RFC 9162 PATH', async () => {
    for (let size = 1; size <= 40; size++) {
      const { leaves, store, edge } = grow([size]);
      const root = edgeRoot(edge);
      for (let index = 0; index < size; index++) {
        const proof = await buildProof(inclusionPlan(index, size), (nodes) => Promise.resolve(nodes.map((n) => stored(store, n))));
        expect(proof).toEqual(refPath(index, leaves));
        verifyInclusion(index, size, nth(leaves, index), proof, root);
      }
    }
  });

  it('builds and verifies every consistency proof between sizes up to 40, equal to RFC 9162 PROOF', () => {
    const { leaves, store } = grow(Array.from({ length: 40 }, () => 1));
    for (let to = 1; to <= 40; to++) {
      for (let from = 0; from <= to; from++) {
        const proof = resolvePlan(consistencyPlan(from, to), (n) => stored(store, n));
        expect(proof).toEqual(refConsistency(from, leaves.slice(0, to)));
        verifyConsistency(from, to, refRoot(leaves.slice(0, from)), refRoot(leaves.slice(0, to)), proof);
      }
    }
  });

  it('refuses any proof with one flipped bit, a wrong leaf or a wrong root', () => {
    const { leaves, store, roots } = grow(Array.from({ length: 23 }, () => 1));
    const inclusion = resolvePlan(inclusionPlan(9, 23), (n) => stored(store, n));
    const consistency = resolvePlan(consistencyPlan(11, 23), (n) => stored(store, n));
    for (let i = 0; i < inclusion.length; i++) {
      const bad = inclusion.map((h, j) => (j === i ? h.map((b, k) => (k === 0 ? b ^ 1 : b)) : h));
      expect(code(() => verifyInclusion(9, 23, nth(leaves, 9), bad, nth(roots, 22)))).toBe('proof_mismatch');
    }
    for (let i = 0; i < consistency.length; i++) {
      const bad = consistency.map((h, j) => (j === i ? h.map((b, k) => (k === 31 ? b ^ 0x80 : b)) : h));
      expect(code(() => verifyConsistency(11, 23, nth(roots, 10), nth(roots, 22), bad))).toBe('proof_mismatch');
    }
    expect(code(() => verifyInclusion(9, 23, nth(leaves, 8), inclusion, nth(roots, 22)))).toBe('proof_mismatch');
    expect(code(() => verifyInclusion(8, 23, nth(leaves, 9), inclusion, nth(roots, 22)))).not.toBe('none');
    expect(code(() => verifyConsistency(11, 23, nth(roots, 11), nth(roots, 22), consistency))).toBe('proof_mismatch');
    expect(code(() => verifyConsistency(23, 23, nth(roots, 22), nth(roots, 21), []))).toBe('proof_mismatch');
  });

  it('gives a typed refusal for wrong lengths, short hashes and impossible sizes', () => {
    const { leaves, store, roots } = grow([20]);
    const proof = resolvePlan(inclusionPlan(3, 20), (n) => stored(store, n));
    const root = nth(roots, 0);
    expect(code(() => verifyInclusion(3, 20, nth(leaves, 3), proof.slice(1), root))).toBe('proof_malformed');
    expect(code(() => verifyInclusion(3, 20, nth(leaves, 3), [...proof, root], root))).toBe('proof_malformed');
    expect(code(() => verifyInclusion(3, 20, nth(leaves, 3), [nth(proof, 0).slice(1), ...proof.slice(1)], root))).toBe('proof_malformed');
    expect(code(() => verifyInclusion(3, 20, nth(leaves, 3), proof, root.slice(0, 31)))).toBe('proof_malformed');
    for (const [index, size] of [
      [20, 20],
      [-1, 20],
      [0.5, 20],
      [0, MAX_TREE_SIZE + 1],
      [0, Number.POSITIVE_INFINITY],
      [0, Number.NaN],
      [0, 1e300],
    ] as const) {
      expect(code(() => verifyInclusion(index, size, nth(leaves, 3), proof, root)), `${index}/${size}`).toBe('tree_size_invalid');
    }
    expect(code(() => verifyConsistency(21, 20, root, root, []))).toBe('tree_size_invalid');
    expect(code(() => verifyConsistency(5, 20, root, root, []))).toBe('proof_malformed');
    expect(code(() => appendLeaves({ size: MAX_TREE_SIZE, frontier: [] }, [root]))).toBe('tree_size_invalid');
  });

  it('answers the largest tree size at once: a proof needs only its height in hashes', () => {
    const size = MAX_TREE_SIZE;
    expect(inclusionPlan(size - 1, size).length).toBeLessThanOrEqual(53);
    const proof = Array.from({ length: inclusionPlan(12345, size).length }, (_, i) => refLeaf(entryBytes(i)));
    expect(code(() => verifyInclusion(12345, size, refLeaf(entryBytes(0)), proof, refLeaf(entryBytes(1))))).toBe('proof_mismatch');
    const consistency = Array.from({ length: consistencyPlan(size - 7, size).length }, (_, i) => refLeaf(entryBytes(i)));
    expect(code(() => verifyConsistency(size - 7, size, nth(proof, 0), nth(proof, 1), consistency))).toBe('proof_mismatch');
  });

  it('never throws anything but a TransparencyError, whatever the proof and sizes', () => {
    const hash = fc.oneof(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 40 }));
    const size = fc.oneof(fc.nat(100), fc.constantFrom(0, -1, MAX_TREE_SIZE, MAX_TREE_SIZE + 1, Number.NaN, 2 ** 60, 0.5));
    assertProperty(
      fc.property(size, size, hash, hash, fc.array(hash, { maxLength: 70 }), (a, b, x, y, proof) => {
        const outcomes = [
          code(() => rootFromInclusionProof(a, b, x, proof)),
          code(() => verifyInclusion(a, b, x, proof, y)),
          code(() => verifyConsistency(a, b, x, y, proof)),
        ];
        for (const outcome of outcomes) expect(typeof outcome).toBe('string');
      }),
    );
  });

  it('proves a random leaf of a random tree against the reference, built in random batches', () => {
    assertProperty(
      fc.property(fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 12 }), fc.nat(), fc.nat(), (batches, pick, pickFrom) => {
        const { leaves, store, edge } = grow(batches);
        const index = pick % leaves.length;
        const from = pickFrom % (leaves.length + 1);
        const root = edgeRoot(edge);
        const proof = resolvePlan(inclusionPlan(index, leaves.length), (n) => stored(store, n));
        verifyInclusion(index, leaves.length, nth(leaves, index), proof, root);
        const consistency = resolvePlan(consistencyPlan(from, leaves.length), (n) => stored(store, n));
        verifyConsistency(from, leaves.length, refRoot(leaves.slice(0, from)), root, consistency);
      }),
    );
  });
});
