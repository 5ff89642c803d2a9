// In-process fan-out of supervisor stream events (presence, audit, alerts) to
// this instance's SSE subscribers, and of session ends (logout, revocation) to
// the streams those sessions hold open. It is only the wake-up: the events come
// from the database's live feed (live-feed.ts), which every instance tails.
import type { SupervisorStreamEvent } from '../../shared/api.ts';

/** `position` is the event's live feed id: the SSE event id a reconnect resumes from. */
export type StreamListener = (event: SupervisorStreamEvent, position?: number) => void;
export type SessionEndListener = (familyId: string) => void;

export interface EventBus {
  publish(event: SupervisorStreamEvent, position?: number): void;
  subscribe(listener: StreamListener): () => void;
  /** A session ended: every stream it opened closes now, not at its next periodic check. */
  sessionEnded(familyId: string): void;
  onSessionEnded(listener: SessionEndListener): () => void;
}

function fanOut<L extends (...args: never[]) => void>() {
  const listeners = new Set<L>();
  return {
    emit(...args: Parameters<L>) {
      for (const listener of listeners) {
        try {
          listener(...args);
        } catch {
          // One broken subscriber must not starve the others; it is dropped.
          listeners.delete(listener);
        }
      }
    },
    add(listener: L) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function createEventBus(): EventBus {
  const events = fanOut<StreamListener>();
  const sessionEnds = fanOut<SessionEndListener>();
  return {
    publish: (event, position) => {
      events.emit(event, position);
    },
    subscribe: (listener) => {
      const remove = events.add(listener);
      return () => {
        remove();
      };
    },
    sessionEnded: (familyId) => {
      sessionEnds.emit(familyId);
    },
    onSessionEnded: (listener) => {
      const remove = sessionEnds.add(listener);
      return () => {
        remove();
      };
    },
  };
}
