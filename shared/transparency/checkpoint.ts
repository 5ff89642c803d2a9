// C2SP tlog-checkpoint (c2sp.org/tlog-checkpoint): the note text "<origin>\n
// <tree size>\n<base64 root hash>\n" plus optional extension lines, signed by
// the log key. Opening one checks the format, the origin and the signature.
import { fromBase64, toBase64 } from './bytes.ts';
import { refuse } from './errors.ts';
import { parseNote, signNote, verifyNote, formatNote, type Note, type NoteSigner, type NoteVerifier } from './signed-note.ts';
import { HASH_SIZE } from './tree-hash.ts';
import { checkTreeSize } from './tree-geometry.ts';

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

export function formatCheckpointText(checkpoint: Checkpoint): string {
  if (checkpoint.origin.length === 0 || checkpoint.origin.includes('\n')) refuse('note_malformed', 'a checkpoint origin is one non-empty line');
  if (checkpoint.rootHash.length !== HASH_SIZE) refuse('proof_malformed', `a root hash is ${HASH_SIZE} bytes`);
  for (const line of checkpoint.extensions) if (line.length === 0 || line.includes('\n')) refuse('note_malformed', 'an extension is one non-empty line');
  const lines = [checkpoint.origin, String(checkTreeSize(checkpoint.size)), toBase64(checkpoint.rootHash), ...checkpoint.extensions];
  return `${lines.join('\n')}\n`;
}

export function parseCheckpointText(text: string): Checkpoint {
  const lines = text.split('\n');
  // A text ends with a newline, so the last split piece is empty.
  if (lines.length < 4 || lines.pop() !== '') return refuse('note_malformed', 'a checkpoint has an origin, a tree size and a root hash, each on its line');
  const [origin, sizeText, rootText, ...extensions] = lines as [string, string, string, ...string[]];
  if (origin.length === 0) return refuse('note_malformed', 'the checkpoint origin is empty');
  if (!/^(?:0|[1-9][0-9]{0,15})$/.test(sizeText)) return refuse('note_malformed', 'the checkpoint tree size is not a decimal number');
  const size = checkTreeSize(Number(sizeText));
  const rootHash = fromBase64(rootText, 'note_malformed', 'the checkpoint root hash');
  if (rootHash.length !== HASH_SIZE) return refuse('note_malformed', `the checkpoint root hash is not ${HASH_SIZE} bytes`);
  if (extensions.some((line) => line.length === 0)) return refuse('note_malformed', 'a checkpoint extension line is empty');
  return { origin, size, rootHash, extensions };
}

export async function signCheckpoint(checkpoint: Checkpoint, logSigner: NoteSigner): Promise<string> {
  return formatNote(await signNote({ text: formatCheckpointText(checkpoint), signatures: [] }, [logSigner]));
}

/** Parses a signed checkpoint, refuses another log's, and verifies the log key's signature (any verified key of `verifiers`). */
export async function openCheckpoint(signed: string, expected: { origin: string; verifiers: readonly NoteVerifier[] }): Promise<OpenedCheckpoint> {
  const note = parseNote(signed);
  const checkpoint = parseCheckpointText(note.text);
  if (checkpoint.origin !== expected.origin) refuse('origin_mismatch', `a checkpoint of "${checkpoint.origin.slice(0, 100)}", not of "${expected.origin}"`);
  await verifyNote(note, expected.verifiers);
  return { checkpoint, note };
}
