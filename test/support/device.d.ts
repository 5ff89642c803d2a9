import { type KeyObject } from 'node:crypto';
import type { AuditBatch, AuditBatchEntry } from '../../shared/api.ts';
import type { AuditEvent } from '../../shared/audit.ts';
export declare class TestDevice {
    readonly deviceId: string;
    readonly publicKey: string;
    private readonly privateKey;
    private seq;
    private head;
    constructor(deviceId?: string);
    info(appVersion?: string): {
        deviceId: string;
        publicKey: string;
        appVersion: string;
    };
    /** An audit event from this desk; `at` defaults to now. */
    event(overrides?: Partial<AuditEvent>): AuditEvent;
    /** Appends events to the local chain and returns the entries. */
    append(events: readonly AuditEvent[]): AuditBatchEntry[];
    /** A signed batch of entries; `signWith` lets a test sign with a foreign key. */
    batch(entries: readonly AuditBatchEntry[], options?: {
        batchId?: string;
        signWith?: KeyObject;
    }): AuditBatch;
}
