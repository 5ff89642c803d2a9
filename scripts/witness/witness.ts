// A transparency log witness (issue 25), run by a second party such as an
// assessor: each poll reads the gateway's newest checkpoint, checks it is
// signed by the pinned log key and consistent with the last one this witness
// cosigned, then cosigns it (c2sp.org/tlog-cosignature) and posts the
// cosignature back. It refuses to cosign anything inconsistent, ever again.
import { z } from 'zod';
import { CheckpointAnswerSchema, LogKeyAnswerSchema } from '../../shared/schemas/transparency.ts';
import { openCheckpoint, type OpenedCheckpoint } from '../../shared/transparency/checkpoint.ts';
import { ed25519Cosigner } from '../../shared/transparency/cosignature.ts';
import type { Ed25519KeyPair } from '../../shared/transparency/ed25519-keys.ts';
import { parseVerifierKey } from '../../shared/transparency/ed25519-keys.ts';
import { ed25519NoteVerifier } from '../../shared/transparency/note-signers.ts';
import { ConsistencyProofSchema, decodeProofHashes } from '../../shared/transparency/proof-schemas.ts';
import { verifyConsistency } from '../../shared/transparency/proof-verify.ts';
import { formatNote, signNote } from '../../shared/transparency/signed-note.ts';

/** What the witness remembers between polls: the log it pinned and the last checkpoint it cosigned. */
export const WitnessStateSchema = z.object({ origin: z.string(), verifierKey: z.string(), cosigned: z.string().nullable() });
export type WitnessState = z.infer<typeof WitnessStateSchema>;

export type PollResult = { readonly status: 'cosigned'; readonly size: number } | { readonly status: 'inconsistent'; readonly reason: string; readonly held: string; readonly received: string };

export interface WitnessDeps {
  readonly gateway: string;
  readonly name: string;
  readonly key: Ed25519KeyPair;
  readonly fetch: typeof globalThis.fetch;
  readonly now: () => number;
  readonly state: { read(): WitnessState | null; write(state: WitnessState): void };
}

async function getJson<T>(deps: WitnessDeps, path: string, schema: z.ZodType<T>, init?: RequestInit): Promise<T> {
  const answer = await deps.fetch(new URL(path, deps.gateway), init);
  if (!answer.ok) throw new Error(`${path} answered ${answer.status}`);
  return schema.parse(await answer.json());
}

export async function pollOnce(deps: WitnessDeps): Promise<PollResult> {
  // The first poll pins the log's key and origin; later ones hold the gateway to them.
  const state = deps.state.read() ?? { ...(await getJson(deps, '/.well-known/sentinel-audit-log', LogKeyAnswerSchema)), cosigned: null };
  const key = parseVerifierKey(state.verifierKey);
  const open = (note: string): Promise<OpenedCheckpoint> => openCheckpoint(note, { origin: state.origin, verifiers: [ed25519NoteVerifier(key.name, key.publicKey)] });
  const received = (await getJson(deps, '/v1/audit/log/checkpoint', CheckpointAnswerSchema)).checkpoint;
  const latest = await open(received);
  if (state.cosigned !== null) {
    const held = await open(state.cosigned);
    const [from, to] = [held.checkpoint.size, latest.checkpoint.size];
    try {
      if (to < from) throw new Error(`the log went back from ${from} to ${to} entries`);
      const proof = await getJson(deps, `/v1/audit/log/consistency?from=${from}&to=${to}`, ConsistencyProofSchema);
      verifyConsistency(from, to, held.checkpoint.rootHash, latest.checkpoint.rootHash, decodeProofHashes(proof.hashes));
    } catch (error) {
      return { status: 'inconsistent', reason: error instanceof Error ? error.message : String(error), held: state.cosigned, received };
    }
  }
  const cosigned = formatNote(await signNote(latest.note, [ed25519Cosigner(deps.name, deps.key, () => deps.now() / 1000)]));
  await getJson(deps, '/v1/audit/log/cosignatures', CheckpointAnswerSchema, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ cosigned }),
  });
  deps.state.write({ ...state, cosigned: received });
  return { status: 'cosigned', size: latest.checkpoint.size };
}
