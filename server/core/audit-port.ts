// The port every feature records the gateway's own audit events through
// (logins, supervisor reads, alert acks); audit/gateway-audit.ts implements it.
// An administrative change goes through `commit`: the store writes the change
// and appends its record in one transaction, so there is never one without the other.
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

/** An event a store write appended to the gateway chain in its own transaction: where it went. */
export interface ChainedEvent {
  readonly seq: number;
  readonly receivedAt: string;
  readonly event: AuditEvent;
}

/** What a store write decided, and the gateway chain entries it committed with it. */
export interface Audited<T> {
  readonly outcome: T;
  readonly chained: readonly ChainedEvent[];
}

export interface GatewayAudit {
  record(input: GatewayAuditInput): Promise<AuditEvent>;
  /** The event `record` would store, built and checked now, for a store write that appends it itself. */
  prepare(input: GatewayAuditInput): AuditEvent;
  /**
   * Runs a store write that appends its prepared records in its own transaction, and publishes them once it
   * committed. No record, no change: a write that fails for any reason but a typed refusal is audit_unavailable.
   */
  commit<T>(write: () => Promise<Audited<T>>): Promise<T>;
}
