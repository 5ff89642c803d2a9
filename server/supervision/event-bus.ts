// In-process fan-out of supervisor stream events (presence, audit, alerts) to
// SSE subscribers. At fleet scale this becomes PostgreSQL LISTEN/NOTIFY or the
// existing broker; the interface stays.
import type { SupervisorStreamEvent } from '../../shared/api.ts';

/** `position` is set for audit events: their stream position, the SSE event id a reconnect resumes from. */
export type StreamListener = (event: SupervisorStreamEvent, position?: number) => void;

export interface EventBus {
  publish(event: SupervisorStreamEvent, position?: number): void;
  subscribe(listener: StreamListener): () => void;
}

export function createEventBus(): EventBus {
  const listeners = new Set<StreamListener>();
  return {
    publish(event, position) {
      for (const listener of listeners) {
        try {
          listener(event, position);
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
