// The one error the transparency library throws. Every refusal carries a code
// from a closed list, so a caller (the desk's sync, the witness, the verifier)
// can tell a malformed proof from a wrong signature without reading messages.
import { z } from 'zod';

export const TRANSPARENCY_ERROR_CODES = [
  /** A tree size or leaf index outside 0..MAX_TREE_SIZE, or not an integer. */
  'tree_size_invalid',
  /** A proof with the wrong number of hashes for its sizes, or a hash that is not 32 bytes. */
  'proof_malformed',
  /** A well-formed proof that does not lead to the root it claims. */
  'proof_mismatch',
  /** A note or checkpoint that breaks its text format (truncated, control characters, bad lines). */
  'note_malformed',
  /** A checkpoint for another log than the one expected. */
  'origin_mismatch',
  /** No signature from a key the verifier knows. */
  'unknown_key',
  /** A signature from a known key that does not verify. */
  'signature_invalid',
  /** A key or key string that is not a usable Ed25519 key. */
  'key_invalid',
] as const;
export const TransparencyErrorCodeSchema = z.enum(TRANSPARENCY_ERROR_CODES);
export type TransparencyErrorCode = z.infer<typeof TransparencyErrorCodeSchema>;

export class TransparencyError extends Error {
  override readonly name = 'TransparencyError';
  readonly code: TransparencyErrorCode;
  constructor(code: TransparencyErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** Throws a TransparencyError: for checks written as one expression. */
export function refuse(code: TransparencyErrorCode, message: string): never {
  throw new TransparencyError(code, message);
}
