// Ed25519 signers and verifiers for signed notes, over WebCrypto, with the
// signed-note key IDs: the first 4 bytes of SHA-256(name ‖ "\n" ‖ type ‖ key),
// type 0x01 for a note signature, 0x04 for a timestamped cosignature.
import { concatBytes, fromBase64, toBase64, toHex, utf8 } from './bytes.ts';
import { refuse } from './errors.ts';
import { sha256 } from './sha256.ts';
import { checkKeyName } from './signed-note.ts';
import { web, type WebCryptoKey } from './web-platform.ts';

export const ED25519_NOTE_TYPE = 0x01;
export const ED25519_COSIGNATURE_TYPE = 0x04;
export const ED25519_KEY_SIZE = 32;
export const ED25519_SIGNATURE_SIZE = 64;
// The fixed DER header of an Ed25519 PKCS #8 private key (RFC 8410), before its 32-byte seed.
const PKCS8_PREFIX = new Uint8Array([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]);

export function noteKeyId(name: string, type: number, publicKey: Uint8Array): number {
  const digest = sha256(concatBytes(utf8(`${checkKeyName(name)}\n`), new Uint8Array([type]), publicKey));
  return new DataView(digest.buffer).getUint32(0);
}

export interface Ed25519KeyPair {
  readonly privateKey: WebCryptoKey;
  readonly publicKey: Uint8Array;
}

/** Imports a 32-byte Ed25519 seed (the private key as RFC 8032 defines it). */
export async function ed25519FromSeed(seed: Uint8Array): Promise<Ed25519KeyPair> {
  if (seed.length !== ED25519_KEY_SIZE) return refuse('key_invalid', `an Ed25519 private key is ${ED25519_KEY_SIZE} bytes`);
  const privateKey = await web.crypto.subtle.importKey('pkcs8', concatBytes(PKCS8_PREFIX, seed), 'Ed25519', true, ['sign']);
  const { x } = await web.crypto.subtle.exportKey('jwk', privateKey);
  if (x === undefined) return refuse('key_invalid', 'the Ed25519 key has no public half');
  const base64 = x.replaceAll('-', '+').replaceAll('_', '/');
  return { privateKey, publicKey: fromBase64(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='), 'key_invalid', 'the public key') };
}

export async function ed25519Sign(privateKey: WebCryptoKey, message: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await web.crypto.subtle.sign('Ed25519', privateKey, message));
}

/** False for a signature that does not verify, including a malformed public key or signature. */
export async function ed25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
  if (publicKey.length !== ED25519_KEY_SIZE || signature.length !== ED25519_SIGNATURE_SIZE) return false;
  try {
    const key = await web.crypto.subtle.importKey('raw', publicKey, 'Ed25519', true, ['verify']);
    return await web.crypto.subtle.verify('Ed25519', key, signature, message);
  } catch {
    return false;
  }
}

/** A verifier key string (c2sp.org/signed-note "vkey"): `<name>+<hex key ID>+base64(type ‖ public key)`. */
export function formatVerifierKey(name: string, publicKey: Uint8Array, type = ED25519_NOTE_TYPE): string {
  const id = new Uint8Array(4);
  new DataView(id.buffer).setUint32(0, noteKeyId(name, type, publicKey));
  return `${checkKeyName(name)}+${toHex(id)}+${toBase64(concatBytes(new Uint8Array([type]), publicKey))}`;
}

export interface VerifierKey {
  readonly name: string;
  readonly type: number;
  readonly keyId: number;
  readonly publicKey: Uint8Array;
}

export function parseVerifierKey(vkey: string): VerifierKey {
  const parts = vkey.split('+');
  // base64 may itself hold '+': the name and key ID are the first two fields, the rest is the key.
  if (parts.length < 3 || vkey.length > 512) return refuse('key_invalid', 'a verifier key is "<name>+<key ID>+<key>"');
  const [name, hexId] = parts as [string, string];
  checkKeyName(name);
  if (!/^[0-9a-f]{8}$/.test(hexId)) return refuse('key_invalid', 'a verifier key ID is 8 lowercase hex digits');
  const material = fromBase64(parts.slice(2).join('+'), 'key_invalid', 'the verifier key');
  const type = material[0];
  const publicKey = material.slice(1);
  if ((type !== ED25519_NOTE_TYPE && type !== ED25519_COSIGNATURE_TYPE) || publicKey.length !== ED25519_KEY_SIZE) {
    return refuse('key_invalid', 'the verifier key is not an Ed25519 note or cosignature key');
  }
  const keyId = noteKeyId(name, type, publicKey);
  if (keyId !== Number.parseInt(hexId, 16)) return refuse('key_invalid', 'the verifier key ID does not match its name and key');
  return { name, type, keyId, publicKey };
}
