// Sends the audit queue to the gateway: ordered batches, each signed over its
// head and carrying an idempotency key; events are marked synced only up to the
// server's ackedThroughSeq. Network errors, 408, 429 and 5xx are retried with
// capped exponential backoff and full jitter (at least Retry-After); a 409 halts
// sync with an integrity alert; 400/422 quarantine the batch and halt. A row
// that no longer verifies locally halts sync too. Every wait is abortable, so
// stop() ends a run promptly even mid-backoff. Once the gateway says the
// device is revoked, batches go (for good) to the revoked-device route: signed
// by the device key as always, sent without a token, and only up to the head
// its last heartbeat promised, which is all the gateway takes from a revoked
// desk; what it wrote later stays in the local trail.
import { randomUUID } from 'node:crypto';
import { heartbeatSigningMessage, INTEGRITY_REASON_MAX, type AuditAck, type AuditBatch, type AuditBatchEntry, type Heartbeat, type HeartbeatBody, type QueueIntegrity } from '../../shared/api.ts';
import { TransparencyError } from '../../shared/transparency/errors.ts';
import { batchSigningMessage } from '../../shared/audit-chain.ts';
import { panFreeId, redactPans } from '../../shared/pan.ts';
import type { AuditSyncStatus, SyncHaltReason } from '../../shared/schemas/status.ts';
import { ApiError, type ApiClient } from '../api/api-client.ts';
import { retryDelayMs, type Backoff } from '../api/retry-delay.ts';
import { SYSTEM_ACTOR, type AuditEventInput, type AuditIntegrity } from '../audit/audit-queue.ts';
import type { Clock } from '../clock.ts';
import type { LogWitness } from './log-witness.ts';

/** The part of the audit queue sync needs. */
export interface SyncSource {
  readonly deviceId: string;
  pending(limit: number): AuditBatchEntry[];
  markSynced(throughSeq: number): number;
  status(): { depth: number; oldestUnsyncedAt: number | null };
  sign(message: string): string;
  appendSystem(input: AuditEventInput): unknown;
  chainHead(): { seq: number; hash: string };
  integrity(): AuditIntegrity;
}

/** Resolves after `ms`, or as soon as `signal` aborts. */
export type AbortableSleep = (ms: number, signal: AbortSignal) => Promise<void>;

export const abortableSleep: AbortableSleep = (ms, signal) =>
  new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });

export interface SyncEngineOptions {
  readonly source: SyncSource;
  readonly api: ApiClient;
  readonly clock: Clock;
  readonly sleep: AbortableSleep;
  readonly random: () => number;
  readonly batchSize: number;
  readonly backoff: Backoff;
  /**
   * True once the session ended because an administrator revoked this desk: a
   * refused refresh surfaces to sync as an expired session, not as device_revoked.
   */
  readonly deviceRevoked?: () => boolean;
  /** With a pinned log key: every ack's receipt is verified before its batch counts as synced, every heartbeat's checkpoint witnessed. */
  readonly log?: LogWitness;
  /** How the OS keychain answered its last use, reported in each heartbeat (a critical control, 10.7.2). */
  readonly keychain?: () => 'ok' | 'failed';
}

export type SyncOutcome = 'drained' | 'halted' | 'offline' | 'stopped';

const RETRYABLE_STATUS = new Set([408, 429]);

/**
 * The integrity state as the heartbeat schema accepts it. The reason quotes
 * values read from a file the local user can edit (a cursor set to a card
 * number): unredacted, the gateway would refuse every heartbeat and the board
 * would never hear of the failure.
 */
function reportable(integrity: AuditIntegrity): QueueIntegrity {
  if (integrity.status === 'ok') return integrity;
  return { status: 'failed', reason: redactPans(integrity.reason).slice(0, INTEGRITY_REASON_MAX), at: integrity.at };
}

export class SyncEngine {
  private readonly options: SyncEngineOptions;
  private state: AuditSyncStatus['state'] = 'idle';
  private haltReason: SyncHaltReason | null = null;
  private lastSuccessAt: number | null = null;
  private lastError: { code: string; message: string; at: number } | null = null;
  private inFlight: { firstSeq: number; lastSeq: number; batchId: string } | null = null;
  private running: Promise<SyncOutcome> | null = null;
  private readonly stopping = new AbortController();
  /** Heartbeats are signed with strictly increasing times: the gateway refuses an equal one as a replay. */
  private lastHeartbeatAt = 0;
  /** Sticky: a revoked device is never un-revoked, so sync never goes back to the session route. */
  private revoked = false;
  /** The queue head the gateway acknowledged in this run's last heartbeat: a revoked desk may deliver up to it. */
  private promisedSeq = 0;

  constructor(options: SyncEngineOptions) {
    this.options = options;
  }

  status(): AuditSyncStatus {
    const queue = this.options.source.status();
    const now = this.options.clock.now();
    return {
      state: this.state,
      haltReason: this.haltReason,
      queueDepth: queue.depth,
      oldestUnsyncedAgeMs: queue.oldestUnsyncedAt === null ? null : Math.max(0, now - queue.oldestUnsyncedAt),
      lastSuccessAt: this.lastSuccessAt === null ? null : new Date(this.lastSuccessAt).toISOString(),
      lastError: this.lastError === null ? null : { ...this.lastError, at: new Date(this.lastError.at).toISOString() },
    };
  }

  /** Sends until the queue is empty, sync halts, or the session is gone. One run at a time. */
  syncNow(): Promise<SyncOutcome> {
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /**
   * Stops for good (app shutdown): a backoff wait ends at once, and a request
   * still in flight is not waited for; its answer is ignored (the gateway
   * dedupes the batch when the next start sends it again).
   */
  stop(): void {
    this.stopping.abort();
  }

  /**
   * Reports presence with the queue's head, cursor and integrity, signed by the
   * device key. A locked desk holds no access token, so it sends the
   * device-signed form the gateway accepts for the device's live session.
   */
  async sendHeartbeat(presence: Pick<Heartbeat, 'state' | 'captureProtection' | 'appVersion'>): Promise<void> {
    const { source, clock } = this.options;
    const status = this.status();
    const head = source.chainHead();
    this.lastHeartbeatAt = Math.max(clock.now(), this.lastHeartbeatAt + 1);
    const body: HeartbeatBody = {
      deviceId: source.deviceId,
      ...presence,
      queueDepth: status.queueDepth,
      oldestUnsyncedAgeMs: status.oldestUnsyncedAgeMs,
      queueHead: head,
      syncedThroughSeq: head.seq - status.queueDepth,
      integrity: reportable(source.integrity()),
      ...(this.options.log === undefined ? {} : { logSize: this.options.log.heldSize() }),
      ...(this.options.keychain === undefined ? {} : { keychain: this.options.keychain() }),
      sentAt: new Date(this.lastHeartbeatAt).toISOString(),
    };
    const signed = { ...body, signature: source.sign(heartbeatSigningMessage(body)) };
    const ack = await this.options.api.call(presence.state === 'locked' ? 'deviceHeartbeat' : 'heartbeat', { body: signed });
    this.promisedSeq = Math.max(this.promisedSeq, head.seq);
    await this.options.log?.observe(ack.log);
  }

  /** A call, not a narrowed value: the abort happens while drain() awaits. */
  private isStopped(): boolean {
    return this.stopping.signal.aborted;
  }

  private async drain(): Promise<SyncOutcome> {
    if (this.state === 'halted') return 'halted';
    let attempt = 0;
    for (;;) {
      if (this.isStopped()) return 'stopped';
      const pending = this.options.source.pending(this.options.batchSize);
      const entries = this.revoked ? pending.filter((entry) => entry.seq <= this.promisedSeq) : pending;
      const integrity = this.options.source.integrity();
      if (entries.length === 0 && integrity.status === 'failed') {
        this.lastError = { code: 'audit_integrity', message: `The local audit trail failed verification (${integrity.reason}); IT must clear it`, at: this.options.clock.now() };
        this.halt('integrity', null, integrity.reason);
        return 'halted';
      }
      if (entries.length === 0) {
        this.state = 'idle';
        return 'drained';
      }
      this.state = attempt === 0 ? 'syncing' : 'retrying';
      const batch = this.batchFor(entries);
      try {
        const ack = await this.options.api.call(this.revoked ? 'revokedDeviceAuditBatches' : 'auditBatches', { body: batch });
        if (this.isStopped()) return 'stopped';
        const unproven = await this.unprovenReceipt(batch, ack.receipt);
        if (unproven !== null) {
          // The gateway could not prove it logged the batch: it stays unsynced here, on record, and sync stops as for tampering.
          this.lastError = { code: 'audit_integrity', message: `The gateway's transparency log receipt failed verification (${unproven})`, at: this.options.clock.now() };
          this.halt('integrity', batch, `log receipt: ${unproven}`);
          return 'halted';
        }
        this.options.source.markSynced(ack.ackedThroughSeq);
        this.lastSuccessAt = this.options.clock.now();
        this.inFlight = null;
        attempt = 0;
        continue;
      } catch (error) {
        if (this.isStopped()) return 'stopped';
        const verdict = this.judge(error);
        this.lastError = { code: verdict.code, message: verdict.message, at: this.options.clock.now() };
        if (verdict.kind === 'revoked') {
          this.revoked = true;
          continue;
        }
        if (verdict.kind === 'offline') {
          this.state = 'offline';
          return 'offline';
        }
        if (verdict.kind === 'halt') {
          this.halt(verdict.reason, batch, verdict.message);
          return 'halted';
        }
        attempt += 1;
        this.state = 'retrying';
        await this.options.sleep(this.delayMs(attempt, verdict.retryAfterSeconds), this.stopping.signal);
      }
    }
  }

  /** Null when there is no pinned log or the receipt proves the batch's last entry; otherwise why not. */
  private async unprovenReceipt(batch: AuditBatch, receipt: AuditAck['receipt']): Promise<string | null> {
    const last = batch.entries.at(-1);
    if (this.options.log === undefined || last === undefined) return null;
    try {
      await this.options.log.verifyReceipt(batch.deviceId, last, receipt);
      return null;
    } catch (error) {
      if (error instanceof TransparencyError) return error.message;
      throw error;
    }
  }

  /** The same entries keep their batch ID across retries, so the gateway can answer a replay with its ack. */
  private batchFor(entries: AuditBatchEntry[]): AuditBatch {
    const first = entries[0];
    const last = entries.at(-1);
    if (first === undefined || last === undefined) throw new Error('empty batch');
    if (this.inFlight?.firstSeq !== first.seq || this.inFlight.lastSeq !== last.seq) {
      this.inFlight = { firstSeq: first.seq, lastSeq: last.seq, batchId: panFreeId(randomUUID) };
    }
    const { batchId } = this.inFlight;
    const deviceId = this.options.source.deviceId;
    const signature = this.options.source.sign(batchSigningMessage({ deviceId, batchId, firstSeq: first.seq, lastSeq: last.seq, headHash: last.hash }));
    return { deviceId, batchId, entries, signature };
  }

  private judge(error: unknown):
    | { kind: 'retry'; code: string; message: string; retryAfterSeconds: number | null }
    | { kind: 'halt'; reason: Exclude<SyncHaltReason, 'integrity'>; code: string; message: string }
    | { kind: 'offline'; code: string; message: string }
    | { kind: 'revoked'; code: string; message: string } {
    if (!(error instanceof ApiError)) {
      return { kind: 'halt', reason: 'quarantined', code: 'internal', message: error instanceof Error ? error.message : String(error) };
    }
    // Only a switch from the session route: the revoked-device route refusing again must not loop.
    const revokedNow = error.code === 'device_revoked' || ((error.kind === 'session_expired' || error.status === 401) && this.options.deviceRevoked?.() === true);
    if (!this.revoked && revokedNow) return { kind: 'revoked', code: 'device_revoked', message: 'This desk was revoked: its audit trail goes to the revoked-device route' };
    if (error.kind === 'session_expired' || error.status === 401) return { kind: 'offline', code: error.code, message: 'Waiting for sign-in to sync the audit trail' };
    // A first-sign-in session may not upload yet; the trail waits for the set-up session, it is not refused.
    if (error.code === 'setup_required') return { kind: 'offline', code: error.code, message: 'Waiting for account setup to finish to sync the audit trail' };
    if (error.kind === 'network' || error.kind === 'timeout') return { kind: 'retry', code: error.code, message: error.message, retryAfterSeconds: null };
    if (error.status === 409) return { kind: 'halt', reason: 'chain_rejected', code: 'conflict', message: error.message };
    if (error.status !== null && (RETRYABLE_STATUS.has(error.status) || error.status >= 500)) {
      return { kind: 'retry', code: error.code, message: error.message, retryAfterSeconds: error.retryAfterSeconds };
    }
    return { kind: 'halt', reason: 'quarantined', code: error.code, message: error.message };
  }

  private delayMs(attempt: number, retryAfterSeconds: number | null): number {
    return retryDelayMs(this.options.backoff, attempt, retryAfterSeconds, this.options.random);
  }

  private halt(reason: SyncHaltReason, batch: AuditBatch | null, message: string): void {
    this.state = 'halted';
    this.haltReason = reason;
    const first = batch?.entries[0]?.seq ?? null;
    const last = batch?.entries.at(-1)?.seq ?? null;
    // The events stay in the queue, unsynced: halting never deletes anything.
    this.options.source.appendSystem({
      type: 'audit.sync.halted',
      outcome: 'failure',
      reason,
      actor: SYSTEM_ACTOR,
      target: { kind: 'audit-log', id: this.options.source.deviceId },
      details: { firstSeq: first, lastSeq: last, batchId: batch?.batchId ?? null, message: message.slice(0, 300) },
    });
  }
}
