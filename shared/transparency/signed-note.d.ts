/** A note larger than this is refused before any parsing (the spec asks verifiers for a bound). */
export declare const MAX_NOTE_BYTES: number;
/** The spec asks verifiers to accept at least 16. */
export declare const MAX_NOTE_SIGNATURES = 64;
export interface NoteSignature {
    readonly name: string;
    /** The 32-bit key ID, big-endian, that starts the signature's bytes. */
    readonly keyId: number;
    /** The bytes after the key ID. */
    readonly signature: Uint8Array;
}
export interface Note {
    /** Includes its final newline, not the blank line. */
    readonly text: string;
    readonly signatures: readonly NoteSignature[];
}
export interface NoteSigner {
    readonly name: string;
    readonly keyId: number;
    sign(text: Uint8Array): Promise<Uint8Array>;
}
export interface NoteVerifier {
    readonly name: string;
    readonly keyId: number;
    verify(text: Uint8Array, signature: Uint8Array): Promise<boolean>;
}
export declare function checkKeyName(name: string): string;
export declare function checkNoteBody(text: string): string;
export declare function parseNote(note: string): Note;
export declare function formatNote(note: Note): string;
/** Adds one signature per signer to a note (new or already signed). */
export declare function signNote(note: Note, signers: readonly NoteSigner[]): Promise<Note>;
/**
 * The signed-note rules: signatures from unknown keys (name and ID not both known) are ignored; a known key's
 * signature must verify; at least one must. Returns the names of the keys that verified.
 */
export declare function verifyNote(note: Note, verifiers: readonly NoteVerifier[]): Promise<string[]>;
