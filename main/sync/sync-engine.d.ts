import type { AuditBatchEntry, Heartbeat } from '../../shared/api.ts';
import type { AuditSyncStatus } from '../../shared/schemas/status.ts';
import { type ApiClient } from '../api/api-client.ts';
import { type AuditEventInput } from '../audit/audit-queue.ts';
import type { Clock } from '../clock.ts';
/** The part of the audit queue sync needs. */
export interface SyncSource {
    readonly deviceId: string;
    pending(limit: number): AuditBatchEntry[];
    markSynced(throughSeq: number): number;
    status(): {
        depth: number;
        oldestUnsyncedAt: number | null;
    };
    sign(message: string): string;
    append(input: AuditEventInput): unknown;
}
export interface SyncEngineOptions {
    readonly source: SyncSource;
    readonly api: ApiClient;
    readonly clock: Clock;
    readonly sleep: (ms: number) => Promise<void>;
    readonly random: () => number;
    readonly batchSize: number;
    readonly backoff: {
        readonly baseMs: number;
        readonly capMs: number;
    };
}
export type SyncOutcome = 'drained' | 'halted' | 'offline' | 'stopped';
export declare class SyncEngine {
    private readonly options;
    private state;
    private lastSuccessAt;
    private lastError;
    private inFlight;
    private running;
    private stopped;
    constructor(options: SyncEngineOptions);
    status(): AuditSyncStatus;
    /** Sends until the queue is empty, sync halts, or the session is gone. One run at a time. */
    syncNow(): Promise<SyncOutcome>;
    /** Stops retrying (app shutdown); an in-flight request may still complete. */
    stop(): Promise<void>;
    /** After IT has looked at a halt, sync may be resumed; the next run starts from the first unsynced event. */
    resume(): void;
    sendHeartbeat(presence: Pick<Heartbeat, 'state' | 'captureProtection' | 'appVersion'>): Promise<void>;
    private drain;
    /** The same entries keep their batch ID across retries, so the gateway can answer a replay with its ack. */
    private batchFor;
    private judge;
    /** Full jitter: a random wait up to the capped exponential step, and never sooner than Retry-After. */
    private delayMs;
    private halt;
}
