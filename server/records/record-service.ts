// Upserts from a system of record, one or a batch: each record checked on its
// own (record-intake.ts), the accepted ones written in one call of the record
// repo, the rest refused with their field named. A request with an idempotency
// key is answered once and that answer replayed to a retry; the key is bound to
// the request's keyed digest, so a different request under the same key is refused.
// Each request is one `record.write` audit event with the service account as actor.
import { setImmediate } from 'node:timers/promises';
import { canonicalJson } from '../../shared/canonical-json.ts';
import type { RecordBatchResult, RecordResult, RecordWritten } from '../../shared/schemas/records.ts';
import { RecordBatchResultSchema } from '../../shared/schemas/records.ts';
import type { Clock } from '../config.ts';
import type { GatewayAudit } from '../core/audit-port.ts';
import { panHmac } from '../customers/card-hmac.ts';
import type { PhoneNormaliseOptions } from '../customers/phone-number.ts';
import { GatewayError } from '../errors.ts';
import { RequestKeyTaken, SourceAccountRevoked, type ImportCheckpoint, type PreparedRecord, type RecordRepo, type RecordWriteOptions, type WriteOutcome } from '../storage/store.ts';
import { isRefusal, prepareRecord } from './record-intake.ts';
import { sourceActor, type SourcePrincipal } from './service-accounts.ts';

export interface RecordService {
  /**
   * One chunk of a bulk import, checked by `check`: written with the import's new position and totals
   * in the same transaction, so a crash loses or repeats nothing. Refusals carry the line's index in the chunk.
   */
  importChunk(principal: SourcePrincipal, checked: CheckedRecords, checkpoint: (results: readonly RecordResult[]) => ImportCheckpoint): Promise<RecordBatchResult>;
  /** The intake of a chunk (DLP gate, scope, schema), apart from its write: a bulk import checks the next chunk while the last one is written. */
  check(principal: SourcePrincipal, records: readonly unknown[]): Promise<CheckedRecords>;
  upsertOne(principal: SourcePrincipal, request: { record: unknown; idempotencyKey?: string | undefined }): Promise<RecordWritten>;
  upsertMany(principal: SourcePrincipal, request: { records: readonly unknown[]; idempotencyKey?: string | undefined }): Promise<RecordBatchResult>;
}

/** A chunk's records after intake: the refusals in place, the accepted ones ready to write. */
export interface CheckedRecords {
  readonly results: RecordResult[];
  readonly accepted: readonly { index: number; prepared: PreparedRecord }[];
}

/** Records checked between two turns of the event loop. */
const CHECK_SLICE = 250;

/** The typed error of a refused single record: the field in its own member of the error body. */
const REFUSAL_ERRORS = { invalid_record: 'invalid_request', pan_refused: 'pan_in_text', type_not_allowed: 'forbidden', unknown_reference: 'conflict', owned_by_other_source: 'forbidden' } as const;

export function countsOf(results: readonly RecordResult[]): RecordBatchResult['counts'] {
  const counts = { stored: 0, updated: 0, unchanged: 0, stale: 0, refused: 0 };
  for (const r of results) counts[r.ok ? r.outcome : 'refused'] += 1;
  return counts;
}

const batchResult = (results: RecordResult[]): RecordBatchResult => ({ results, counts: countsOf(results) });

/** Fills in the results of the accepted records from what the write came to. */
function merge(results: RecordResult[], accepted: readonly { index: number; prepared: PreparedRecord }[], outcomes: readonly WriteOutcome[]): RecordResult[] {
  for (const [i, { index, prepared }] of accepted.entries()) {
    const written = outcomes[i];
    if (written === undefined) throw new Error('the record repo answered fewer outcomes than records');
    results[index] =
      written.outcome === 'unknown_reference'
        ? { ok: false, index, code: 'unknown_reference', field: written.field, message: 'No customer or order with this ID has been sent yet' }
        : written.outcome === 'owned_by_other_source'
          ? { ok: false, index, code: 'owned_by_other_source', field: 'record', message: 'Another source wrote this record first; only that source may write it' }
          : { ok: true, index, type: prepared.type, id: prepared.id, outcome: written.outcome };
  }
  return results;
}

export function createRecordService(deps: { repo: RecordRepo; audit: GatewayAudit; clock: Clock; pepper: Buffer; phone: PhoneNormaliseOptions }): RecordService {
  const { repo, audit, clock, pepper, phone } = deps;

  const check = async (principal: SourcePrincipal, records: readonly unknown[]): Promise<CheckedRecords> => {
    const results: RecordResult[] = new Array<RecordResult>(records.length);
    const accepted: { index: number; prepared: PreparedRecord }[] = [];
    for (const [index, raw] of records.entries()) {
      // A long chunk is checked in slices, so a write running meanwhile (an import's previous chunk) gets its answers read.
      if (index > 0 && index % CHECK_SLICE === 0) await setImmediate();
      const prepared = prepareRecord(raw, index, { recordTypes: principal.recordTypes, pepper, phone });
      if (isRefusal(prepared)) results[index] = prepared;
      else accepted.push({ index, prepared });
    }
    return { results, accepted };
  };

  const write = async (
    principal: SourcePrincipal,
    checked: CheckedRecords,
    options: { checkpoint?: (results: readonly RecordResult[]) => ImportCheckpoint; request?: { key: string; requestHash: string } } = {},
  ): Promise<RecordBatchResult> => {
    const { checkpoint, request } = options;
    const { results, accepted } = checked;
    const by = { accountId: principal.accountId, source: principal.source, at: clock.now() };
    // An import's position and totals, and the answer a retry gets, come from the outcomes the write itself decides: the repo asks for them.
    const asked: RecordWriteOptions = {
      checkpoint: checkpoint === undefined ? undefined : (written) => checkpoint(merge(results, accepted, written)),
      request: request === undefined ? undefined : { ...request, answer: (written) => JSON.stringify(batchResult(merge(results, accepted, written))) },
    };
    let outcomes: WriteOutcome[];
    try {
      outcomes = await repo.upsert(accepted.map((a) => a.prepared), by, asked);
    } catch (error) {
      if (error instanceof SourceAccountRevoked) throw new GatewayError('unauthenticated', 'The service account was revoked: nothing of this request was stored');
      throw error;
    }
    const answer = batchResult(merge(results, accepted, outcomes));
    const { counts } = answer;
    const types = [...new Set(accepted.map((a) => a.prepared.type))].sort().join(',');
    await audit.record({
      type: 'record.write',
      outcome: counts.refused === results.length ? 'failure' : 'success',
      ...(counts.refused === results.length ? { reason: 'records_refused' } : {}),
      actor: sourceActor(principal),
      target: { kind: 'record', id: null },
      details: { source: principal.source, types, ...counts },
    });
    return answer;
  };

  /** Writes a request once per idempotency key of the account (the key is taken in the write's transaction); a retry gets the first answer. */
  const once = async (principal: SourcePrincipal, key: string | undefined, request: unknown, records: readonly unknown[]): Promise<RecordBatchResult> => {
    if (key === undefined) return write(principal, await check(principal, records));
    // Keyed: the request may hold a card number, and its digest must not be a way to test guesses.
    const requestHash = panHmac(pepper, canonicalJson(request));
    const replay = async (): Promise<RecordBatchResult> => {
      const earlier = await repo.findRequest(principal.accountId, key);
      if (earlier === null) throw new Error('an idempotency key was taken without a request');
      if (earlier.requestHash !== requestHash) throw new GatewayError('conflict', 'This idempotency key was used for a different request');
      return RecordBatchResultSchema.parse(JSON.parse(earlier.answer));
    };
    if ((await repo.findRequest(principal.accountId, key)) !== null) return replay();
    try {
      return await write(principal, await check(principal, records), { request: { key, requestHash } });
    } catch (error) {
      // A parallel request took the key first and has ended: this one is its retry, or a different request.
      if (error instanceof RequestKeyTaken) return replay();
      throw error;
    }
  };

  return {
    check,
    importChunk: (principal, checked, checkpoint) => write(principal, checked, { checkpoint }),
    async upsertOne(principal, request) {
      const { results } = await once(principal, request.idempotencyKey, { one: request.record }, [request.record]);
      const [result] = results;
      if (result === undefined) throw new Error('no result for the record');
      if (!result.ok) throw new GatewayError(REFUSAL_ERRORS[result.code], `${result.field}: ${result.message}`, { extra: { refusal: result.code, field: result.field } });
      return result;
    },
    upsertMany: (principal, request) => once(principal, request.idempotencyKey, { many: request.records }, request.records),
  };
}
