import type { AuditEvent } from '../../shared/audit.ts';
export declare function sampleAuditEvent(overrides?: Partial<AuditEvent>): AuditEvent;
