// AES-256-GCM for audit rows: a random 96-bit nonce per row and AAD binding the
// row to its device, sequence number and predecessor (shared/audit-chain.ts),
// so a row cannot be moved, swapped or replayed into another chain unnoticed.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { sealAad } from '../../shared/audit-chain.ts';

const TAG_BYTES = 16;
const NONCE_BYTES = 12;

// Nonces come from a pool of CSPRNG output, each 12 bytes used once: one
// randomFill per 4096 rows instead of one per row (a measurable share of append()).
const POOL_NONCES = 4096;
let pool = Buffer.alloc(0);
let poolAt = 0;
function nextNonce(): Buffer {
  if (poolAt >= pool.length) {
    pool = randomBytes(NONCE_BYTES * POOL_NONCES);
    poolAt = 0;
  }
  const nonce = Buffer.from(pool.subarray(poolAt, poolAt + NONCE_BYTES));
  poolAt += NONCE_BYTES;
  return nonce;
}

export interface SealedRow {
  readonly nonce: Buffer;
  /** Ciphertext followed by the 16-byte GCM tag. */
  readonly sealed: Buffer;
}

export function sealRow(key: Buffer, plaintext: string, aad: { deviceId: string; seq: number; prevHash: string }): SealedRow {
  const nonce = nextNonce();
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(sealAad(aad.deviceId, aad.seq, aad.prevHash), 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { nonce, sealed: body };
}

/** The plaintext, or null when the tag does not verify (tampered row, wrong place or wrong key). */
export function openRow(key: Buffer, row: SealedRow, aad: { deviceId: string; seq: number; prevHash: string }): string | null {
  if (row.sealed.length < TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, row.nonce);
    decipher.setAAD(Buffer.from(sealAad(aad.deviceId, aad.seq, aad.prevHash), 'utf8'));
    decipher.setAuthTag(row.sealed.subarray(row.sealed.length - TAG_BYTES));
    return Buffer.concat([decipher.update(row.sealed.subarray(0, row.sealed.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
