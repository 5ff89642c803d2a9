// C2SP signed-note (c2sp.org/signed-note): a text ending in a newline, a blank
// line, then one line per signature: "— <key name> base64(key ID ‖ signature)".
// Parsing is strict and size-bounded; signing and opening take signers and
// verifiers, so the same code serves the log key and witness cosignatures.
import { concatBytes, fromBase64, toBase64, utf8 } from './bytes.ts';
import { refuse } from './errors.ts';

/** A note larger than this is refused before any parsing (the spec asks verifiers for a bound). */
export const MAX_NOTE_BYTES = 64 * 1024;
/** The spec asks verifiers to accept at least 16. */
export const MAX_NOTE_SIGNATURES = 64;
const SIGNATURE_PREFIX = '— ';
const KEY_NAME = /^[^\s+]+$/u;

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

export function checkKeyName(name: string): string {
  if (name.length === 0 || !KEY_NAME.test(name) || !name.isWellFormed()) {
    return refuse('key_invalid', 'a key name must be non-empty, with no spaces or plus signs');
  }
  return name;
}

function checkNoteText(text: string): void {
  if (!text.isWellFormed()) refuse('note_malformed', 'the note is not valid UTF-8 text');
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 && code !== 0x0a) refuse('note_malformed', 'the note holds a control character');
  }
}

export function checkNoteBody(text: string): string {
  checkNoteText(text);
  if (text.length === 0 || !text.endsWith('\n')) return refuse('note_malformed', 'a note text must end with a newline');
  return text;
}

export function parseNote(note: string): Note {
  if (note.length > MAX_NOTE_BYTES || utf8(note).length > MAX_NOTE_BYTES) return refuse('note_malformed', `a note is at most ${MAX_NOTE_BYTES} bytes`);
  checkNoteText(note);
  if (!note.endsWith('\n')) return refuse('note_malformed', 'the note is truncated: it does not end with a newline');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) return refuse('note_malformed', 'the note has no blank line before its signatures');
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  if (lines.length > MAX_NOTE_SIGNATURES) return refuse('note_malformed', `a note carries at most ${MAX_NOTE_SIGNATURES} signatures`);
  const signatures = lines.map((line): NoteSignature => {
    if (!line.startsWith(SIGNATURE_PREFIX)) return refuse('note_malformed', 'a signature line must start with an em dash and a space');
    const [name, encoded, ...extra] = line.slice(SIGNATURE_PREFIX.length).split(' ');
    if (name === undefined || encoded === undefined || extra.length > 0) return refuse('note_malformed', 'a signature line is "— <key name> <signature>"');
    if (name.length === 0 || !KEY_NAME.test(name)) return refuse('note_malformed', 'a signature line carries an invalid key name');
    const bytes = fromBase64(encoded, 'note_malformed', 'a signature');
    if (bytes.length < 5) return refuse('note_malformed', 'a signature is shorter than its key ID');
    const keyId = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0);
    return { name, keyId, signature: bytes.slice(4) };
  });
  return { text: checkNoteBody(text), signatures };
}

export function formatNote(note: Note): string {
  checkNoteBody(note.text);
  const lines = note.signatures.map((s) => {
    const id = new Uint8Array(4);
    new DataView(id.buffer).setUint32(0, s.keyId);
    return `${SIGNATURE_PREFIX}${checkKeyName(s.name)} ${toBase64(concatBytes(id, s.signature))}\n`;
  });
  return `${note.text}\n${lines.join('')}`;
}

/** Adds one signature per signer to a note (new or already signed). */
export async function signNote(note: Note, signers: readonly NoteSigner[]): Promise<Note> {
  const bytes = utf8(checkNoteBody(note.text));
  const added = await Promise.all(signers.map(async (s) => ({ name: s.name, keyId: s.keyId, signature: await s.sign(bytes) })));
  return { text: note.text, signatures: [...note.signatures, ...added] };
}

/**
 * The signed-note rules: signatures from unknown keys (name and ID not both known) are ignored; a known key's
 * signature must verify; at least one must. Returns the names of the keys that verified.
 */
export async function verifyNote(note: Note, verifiers: readonly NoteVerifier[]): Promise<string[]> {
  const bytes = utf8(note.text);
  const verified: string[] = [];
  for (const signature of note.signatures) {
    const verifier = verifiers.find((v) => v.name === signature.name && v.keyId === signature.keyId);
    if (verifier === undefined) continue;
    if (!(await verifier.verify(bytes, signature.signature))) refuse('signature_invalid', `the signature of ${signature.name} does not verify`);
    verified.push(signature.name);
  }
  if (verified.length === 0) refuse('unknown_key', 'the note carries no signature from a known key');
  return verified;
}
