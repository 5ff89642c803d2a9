import type { ActivityReport, AuditSearchQuery, StoredAuditEvent } from '../../shared/schemas/supervision.ts';
import type { Clock } from '../config.ts';
import type { Principal } from '../identity/tokens.ts';
import type { AuditRepo } from '../storage/store.ts';
import type { GatewayAudit } from './gateway-audit.ts';
export interface AuditReader {
    search(principal: Principal, query: AuditSearchQuery): Promise<{
        events: StoredAuditEvent[];
        nextCursor: string | null;
    }>;
    activity(principal: Principal, query: {
        from: string;
        to: string;
        userId?: string | undefined;
    }, format: 'json' | 'csv'): Promise<ActivityReport>;
}
export declare function createAuditReader(deps: {
    repo: AuditRepo;
    audit: GatewayAudit;
    clock: Clock;
}): AuditReader;
