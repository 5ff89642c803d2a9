// A minimal server-sent-events reader over fetch, for tests that watch the
// supervisor stream.
import type { SupervisorStreamEvent } from '../../../shared/api.ts';
import { sseEvents } from '../../../main/supervision/supervisor-stream.ts';

export interface StreamWatcher {
  readonly events: SupervisorStreamEvent[];
  /** The `id:` of the last event received: what a client resumes from. */
  readonly lastId: () => string | undefined;
  /** Every byte received, decoded: for PAN scans of the frames as sent. */
  readonly text: () => string;
  /** Resolves when the gateway ends the stream (not when the test closes it). */
  readonly ended: Promise<void>;
  /** Resolves with the first event (already received or arriving) that matches, or rejects after `withinMs`. */
  waitFor(match: (event: SupervisorStreamEvent) => boolean, withinMs?: number): Promise<SupervisorStreamEvent>;
  close(): void;
}

/** How long a wait for an event may take before it counts as missing: it bounds a failure only, and a loaded CI machine can take seconds. */
const STREAM_WAIT_MS = 15_000;

export async function watchStream(url: string, token: string, headers: Record<string, string> = {}): Promise<StreamWatcher> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}`, ...headers }, signal: abort.signal });
  if (response.status !== 200 || response.body === null) throw new Error(`stream answered ${response.status}`);
  const events: SupervisorStreamEvent[] = [];
  const waiters = new Set<() => void>();
  const body = response.body;
  const decoder = new TextDecoder();
  let received = '';
  let lastId: string | undefined;
  async function* recorded(): AsyncGenerator<Uint8Array> {
    for await (const chunk of body) {
      received += decoder.decode(chunk, { stream: true });
      yield chunk;
    }
  }
  let markEnded = (): void => undefined;
  const ended = new Promise<void>((resolve) => {
    markEnded = resolve;
  });
  void (async () => {
    try {
      // The same SSE parser main uses; an event that breaks the contract throws and ends the watch.
      for await (const { event, id } of sseEvents(recorded(), (error) => {
        throw error;
      })) {
        events.push(event);
        if (id !== undefined) lastId = id;
        for (const wake of waiters) wake();
      }
      markEnded();
    } catch {
      // Closed by the test, or dropped by the gateway.
      if (!abort.signal.aborted) markEnded();
    }
  })();
  return {
    events,
    lastId: () => lastId,
    text: () => received,
    ended,
    waitFor(match, withinMs = STREAM_WAIT_MS) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const found = events.find(match);
          if (found === undefined) return false;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(found);
          return true;
        };
        const wake = (): void => {
          check();
        };
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`no matching stream event within ${withinMs} ms (saw ${events.length})`));
        }, withinMs);
        if (!check()) waiters.add(wake);
      });
    },
    close: () => {
      abort.abort();
    },
  };
}
