/** The root an inclusion proof leads to from a leaf hash; throws a TransparencyError if the proof cannot fit the sizes. */
export declare function rootFromInclusionProof(leafIndex: number, treeSize: number, leaf: Uint8Array, proof: readonly Uint8Array[]): Uint8Array;
/** Throws a TransparencyError unless `leaf` is at `leafIndex` in the tree of `treeSize` leaves with root `root`. */
export declare function verifyInclusion(leafIndex: number, treeSize: number, leaf: Uint8Array, proof: readonly Uint8Array[], root: Uint8Array): void;
/** Throws a TransparencyError unless the tree (fromSize, fromRoot) is a prefix of (toSize, toRoot). */
export declare function verifyConsistency(fromSize: number, toSize: number, fromRoot: Uint8Array, toRoot: Uint8Array, proof: readonly Uint8Array[]): void;
