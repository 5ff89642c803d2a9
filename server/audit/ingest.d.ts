import type { AuditAck, AuditBatch } from '../../shared/api.ts';
import type { Clock } from '../config.ts';
import type { Principal } from '../identity/tokens.ts';
import type { SerialQueue } from '../serial-queue.ts';
import type { AlertService } from '../supervision/alerts.ts';
import type { EventBus } from '../supervision/event-bus.ts';
import type { AuditRepo, IdentityRepo } from '../storage/store.ts';
import { type GatewayAudit } from './gateway-audit.ts';
export interface AuditIngest {
    ingest(principal: Principal, batch: AuditBatch): Promise<AuditAck>;
}
export declare function createAuditIngest(deps: {
    repo: AuditRepo;
    identity: IdentityRepo;
    clock: Clock;
    bus: EventBus;
    alerts: AlertService;
    audit: GatewayAudit;
    queue: SerialQueue;
}): AuditIngest;
