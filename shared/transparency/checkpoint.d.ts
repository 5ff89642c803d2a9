import { type Note, type NoteSigner, type NoteVerifier } from './signed-note.ts';
export interface Checkpoint {
    readonly origin: string;
    readonly size: number;
    readonly rootHash: Uint8Array;
    readonly extensions: readonly string[];
}
export interface OpenedCheckpoint {
    readonly checkpoint: Checkpoint;
    /** The whole signed note as received, kept as evidence. */
    readonly note: Note;
}
export declare function formatCheckpointText(checkpoint: Checkpoint): string;
export declare function parseCheckpointText(text: string): Checkpoint;
export declare function signCheckpoint(checkpoint: Checkpoint, logSigner: NoteSigner): Promise<string>;
/** Parses a signed checkpoint, refuses another log's, and verifies the log key's signature (any verified key of `verifiers`). */
export declare function openCheckpoint(signed: string, expected: {
    origin: string;
    verifiers: readonly NoteVerifier[];
}): Promise<OpenedCheckpoint>;
