export interface SealedRow {
    readonly nonce: Buffer;
    /** Ciphertext followed by the 16-byte GCM tag. */
    readonly sealed: Buffer;
}
export declare function sealRow(key: Buffer, plaintext: string, aad: {
    deviceId: string;
    seq: number;
    prevHash: string;
}): SealedRow;
/** The plaintext, or null when the tag does not verify (tampered row, wrong place or wrong key). */
export declare function openRow(key: Buffer, row: SealedRow, aad: {
    deviceId: string;
    seq: number;
    prevHash: string;
}): string | null;
