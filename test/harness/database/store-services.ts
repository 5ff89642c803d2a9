// The gateway's audit chain and alerts built straight over a store, without the
// HTTP app: for tests that drive the verifier, retention or races themselves.
import { GatewayConfigSchema, type Clock } from '../../../server/config.ts';
import { createCoreServices, type CoreServices } from '../../../server/services.ts';
import type { GatewayStore } from '../../../server/storage/store.ts';

export type StoreServices = Pick<CoreServices, 'liveFeed' | 'audit' | 'alerts'>;

/** The feed polls once a minute: these tests read the store, not a stream. Stop `liveFeed` when done. */
export function storeServices(store: GatewayStore, clock: Clock, onError: (error: unknown) => void): StoreServices {
  const config = GatewayConfigSchema.parse({ stream: { feedPollMs: 60_000 } });
  return createCoreServices({ store, config, clock, reportError: (_what, error) => {
    onError(error);
  } });
}
