// The gateway's audit chain and alerts built straight over a store, without the
// HTTP app: for tests that drive the verifier, retention or races themselves.
import { createGatewayAudit, type GatewayAudit } from '../../server/audit/gateway-audit.ts';
import { GatewayConfigSchema, type Clock } from '../../server/config.ts';
import { createSerialQueue } from '../../server/serial-queue.ts';
import type { GatewayStore } from '../../server/storage/store.ts';
import { createAlertService, type AlertService } from '../../server/supervision/alerts.ts';
import { createEventBus } from '../../server/supervision/event-bus.ts';
import { createLiveFeed, type LiveFeed } from '../../server/supervision/live-feed.ts';

export interface StoreServices {
  readonly liveFeed: LiveFeed;
  readonly audit: GatewayAudit;
  readonly alerts: AlertService;
}

/** The feed polls once a minute: these tests read the store, not a stream. Stop `liveFeed` when done. */
export function storeServices(store: GatewayStore, clock: Clock, onError: (error: unknown) => void): StoreServices {
  const { live } = store;
  const liveFeed = createLiveFeed({ repo: live.feed, bus: createEventBus(), clock, pollMs: 60_000, onError });
  const audit = createGatewayAudit({ repo: store.audit, clock, live: liveFeed, queue: createSerialQueue(), version: 'test' });
  const alerts = createAlertService({ repo: store.alerts, clock, live: liveFeed, audit, windows: live.windows, rules: GatewayConfigSchema.parse({}).alerts });
  return { liveFeed, audit, alerts };
}
