// RFC 9162 §2.1.1 hashing: a leaf is SHA-256(0x00 ‖ entry), a node is
// SHA-256(0x01 ‖ left ‖ right), and the empty tree's root is SHA-256 of nothing.
// The prefixes keep a leaf from ever passing for a node (second preimages).
import { sha256, type Sha256 } from './sha256.ts';

export const HASH_SIZE = 32;
export const EMPTY_ROOT: Uint8Array = sha256(new Uint8Array(0));

/** `hash` may be a native SHA-256 (leaves are the long inputs); nodes are 65 bytes, where this one keeps up. */
export function leafHash(entry: Uint8Array, hash: Sha256 = sha256): Uint8Array {
  const input = new Uint8Array(entry.length + 1);
  input[0] = 0x00;
  input.set(entry, 1);
  return hash(input);
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  const input = new Uint8Array(1 + HASH_SIZE * 2);
  input[0] = 0x01;
  input.set(left, 1);
  input.set(right, 1 + HASH_SIZE);
  return sha256(input);
}
