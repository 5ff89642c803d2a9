// Retention schedules per data class (issue 27): notes after
// config.privacy.retention.notesMonths, closed orders with their payments and
// shipments after closedOrdersYears. Run by the housekeeping pass on every
// instance (the deletes are idempotent); each purge that removed something is
// written to the gateway's audit trail with its cut-offs and counts.
import { SYSTEM_ACTOR } from '../../shared/audit.ts';
import type { Clock, GatewayConfig } from '../config.ts';
import type { GatewayAudit } from '../core/audit-port.ts';
import type { CustomerRepo } from '../storage/store.ts';

const monthsBefore = (at: number, months: number): string => {
  const d = new Date(at);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString();
};

export function dataRetention(deps: {
  customers: Pick<CustomerRepo, 'purgeRetained'>;
  audit: GatewayAudit;
  clock: Clock;
  config: Pick<GatewayConfig, 'privacy'>;
}): () => Promise<{ notes: number; orders: number }> {
  const { notesMonths, closedOrdersYears } = deps.config.privacy.retention;
  return async () => {
    const now = deps.clock.now();
    const cutoffs = { notesBefore: monthsBefore(now, notesMonths), closedOrdersBefore: monthsBefore(now, closedOrdersYears * 12) };
    const purged = await deps.customers.purgeRetained(cutoffs);
    if (purged.notes + purged.orders > 0) {
      await deps.audit.record({ type: 'privacy.retention.purge', outcome: 'success', actor: SYSTEM_ACTOR, target: { kind: 'record', id: 'customer-data' }, details: { ...cutoffs, ...purged } });
    }
    return purged;
  };
}
