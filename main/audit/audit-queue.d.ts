import type { AuditBatchEntry } from '../../shared/api.ts';
import { type AuditEvent } from '../../shared/audit.ts';
import type { Clock } from '../clock.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
/** What a caller supplies; id, time and origin are filled in by the queue. */
export type AuditEventInput = Pick<AuditEvent, 'type' | 'outcome' | 'actor' | 'target'> & Partial<Pick<AuditEvent, 'reason' | 'details'>>;
/** The actor of events the desk itself causes (start, sync, keys), with no user behind them. */
export declare const SYSTEM_ACTOR: AuditEventInput['actor'];
export interface AuditQueueOptions {
    readonly dbPath: string;
    readonly deviceId: string;
    readonly appVersion: string;
    readonly host: string;
    readonly secrets: SecretStore;
    readonly clock: Clock;
    /** Unsynced events the queue holds at most; past it, append() refuses (and says so once, in the trail). */
    readonly maxUnsynced: number;
    readonly retentionDays: number;
}
export type IntegrityProblem = 'gap' | 'link' | 'tag' | 'hash' | 'key' | 'content';
export type IntegrityReport = {
    readonly ok: true;
    readonly verified: number;
} | {
    readonly ok: false;
    readonly verified: number;
    readonly seq: number;
    readonly problem: IntegrityProblem;
};
export declare class AuditAppendError extends Error {
    readonly name: string;
}
export declare class AuditQueueFullError extends AuditAppendError {
    readonly name: string;
}
export interface AuditQueueStatus {
    readonly depth: number;
    readonly oldestUnsyncedAt: number | null;
    readonly lastSeq: number;
}
export declare class AuditQueue {
    readonly deviceId: string;
    readonly integrity: IntegrityReport;
    private readonly db;
    private keys;
    private readonly options;
    private head;
    private syncedThrough;
    private fullReported;
    private readonly insert;
    private readonly createdAt;
    private constructor();
    private get depth();
    static open(options: AuditQueueOptions): Promise<AuditQueue>;
    get publicKey(): string;
    /**
     * Appends one event and returns once it is committed. Throws AuditAppendError
     * when it cannot commit (full queue, bad event, disk error): the caller must
     * then refuse the action.
     */
    append(input: AuditEventInput): AuditEvent;
    /** Whether append() would accept an event now; checked before actions with side effects. */
    canAppend(): boolean;
    /** Unsynced entries in order, decrypted, as a sync batch carries them. */
    pending(limit: number): AuditBatchEntry[];
    /** Marks events synced up to the server's ack; never beyond what is stored. Returns how many changed. */
    markSynced(throughSeq: number): number;
    status(): AuditQueueStatus;
    /**
     * Deletes synced events older than the retention, keeping the chain verifiable:
     * the last purged row's hash is remembered as the new starting point.
     */
    purgeSynced(): number;
    /** Ed25519 signature (base64url) with the device key, for sync batches. */
    sign(message: string): string;
    rotateKey(): Promise<string>;
    close(): void;
    private refuseFull;
    private commit;
}
