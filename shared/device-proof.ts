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

/**
 * Single sign-on: binds the gateway's challenge to the device, its key, the sign-in attempt (its state) and the
 * authorization code, so a proof cannot carry another attempt's code.
 */
export function ssoProofMessage(proof: {
  nonce: string;
  deviceId: string;
  publicKey: string;
  state: string;
  code: string;
  enrolment?: EnrolmentPresentation | undefined;
}): string {
  const { kind, secret } = proof.enrolment ?? { kind: '-', secret: '-' };
  // A code is opaque text from the provider: its length goes first so no line break inside it can shift the fields.
  return ['sentinel-sso-v1', proof.nonce, proof.deviceId, proof.publicKey, proof.state, kind, secret, String(proof.code.length), proof.code].join('\n');
}
