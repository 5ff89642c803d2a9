import { type Ed25519KeyPair } from './ed25519-keys.ts';
import type { NoteSigner, NoteVerifier } from './signed-note.ts';
export declare function ed25519NoteSigner(name: string, key: Ed25519KeyPair): NoteSigner;
export declare function ed25519NoteVerifier(name: string, publicKey: Uint8Array): NoteVerifier;
