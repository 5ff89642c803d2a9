// An independent, deliberately naive RFC 9162 Merkle tree over Node's SHA-256:
// the recursive definitions of MTH, PATH and PROOF, to check the library against.
import { createHash } from 'node:crypto';

const sha = (...parts: Uint8Array[]): Uint8Array => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};
const split = (n: number): number => 2 ** Math.ceil(Math.log2(n) - 1);

/** The i-th item, which the test knows is there. */
export function nth<T>(items: readonly T[], i: number): T {
  const item = items[i];
  if (item === undefined) throw new Error(`no item ${i} of ${items.length}`);
  return item;
}

export const refLeaf = (entry: Uint8Array): Uint8Array => sha(Uint8Array.of(0), entry);
const refNode = (l: Uint8Array, r: Uint8Array): Uint8Array => sha(Uint8Array.of(1), l, r);

export function refRoot(leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return sha();
  if (leaves.length === 1) return nth(leaves, 0);
  const k = split(leaves.length);
  return refNode(refRoot(leaves.slice(0, k)), refRoot(leaves.slice(k)));
}

export function refPath(m: number, leaves: readonly Uint8Array[]): Uint8Array[] {
  if (leaves.length <= 1) return [];
  const k = split(leaves.length);
  return m < k ? [...refPath(m, leaves.slice(0, k)), refRoot(leaves.slice(k))] : [...refPath(m - k, leaves.slice(k)), refRoot(leaves.slice(0, k))];
}

function subproof(m: number, leaves: readonly Uint8Array[], whole: boolean): Uint8Array[] {
  const n = leaves.length;
  if (m === n) return whole ? [] : [refRoot(leaves)];
  const k = split(n);
  return m <= k
    ? [...subproof(m, leaves.slice(0, k), whole), refRoot(leaves.slice(k))]
    : [...subproof(m - k, leaves.slice(k), false), refRoot(leaves.slice(0, k))];
}

export const refConsistency = (m: number, leaves: readonly Uint8Array[]): Uint8Array[] => (m === 0 || m === leaves.length ? [] : subproof(m, leaves, true));

export const entryBytes = (i: number): Uint8Array => new TextEncoder().encode(`entry ${i}`);
