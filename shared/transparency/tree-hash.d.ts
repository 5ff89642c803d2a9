export declare const HASH_SIZE = 32;
export declare const EMPTY_ROOT: Uint8Array;
export declare function leafHash(entry: Uint8Array): Uint8Array;
export declare function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array;
