// The byte strings a desk signs with its Ed25519 device key to prove, at each
// sign-in step, that it holds the key it enrolled (or is enrolling). Main signs
// and the gateway verifies the same strings, so the two cannot disagree. Each
// purpose has its own prefix, so a signature made for one cannot serve another.
import type { EnrolmentPresentation } from './schemas/admin.ts';

/**
 * Login: binds the gateway's single-use challenge to the device, its key, the
 * account and the enrolment secret it presents (or none), so a presentation
 * cannot be lifted from one login into another or swapped in transit.
 */
export function loginProofMessage(proof: {
  nonce: string;
  deviceId: string;
  publicKey: string;
  username: string;
  enrolment?: EnrolmentPresentation | undefined;
}): string {
  // Neither a kind nor a secret can hold a newline or be empty, so '-' and the line breaks are unambiguous.
  const { kind, secret } = proof.enrolment ?? { kind: '-', secret: '-' };
  return ['sentinel-login-v2', proof.nonce, proof.deviceId, proof.publicKey, proof.username.toLowerCase(), kind, secret].join('\n');
}

/** Refresh and unlock: binds the (single-use) refresh token to the device that holds it. */
export function sessionProofMessage(purpose: 'refresh' | 'reauth', proof: { deviceId: string; refreshToken: string }): string {
  return [`sentinel-${purpose}-v1`, proof.deviceId, proof.refreshToken].join('\n');
}
