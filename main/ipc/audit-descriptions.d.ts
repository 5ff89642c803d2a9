import type { AuditEvent } from '../../shared/audit.ts';
import type { ContractChannelName } from '../../shared/contract/channels.ts';
export interface AuditDescription {
    readonly target: AuditEvent['target'];
    readonly details: AuditEvent['details'];
}
export declare function describeForAudit(channel: ContractChannelName, request: unknown, response: unknown): AuditDescription;
