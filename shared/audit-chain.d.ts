import { z } from 'zod';
/** The prev_hash of sequence number 1. */
export declare const GENESIS_HASH: string;
export declare const Sha256HexSchema: z.ZodString;
export declare const SeqSchema: z.ZodNumber;
/** hash = SHA-256(chainMessage(prevHash, seq, canonical)), as DESIGN.md's prev_hash ‖ seq ‖ canonical. */
export declare function chainMessage(prevHash: string, seq: number, canonicalEvent: string): string;
/** AES-GCM additional data for a sealed row: binds the ciphertext to its device, place and predecessor. */
export declare function sealAad(deviceId: string, seq: number, prevHash: string): string;
export interface BatchHead {
    readonly deviceId: string;
    readonly batchId: string;
    readonly firstSeq: number;
    readonly lastSeq: number;
    readonly headHash: string;
}
/** What the device's Ed25519 key signs for each sync batch. */
export declare function batchSigningMessage(head: BatchHead): string;
