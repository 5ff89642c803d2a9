// Ed25519 verification of what a device signs with its enrolled key: audit
// batch heads, heartbeats, and the sign-in proofs (shared/device-proof.ts).
import { createPublicKey, verify } from 'node:crypto';
import { batchSigningMessage, type BatchHead } from '../../shared/audit-chain.ts';

/** Whether `signatureBase64Url` is the device key's signature over `message`; false for any malformed part. */
export function verifyDeviceSignature(publicKeyBase64Url: string, message: string, signatureBase64Url: string): boolean {
  try {
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKeyBase64Url }, format: 'jwk' });
    return verify(null, Buffer.from(message, 'utf8'), key, Buffer.from(signatureBase64Url, 'base64url'));
  } catch {
    return false;
  }
}

export function verifyBatchSignature(publicKeyBase64Url: string, head: BatchHead, signatureBase64Url: string): boolean {
  return verifyDeviceSignature(publicKeyBase64Url, batchSigningMessage(head), signatureBase64Url);
}
