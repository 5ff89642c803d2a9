// SHA-256 in hex: the audit chains' hashes, and the stored form of what the
// gateway keeps only as a hash (refresh tokens, typed usernames in alert windows).
import { createHash } from 'node:crypto';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
