import { type Ed25519KeyPair } from './ed25519-keys.ts';
import type { NoteSigner, NoteVerifier } from './signed-note.ts';
export declare function cosignedMessage(timestamp: number, checkpointText: string): Uint8Array;
/** The POSIX time a cosignature's bytes carry (after the key ID). */
export declare function cosignatureTime(signature: Uint8Array): number;
/** A note signer that cosigns at `now()` (POSIX seconds). */
export declare function ed25519Cosigner(name: string, key: Ed25519KeyPair, now: () => number): NoteSigner;
export declare function ed25519CosignatureVerifier(name: string, publicKey: Uint8Array): NoteVerifier;
