// Ed25519 note signers and verifiers (signature type 0x01): the log key signs
// checkpoints with these, and desks, witnesses and the verifier check them.
import { ed25519Sign, ed25519Verify, ED25519_NOTE_TYPE, noteKeyId, type Ed25519KeyPair } from './ed25519-keys.ts';
import type { NoteSigner, NoteVerifier } from './signed-note.ts';

export function ed25519NoteSigner(name: string, key: Ed25519KeyPair): NoteSigner {
  return { name, keyId: noteKeyId(name, ED25519_NOTE_TYPE, key.publicKey), sign: (text) => ed25519Sign(key.privateKey, text) };
}

export function ed25519NoteVerifier(name: string, publicKey: Uint8Array): NoteVerifier {
  return { name, keyId: noteKeyId(name, ED25519_NOTE_TYPE, publicKey), verify: (text, signature) => ed25519Verify(publicKey, text, signature) };
}
