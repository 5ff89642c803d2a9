// Password hashing with argon2id (PCI DSS 8.3.2), at OWASP's recommended cost.
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
  return hash(password, COST);
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password);
}

/**
 * Verified against when the username is unknown, so an unknown user costs the
 * same time as a wrong password and the two cannot be told apart.
 */
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hash('sentinel-desk-no-such-user', COST);
  await verify(await dummyHash, password);
}
