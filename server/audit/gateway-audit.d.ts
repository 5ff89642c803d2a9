import { type AuditEvent, type AuditEventType } from '../../shared/audit.ts';
import type { Role } from '../../shared/roles.ts';
import type { Clock } from '../config.ts';
import type { SerialQueue } from '../serial-queue.ts';
import type { EventBus } from '../supervision/event-bus.ts';
import type { AuditRepo } from '../storage/store.ts';
export declare const GATEWAY_DEVICE_ID = "gateway";
export interface GatewayAuditInput {
    readonly type: AuditEventType;
    readonly outcome: 'success' | 'failure';
    readonly reason?: string;
    readonly actor: {
        userId: string | null;
        username: string | null;
        roles: readonly Role[];
    };
    readonly target: AuditEvent['target'];
    readonly details?: AuditEvent['details'];
}
export interface GatewayAudit {
    record(input: GatewayAuditInput): Promise<AuditEvent>;
}
export declare function sha256Hex(text: string): string;
export declare function createGatewayAudit(deps: {
    repo: AuditRepo;
    clock: Clock;
    bus: EventBus;
    queue: SerialQueue;
    version: string;
}): GatewayAudit;
