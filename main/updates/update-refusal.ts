// Why the desk refused an update, read from where tuf-js stopped (the file it
// was fetching) and the error it threw. A refusal keeps the running version.

export const UPDATE_REFUSALS = {
  tampered_target: 'the download does not match the length and hashes signed for it',
  untrusted_signature: 'metadata is not signed by the threshold of keys that root trusts',
  root_rotation_unsigned: 'a new root is not signed by the threshold of the old root keys and its own',
  rollback: 'metadata is older than what this desk already trusts',
  expired_metadata: 'signed metadata has expired (a frozen repository)',
  snapshot_mismatch: 'the snapshot does not match what the timestamp signed (mixed versions)',
  endless_data: 'the server sent more bytes than the signed length',
  slow_retrieval: 'the server did not deliver within the time limit',
  unknown_target: 'the offered release is not among the signed targets',
  offer_mismatch: 'the offered version is not the version signed for that target',
  unreachable: 'the update repository could not be reached',
} as const;
export type UpdateRefusalReason = keyof typeof UPDATE_REFUSALS;

/** Refusals that point at an attacker or a broken repository: each raises an alert. Unreachable is only recorded. */
export const ALERTING_REFUSALS: ReadonlySet<UpdateRefusalReason> = new Set(
  (Object.keys(UPDATE_REFUSALS) as UpdateRefusalReason[]).filter((reason) => reason !== 'unreachable'),
);

export class UpdateRefusedError extends Error {
  override readonly name = 'UpdateRefusedError';
  readonly reason: UpdateRefusalReason;
  constructor(reason: UpdateRefusalReason, detail: string) {
    super(`Update refused (${reason}): ${UPDATE_REFUSALS[reason]}; ${detail}`.slice(0, 400));
    this.reason = reason;
  }
}

/** What tuf-js was fetching when it stopped. */
export type FetchPhase = 'root' | 'timestamp' | 'snapshot' | 'targets' | 'target' | 'none';

const isTimeout = (error: unknown): boolean =>
  error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError' || (error.cause instanceof Error && isTimeout(error.cause)));

/**
 * The class names of an error and its ancestors. tuf-js exports none of its error classes, and it carries its own
 * copy of @tufjs/models, so `instanceof` against ours would never match: the names are what is stable.
 */
function classNames(error: unknown): Set<string> {
  const names = new Set<string>();
  for (let proto: unknown = error === null || typeof error !== 'object' ? null : Object.getPrototypeOf(error); proto !== null && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    const name = (proto as { constructor?: { name?: unknown } }).constructor?.name;
    if (typeof name === 'string') names.add(name);
  }
  return names;
}

/**
 * tuf-js wraps what goes wrong while loading snapshot and targets metadata in a RuntimeError whose message quotes
 * the original error: those are read by the message's words.
 */
const WRAPPED: readonly [RegExp, UpdateRefusalReason][] = [
  [/is expired/, 'expired_metadata'],
  [/less than current/, 'rollback'],
  [/Expected (hash|length)|does(n't| not) match/, 'snapshot_mismatch'],
  [/signature|signed|threshold/i, 'untrusted_signature'],
];

export function refusalOf(error: unknown, phase: FetchPhase): UpdateRefusedError {
  if (error instanceof UpdateRefusedError) return error;
  const detail = error instanceof Error ? error.message.slice(0, 300) : String(error).slice(0, 300);
  const refuse = (reason: UpdateRefusalReason) => new UpdateRefusedError(reason, detail);
  const is = classNames(error);
  if (isTimeout(error)) return refuse('slow_retrieval');
  if (is.has('DownloadLengthMismatchError')) return refuse('endless_data');
  if (is.has('ExpiredMetadataError')) return refuse('expired_metadata');
  if (is.has('UnsignedMetadataError')) return refuse(phase === 'root' ? 'root_rotation_unsigned' : 'untrusted_signature');
  if (phase === 'snapshot' && (is.has('LengthOrHashMismatchError') || detail.includes("doesn't match"))) return refuse('snapshot_mismatch');
  if (is.has('BadVersionError')) return refuse('rollback');
  if (is.has('LengthOrHashMismatchError')) return refuse(phase === 'target' ? 'tampered_target' : 'snapshot_mismatch');
  if (is.has('DownloadHTTPError') || (error instanceof TypeError && detail.includes('fetch failed'))) return refuse('unreachable');
  if (is.has('RuntimeError') && detail.startsWith('Unable to load')) return refuse(WRAPPED.find(([pattern]) => pattern.test(detail))?.[1] ?? 'untrusted_signature');
  // Anything else tuf-js refuses (a malformed file, a wrong type) is a repository the desk cannot trust.
  return refuse(phase === 'target' ? 'tampered_target' : 'untrusted_signature');
}
