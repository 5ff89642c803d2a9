// A bulk import of one file by one source (issue 22): streamed in chunks, each
// written with the file's new position and running totals in the same
// transaction (record-service.ts importChunk), so after a crash the next run
// starts where the last commit ended and nothing is lost or written twice.
// Every record passes the same intake as the API, so a card number is refused
// before anything from the file reaches the database. Totals count refusals by
// reason: the code and the field, never the value.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { RecordResult } from '../../shared/schemas/records.ts';
import type { ImportCheckpoint, RecordRepo } from '../storage/store.ts';
import { importLines, type ImportLine } from './import-file.ts';
import type { RecordService } from './record-service.ts';
import type { SourcePrincipal } from './service-accounts.ts';

export type ImportTotals = Record<string, number>;
export interface ImportProgress {
  readonly linesDone: number;
  readonly totals: ImportTotals;
  /** The line this run started from: 0, or where an earlier run's last commit ended. */
  readonly fromLine: number;
}

const OUTCOMES = ['stored', 'updated', 'unchanged', 'stale', 'refused'] as const;
/** Distinct refusal reasons kept in the totals; the rest are counted together. */
const MAX_REASONS = 50;
const REASON_PREFIX = 'refused:';

/** The file's identity for its checkpoint: its content, so a resumed run reads the same lines. */
export async function fileKeyOf(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function addRefusal(totals: ImportTotals, reason: string): void {
  const reasons = Object.keys(totals).filter((k) => k.startsWith(REASON_PREFIX));
  const key = `${REASON_PREFIX}${reason}`;
  const counted = key in totals || reasons.length < MAX_REASONS ? key : `${REASON_PREFIX}other`;
  totals[counted] = (totals[counted] ?? 0) + 1;
}

/** The totals after one chunk: the earlier totals, the chunk's unreadable lines, and its written and refused records. */
function totalsAfter(before: ImportTotals, unreadable: readonly string[], results: readonly RecordResult[]): ImportTotals {
  const totals: ImportTotals = { ...before };
  for (const outcome of OUTCOMES) totals[outcome] ??= 0;
  for (const why of unreadable) {
    totals.refused = (totals.refused ?? 0) + 1;
    addRefusal(totals, `unreadable_line ${why}`);
  }
  for (const r of results) {
    const outcome = r.ok ? r.outcome : 'refused';
    totals[outcome] = (totals[outcome] ?? 0) + 1;
    if (!r.ok) addRefusal(totals, `${r.code} ${r.field}`);
  }
  return totals;
}

export async function runImport(deps: {
  records: RecordService;
  repo: Pick<RecordRepo, 'checkpoint'>;
  principal: SourcePrincipal;
  path: string;
  format: 'ndjson' | 'csv';
  chunkSize: number;
  onProgress: (progress: ImportProgress) => void;
}): Promise<ImportProgress> {
  const { records, principal, path, format, chunkSize, onProgress } = deps;
  const fileKey = await fileKeyOf(path);
  const earlier = await deps.repo.checkpoint(principal.source, fileKey);
  const fromLine = earlier?.linesDone ?? 0;
  let progress: ImportProgress = { linesDone: fromLine, totals: { ...earlier?.counts }, fromLine };
  /** Checks the chunk at once, and writes it once `after` (the previous chunk's write) has ended. */
  const write = async (chunk: readonly ImportLine[], after: Promise<void>): Promise<void> => {
    const last = chunk.at(-1);
    if (last === undefined) return after;
    const readable = chunk.flatMap((l) => ('record' in l ? [l.record] : []));
    const unreadable = chunk.flatMap((l) => ('unreadable' in l ? [l.unreadable] : []));
    const checked = await records.check(principal, readable);
    await after;
    let next: ImportCheckpoint | null = null;
    await records.importChunk(principal, checked, (results) => {
      next = { source: principal.source, fileKey, linesDone: last.line + 1, counts: totalsAfter(progress.totals, unreadable, results) };
      return next;
    });
    const saved = next as ImportCheckpoint | null;
    if (saved === null) throw new Error('the chunk was written without its checkpoint');
    progress = { linesDone: saved.linesDone, totals: { ...saved.counts }, fromLine };
    onProgress(progress);
  };
  // While one chunk is written, the next is read and checked; chunks are written one after the other, in file order.
  let writing: Promise<void> = Promise.resolve();
  let chunk: ImportLine[] = [];
  for await (const line of importLines(path, format, progress.linesDone)) {
    chunk.push(line);
    if (chunk.length < chunkSize) continue;
    const before = writing;
    writing = write(chunk, before);
    chunk = [];
    // Awaited below or at the end; this only keeps a failure from counting as unhandled meanwhile.
    writing.catch(() => undefined);
    // At most one chunk written and one checked at a time.
    await before;
  }
  await write(chunk, writing);
  return progress;
}
