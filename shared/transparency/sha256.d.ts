export declare function sha256(data: Uint8Array): Uint8Array;
