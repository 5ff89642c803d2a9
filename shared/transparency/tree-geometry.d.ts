export declare const MAX_TREE_SIZE: number;
/** The deepest a tree of MAX_TREE_SIZE leaves goes. */
export declare const MAX_TREE_HEIGHT = 53;
/** A complete subtree: the 2^level leaves from index·2^level on. Level 0 is a leaf. */
export interface NodeId {
    readonly level: number;
    readonly index: number;
}
export declare function checkTreeSize(size: number, what?: string): number;
/** The largest power of two strictly below n (n ≥ 2). */
export declare function splitPoint(n: number): number;
export declare function isPowerOfTwo(n: number): boolean;
/**
 * The complete subtrees that make up leaves [start, end), largest first, for a range that starts on a
 * multiple of a power of two at least as large as the range (every range RFC 9162's recursion visits).
 * Their hashes folded from the right give the range's Merkle tree hash.
 */
export declare function subtreeNodes(start: number, end: number): NodeId[];
