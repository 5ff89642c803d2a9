// Compares a desk's trail with the gateway's own record of what it served that
// desk (issue 21). Every customer record the gateway shows a desk, the desk
// writes a customer.view of its own; a record served to the desk's session
// that the desk's trail, synced well past that moment, does not show was read
// by something else holding the desk's tokens (a process that read the
// keychain), and raises a critical alert. Each served read is checked once:
// when the desk's synced trail first passes it by the clock skew.
import type { AlertService } from '../core/alert-port.ts';
import type { AuditRepo } from '../storage/store.ts';

/** Served reads checked per batch at most; a desk that syncs a long backlog is checked over its next batches. */
const MAX_READS_PER_CHECK = 500;

export interface DeskReadCheck {
  /** After a batch moved the desk's synced trail from `previousHigh` to `newHigh` (its latest event times). */
  afterBatch(subject: { userId: string; deviceId: string }, previousHigh: string | null, newHigh: string): Promise<void>;
}

export function createDeskReadCheck(deps: { repo: Pick<AuditRepo, 'gatewayReadsFor' | 'deskViews'>; alerts: AlertService; skewMs: number }): DeskReadCheck {
  const shift = (at: string, ms: number): string => new Date(Date.parse(at) + ms).toISOString();
  return {
    async afterBatch(subject, previousHigh, newHigh) {
      // Before the desk's first batch, every read served to it so far is due.
      const from = previousHigh ?? new Date(0).toISOString();
      if (newHigh <= from) return;
      const reads = await deps.repo.gatewayReadsFor(subject.deviceId, shift(from, -deps.skewMs), shift(newHigh, -deps.skewMs), MAX_READS_PER_CHECK);
      const first = reads[0];
      const last = reads.at(-1);
      if (first === undefined || last === undefined) return;
      const seen = await deps.repo.deskViews(subject.deviceId, shift(first.at, -deps.skewMs), shift(last.at, deps.skewMs));
      const missing = reads.filter((read) => !seen.has(read.customerId));
      const example = missing[0];
      if (example === undefined) return;
      await deps.alerts.raise({
        kind: 'desk_read_mismatch',
        severity: 'critical',
        userId: subject.userId,
        deviceId: subject.deviceId,
        message: `The gateway served ${missing.length} customer record(s) to the session on ${subject.deviceId} that its own trail does not show (first ${example.customerId} at ${example.at}): something other than the desk used its tokens`,
        occurrences: missing.length,
      });
    },
  };
}
