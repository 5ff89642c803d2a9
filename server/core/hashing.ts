// SHA-256 in hex: the audit chains' hashes, and the stored form of what the
// gateway keeps only as a hash (refresh tokens, typed usernames in alert windows).
import { createHash } from 'node:crypto';
import type { AuditEvent } from '../../shared/audit.ts';
import { chainMessage } from '../../shared/audit-chain.ts';
import { canonicalJson } from '../../shared/canonical-json.ts';

/** Node's SHA-256 over bytes: the transparency log hashes every stored entry with it. */
export function sha256Bytes(data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(data).digest());
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The hash of a chain entry: SHA-256 over its predecessor, its sequence and the canonical event. */
export function chainHash(prevHash: string, seq: number, event: AuditEvent): string {
  return sha256Hex(chainMessage(prevHash, seq, canonicalJson(event)));
}

/**
 * A hex digest as an audit event may carry it: base64url. The decimal-digit stretches of hex
 * (0.035 % of SHA-256 digests) can read as a card number, which the audit schema refuses, so a
 * month whose chain hash held one could never be detached; base64url has none in practice.
 */
export function digestForAudit(hex: string | null): string | null {
  return hex === null ? null : Buffer.from(hex, 'hex').toString('base64url');
}
