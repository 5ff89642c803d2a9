// The byte strings a desk signs with its Ed25519 device key to prove, at each
// sign-in step, that it holds the key it enrolled (or is enrolling). Main signs
// and the gateway verifies the same strings, so the two cannot disagree. Each
// purpose has its own prefix, so a signature made for one cannot serve another.

/** Login: binds the gateway's single-use challenge to the device, its key and the account. */
export function loginProofMessage(proof: { nonce: string; deviceId: string; publicKey: string; username: string }): string {
  return ['sentinel-login-v1', proof.nonce, proof.deviceId, proof.publicKey, proof.username.toLowerCase()].join('\n');
}

/** Refresh and unlock: binds the (single-use) refresh token to the device that holds it. */
export function sessionProofMessage(purpose: 'refresh' | 'reauth', proof: { deviceId: string; refreshToken: string }): string {
  return [`sentinel-${purpose}-v1`, proof.deviceId, proof.refreshToken].join('\n');
}
