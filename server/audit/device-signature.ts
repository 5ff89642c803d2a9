// Ed25519 verification of a device's batch signature, with its enrolled key.
import { createPublicKey, verify } from 'node:crypto';
import { batchSigningMessage, type BatchHead } from '../../shared/audit-chain.ts';

export function verifyBatchSignature(publicKeyBase64Url: string, head: BatchHead, signatureBase64Url: string): boolean {
  try {
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKeyBase64Url }, format: 'jwk' });
    return verify(null, Buffer.from(batchSigningMessage(head), 'utf8'), key, Buffer.from(signatureBase64Url, 'base64url'));
  } catch {
    return false;
  }
}
