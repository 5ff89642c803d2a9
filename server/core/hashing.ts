// SHA-256 in hex: the audit chains' hashes, and the stored form of what the
// gateway keeps only as a hash (refresh tokens, typed usernames in alert windows).
import { createHash } from 'node:crypto';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * A hex digest as an audit event may carry it: base64url. The decimal-digit stretches of hex
 * (0.035 % of SHA-256 digests) can read as a card number, which the audit schema refuses, so a
 * month whose chain hash held one could never be detached; base64url has none in practice.
 */
export function digestForAudit(hex: string | null): string | null {
  return hex === null ? null : Buffer.from(hex, 'hex').toString('base64url');
}
