// The transparency log library: RFC 9162 Merkle trees and proofs, C2SP signed
// notes, checkpoints and cosignatures. Pure (only zod and Web platform globals).
export * from './audit-leaf.ts';
export * from './bytes.ts';
export * from './checkpoint.ts';
export * from './cosignature.ts';
export * from './ed25519-keys.ts';
export * from './errors.ts';
export * from './note-signers.ts';
export * from './proof-build.ts';
export * from './proof-plan.ts';
export * from './proof-schemas.ts';
export * from './proof-verify.ts';
export * from './sha256.ts';
export * from './signed-note.ts';
export * from './tree-edge.ts';
export * from './tree-geometry.ts';
export * from './tree-hash.ts';
