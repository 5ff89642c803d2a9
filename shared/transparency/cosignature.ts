// C2SP tlog-cosignature v1 (c2sp.org/tlog-cosignature), Ed25519: a witness
// signs "cosignature/v1\ntime <T>\n" followed by the checkpoint text, and the
// signature bytes are the big-endian u64 timestamp ‖ the 64-byte signature.
// The witness states that, at T, this is the largest consistent tree it saw.
import { concatBytes, fromUtf8, utf8 } from './bytes.ts';
import { ed25519Sign, ed25519Verify, ED25519_COSIGNATURE_TYPE, ED25519_SIGNATURE_SIZE, noteKeyId, type Ed25519KeyPair } from './ed25519-keys.ts';
import { refuse } from './errors.ts';
import type { NoteSigner, NoteVerifier } from './signed-note.ts';

const TIMESTAMP_SIZE = 8;

export function cosignedMessage(timestamp: number, checkpointText: string): Uint8Array {
  return utf8(`cosignature/v1\ntime ${timestamp}\n${checkpointText}`);
}

/** The POSIX time a cosignature's bytes carry (after the key ID). */
export function cosignatureTime(signature: Uint8Array): number {
  if (signature.length !== TIMESTAMP_SIZE + ED25519_SIGNATURE_SIZE) return refuse('note_malformed', 'a cosignature is a timestamp and an Ed25519 signature');
  const time = new DataView(signature.buffer, signature.byteOffset, TIMESTAMP_SIZE).getBigUint64(0);
  if (time > BigInt(Number.MAX_SAFE_INTEGER)) return refuse('note_malformed', 'a cosignature timestamp is out of range');
  return Number(time);
}

/** A note signer that cosigns at `now()` (POSIX seconds). */
export function ed25519Cosigner(name: string, key: Ed25519KeyPair, now: () => number): NoteSigner {
  return {
    name,
    keyId: noteKeyId(name, ED25519_COSIGNATURE_TYPE, key.publicKey),
    async sign(text) {
      const timestamp = Math.floor(now());
      const checkpointText = fromUtf8(text) ?? refuse('note_malformed', 'the checkpoint is not UTF-8');
      const stamp = new Uint8Array(TIMESTAMP_SIZE);
      new DataView(stamp.buffer).setBigUint64(0, BigInt(timestamp));
      return concatBytes(stamp, await ed25519Sign(key.privateKey, cosignedMessage(timestamp, checkpointText)));
    },
  };
}

export function ed25519CosignatureVerifier(name: string, publicKey: Uint8Array): NoteVerifier {
  return {
    name,
    keyId: noteKeyId(name, ED25519_COSIGNATURE_TYPE, publicKey),
    async verify(text, signature) {
      const checkpointText = fromUtf8(text);
      if (checkpointText === null || signature.length !== TIMESTAMP_SIZE + ED25519_SIGNATURE_SIZE) return false;
      return ed25519Verify(publicKey, cosignedMessage(cosignatureTime(signature), checkpointText), signature.subarray(TIMESTAMP_SIZE));
    },
  };
}
