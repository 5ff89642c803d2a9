// Supervisor reads of the audit store: event search and per-agent activity
// reports (JSON and CSV). Every read is itself audited (PCI DSS 10.2.1.3).
import type { AuditEventType } from '../../shared/audit.ts';
import type { FloorHour, FloorReport, FloorReportQuery } from '../../shared/schemas/floor.ts';
import type { ActivityReport, AuditSearchQuery, StoredAuditEvent } from '../../shared/schemas/supervision.ts';
import type { Clock } from '../config.ts';
import type { GatewayAudit } from '../core/audit-port.ts';
import { countsToward, FIGURES } from '../../shared/report-figures.ts';
import type { Principal } from '../core/principal.ts';
import type { AuditRepo } from '../storage/store.ts';
import { searchableFrom } from './retention.ts';
import { agentTimeInState, eventsInRange } from './time-in-state.ts';

const HOUR_MS = 3_600_000;
const LOOKUP_COLUMN = { customerId: 'lookupsByCustomerId', order: 'lookupsByOrder', card: 'lookupsByCard' } as const;

export interface AuditReader {
  search(principal: Principal, query: AuditSearchQuery): Promise<{ events: StoredAuditEvent[]; nextCursor: string | null }>;
  activity(principal: Principal, query: { from: string; to: string; userId?: string | undefined }, format: 'json' | 'csv'): Promise<ActivityReport>;
  /** The charts of the supervisor's floor: lookups and failed sign-ins per hour, time in state per agent. */
  floor(principal: Principal, query: FloorReportQuery): Promise<FloorReport>;
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
      // The default window is the searchable three months (PCI DSS 10.5.1); an explicit `from` reaches further back.
      return deps.repo.search({ ...query, from: query.from ?? searchableFrom(deps.clock.now()) }, deps.pageBytes);
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
    async floor(principal, query) {
      await deps.audit.record({
        type: 'report.generate',
        outcome: 'success',
        actor: principal,
        target: { kind: 'report', id: 'floor' },
        details: { from: query.from, to: query.to },
      });
      let truncated = false;
      const eventsOf = async (type: AuditEventType): Promise<StoredAuditEvent[]> => {
        const found = await eventsInRange(deps.repo, type, query);
        truncated ||= found.truncated;
        return found.events;
      };
      const from = Date.parse(query.from);
      const to = Date.parse(query.to);
      const firstHour = Math.floor(from / HOUR_MS) * HOUR_MS;
      const hours: FloorHour[] = [];
      for (let at = firstHour; at < to; at += HOUR_MS) {
        hours.push({ hour: new Date(at).toISOString(), lookupsByCustomerId: 0, lookupsByOrder: 0, lookupsByCard: 0, failedSignIns: 0 });
      }
      const hourOf = (at: string): FloorHour | undefined => hours[Math.floor((Date.parse(at) - firstHour) / HOUR_MS)];

      // Each figure as shared/report-figures.ts defines it, as the activity report counts it.
      for (const type of FIGURES.lookups.types) {
        for (const stored of await eventsOf(type)) {
          const by = stored.event.details.by;
          const column = typeof by === 'string' && Object.hasOwn(LOOKUP_COLUMN, by) ? LOOKUP_COLUMN[by as keyof typeof LOOKUP_COLUMN] : undefined;
          const hour = hourOf(stored.event.at);
          if (countsToward(FIGURES.lookups, stored) && column !== undefined && hour !== undefined) hour[column] += 1;
        }
      }
      for (const type of FIGURES.failedSignIns.types) {
        for (const stored of await eventsOf(type)) {
          const hour = hourOf(stored.event.at);
          if (countsToward(FIGURES.failedSignIns, stored) && hour !== undefined) hour.failedSignIns += 1;
        }
      }

      const states = await agentTimeInState(deps.repo, query);
      truncated ||= states.truncated;
      const agents = states.agents;
      return { from: query.from, to: query.to, generatedAt: new Date(deps.clock.now()).toISOString(), hours, agents, truncated };
    },
  };
}
