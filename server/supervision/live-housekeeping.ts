// Bounds the live-state tables: forgets what no rule or reader can use any more
// (feed entries past their replay retention, quota charges and window hits past
// their longest window, an address's link to an alert a day after it was
// acknowledged). Every instance may run it; the deletes are idempotent.
import type { Clock, GatewayConfig } from '../config.ts';
import type { AlertRepo, LiveStateStore } from '../storage/store.ts';

export function liveHousekeeping(deps: {
  live: LiveStateStore;
  alerts: Pick<AlertRepo, 'forgetSourceAlerts'>;
  clock: Clock;
  config: Pick<GatewayConfig, 'audit' | 'alerts' | 'stream'>;
}): () => Promise<void> {
  const { audit, alerts, stream } = deps.config;
  const quotaMs = Math.max(...audit.quotas.map((q) => q.windowSeconds * 1000));
  const windowMs = Math.max(alerts.failedLogins.windowMinutes, alerts.cardLookupBurst.windowMinutes) * 60_000;
  // An address's link to its alert outlives its failed sign-ins: once the alert is acknowledged, repeats within a day still find it.
  const sourceAlertMs = 24 * 3_600_000;
  return async () => {
    const now = deps.clock.now();
    await deps.live.feed.prune(now - stream.feedRetentionMinutes * 60_000);
    await deps.live.ingestCharges.prune(now - quotaMs);
    await deps.live.windows.prune(now - windowMs);
    await deps.alerts.forgetSourceAlerts(now - sourceAlertMs);
  };
}
