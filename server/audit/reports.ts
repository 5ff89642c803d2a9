// Supervisor reads of the audit store: event search and per-agent activity
// reports (JSON and CSV). Every read is itself audited (PCI DSS 10.2.1.3).
import type { ActivityReport, AuditSearchQuery, StoredAuditEvent } from '../../shared/schemas/supervision.ts';
import type { Clock } from '../config.ts';
import type { Principal } from '../identity/tokens.ts';
import type { AuditRepo } from '../storage/store.ts';
import type { GatewayAudit } from './gateway-audit.ts';

export interface AuditReader {
  search(principal: Principal, query: AuditSearchQuery): Promise<{ events: StoredAuditEvent[]; nextCursor: string | null }>;
  activity(principal: Principal, query: { from: string; to: string; userId?: string | undefined }, format: 'json' | 'csv'): Promise<ActivityReport>;
}

/** `pageBytes`: a search page stops before this much JSON, so an answer never outgrows its PAN scan. */
export function createAuditReader(deps: { repo: AuditRepo; audit: GatewayAudit; clock: Clock; pageBytes: number }): AuditReader {
  return {
    async search(principal, query) {
      await deps.audit.record({
        type: 'audit.read',
        outcome: 'success',
        actor: principal,
        target: { kind: 'audit-log', id: query.customerId ?? query.userId ?? null },
        details: {
          userId: query.userId ?? null,
          type: query.type ?? null,
          customerId: query.customerId ?? null,
          from: query.from ?? null,
          to: query.to ?? null,
        },
      });
      return deps.repo.search(query, deps.pageBytes);
    },
    async activity(principal, query, format) {
      await deps.audit.record({
        type: 'report.generate',
        outcome: 'success',
        actor: principal,
        target: { kind: 'report', id: 'activity' },
        details: { from: query.from, to: query.to, userId: query.userId ?? null, format },
      });
      return {
        from: query.from,
        to: query.to,
        generatedAt: new Date(deps.clock.now()).toISOString(),
        rows: await deps.repo.activity(query),
      };
    },
  };
}
