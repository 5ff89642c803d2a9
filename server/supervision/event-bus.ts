// In-process fan-out of supervisor stream events (presence, audit, alerts) to
// SSE subscribers. At fleet scale this becomes PostgreSQL LISTEN/NOTIFY or the
// existing broker; the interface stays.
import type { SupervisorStreamEvent } from '../../shared/api.ts';

export type StreamListener = (event: SupervisorStreamEvent) => void;

export interface EventBus {
  publish(event: SupervisorStreamEvent): void;
  subscribe(listener: StreamListener): () => void;
}

export function createEventBus(): EventBus {
  const listeners = new Set<StreamListener>();
  return {
    publish(event) {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch {
          // One broken subscriber must not starve the others; it is dropped.
          listeners.delete(listener);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
