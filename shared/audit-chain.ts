// The byte strings that the audit hash chain and the batch signature cover.
// Main (which appends and signs) and the server (which verifies) both build them
// here, so the two cannot disagree about what was hashed or signed.
import { z } from 'zod';

/** The prev_hash of sequence number 1. */
export const GENESIS_HASH = '0'.repeat(64);
export const Sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/, { error: 'expected a lowercase SHA-256 hex digest' });
/**
 * The highest sequence number a chain may reach: 11 digits, shorter than any card
 * number (12-19 digits), so a desk-reported seq the gateway stores (an event's, a
 * promised queue head's) can never be a PAN. 10^11 events is millennia of a desk.
 */
export const MAX_SEQ = 99_999_999_999;
export const SeqSchema = z.number().int().min(1).max(MAX_SEQ);

/** hash = SHA-256(chainMessage(prevHash, seq, canonical)): prev_hash ‖ seq ‖ canonical, as docs/architecture.md describes the chain. */
export function chainMessage(prevHash: string, seq: number, canonicalEvent: string): string {
  return `${prevHash}\n${seq}\n${canonicalEvent}`;
}

/** AES-GCM additional data for a sealed row: binds the ciphertext to its device, place and predecessor. */
export function sealAad(deviceId: string, seq: number, prevHash: string): string {
  return `sentinel-audit-seal-v1\n${deviceId}\n${seq}\n${prevHash}`;
}

export interface BatchHead {
  readonly deviceId: string;
  readonly batchId: string;
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly headHash: string;
}

/** What the device's Ed25519 key signs for each sync batch. */
export function batchSigningMessage(head: BatchHead): string {
  return ['sentinel-audit-batch-v1', head.deviceId, head.batchId, head.firstSeq, head.lastSeq, head.headHash].join('\n');
}
