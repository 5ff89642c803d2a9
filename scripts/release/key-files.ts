// Release keys live in files IT keeps off the repository (root offline): an
// Ed25519 key as PEM. A private key file signs; a public one (or the public
// half of a private one) is what root lists.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { Key, Signature } from '@tufjs/models';
import { canonicalJson } from '../../shared/canonical-json.ts';

export class KeyFileError extends Error {
  override readonly name = 'KeyFileError';
}

/** Writes a new Ed25519 private key (PKCS#8 PEM) readable by its owner only, and returns its key ID. */
export function generateKeyFile(path: string): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  return tufKeyOf(createPublicKey(privateKey)).keyID;
}

function readPem(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new KeyFileError(`cannot read key file ${path}: ${(error as Error).message}`);
  }
}

/** The TUF key entry of an Ed25519 public key; its ID is the SHA-256 of its canonical form, as TUF repositories name keys. */
export function tufKeyOf(publicKey: KeyObject): Key {
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new KeyFileError('release keys are Ed25519');
  const raw = publicKey.export({ type: 'spki', format: 'der' }).subarray(-32).toString('hex');
  const body = { keytype: 'ed25519', scheme: 'ed25519', keyval: { public: raw } };
  return new Key({ keyID: createHash('sha256').update(canonicalJson(body)).digest('hex'), keyType: 'ed25519', scheme: 'ed25519', keyVal: { public: raw } });
}

/** The public key in a key file, private or public. */
export function publicKeyFile(path: string): Key {
  try {
    return tufKeyOf(createPublicKey(readPem(path)));
  } catch (error) {
    if (error instanceof KeyFileError) throw error;
    throw new KeyFileError(`${path} is not an Ed25519 PEM key`);
  }
}

export interface KeySigner {
  readonly key: Key;
  readonly sign: (data: Buffer) => Signature;
}

/** A signer over the private key in a file. */
export function signerFile(path: string): KeySigner {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(readPem(path));
  } catch (error) {
    if (error instanceof KeyFileError) throw error;
    throw new KeyFileError(`${path} is not an Ed25519 private key (PEM)`);
  }
  const key = tufKeyOf(createPublicKey(privateKey));
  return { key, sign: (data) => new Signature({ keyID: key.keyID, sig: sign(null, data, privateKey).toString('hex') }) };
}
