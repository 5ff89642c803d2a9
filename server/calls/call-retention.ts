// Retention of calls and their contact events (issue 22): a call is forgotten
// config.contactCenter.callRetentionDays after it ended (or, if it never ended,
// after its last change), with its events. Run by the gateway's housekeeping
// pass (services.ts); every instance may run it, the delete is idempotent.
import type { Clock, GatewayConfig } from '../config.ts';
import type { CallRepo } from '../storage/store.ts';

const DAY_MS = 86_400_000;

export function callRetention(deps: { calls: Pick<CallRepo, 'purgeBefore'>; clock: Clock; config: Pick<GatewayConfig, 'contactCenter'> }): () => Promise<number> {
  const keepMs = deps.config.contactCenter.callRetentionDays * DAY_MS;
  return () => deps.calls.purgeBefore(deps.clock.now() - keepMs);
}
