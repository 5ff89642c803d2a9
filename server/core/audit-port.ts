// The port every feature records the gateway's own audit events through
// (logins, supervisor reads, alert acks); audit/gateway-audit.ts implements it.
import type { AuditEvent, AuditEventType } from '../../shared/audit.ts';
import type { Role } from '../../shared/roles.ts';

export interface GatewayAuditInput {
  readonly type: AuditEventType;
  readonly outcome: 'success' | 'failure';
  readonly reason?: string;
  readonly actor: { userId: string | null; username: string | null; roles: readonly Role[] };
  readonly target: AuditEvent['target'];
  readonly details?: AuditEvent['details'];
}

export interface GatewayAudit {
  record(input: GatewayAuditInput): Promise<AuditEvent>;
}
