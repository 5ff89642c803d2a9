// Password hashing with argon2id (PCI DSS 8.3.2), at OWASP's recommended cost.
// A password is hashed and verified in Unicode NFC, so the same characters
// typed on a keyboard that composes them differently (NFD) are one password.
import { hash, verify } from '@node-rs/argon2';
import { PASSWORD_MIN_LENGTH } from '../../shared/schemas/session.ts';

// @node-rs/argon2 defaults to argon2id; these are OWASP's minimums for it.
const COST = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export class WeakPasswordError extends Error {
  override readonly name = 'WeakPasswordError';
}

export async function hashPassword(password: string): Promise<string> {
  if (password.length < PASSWORD_MIN_LENGTH) {
    throw new WeakPasswordError(`A password needs at least ${PASSWORD_MIN_LENGTH} characters`);
  }
  return hash(password.normalize('NFC'), COST);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  const composed = password.normalize('NFC');
  if (await verify(passwordHash, composed)) return true;
  // A hash made before normalisation holds the characters as they were typed.
  return composed !== password && verify(passwordHash, password);
}

/**
 * Verified against when the username is unknown, so an unknown user costs the
 * same time as a wrong password and the two cannot be told apart.
 */
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hash('sentinel-desk-no-such-user', COST);
  await verifyPassword(await dummyHash, password);
}
