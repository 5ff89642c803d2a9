// Keeps one held watch (GET /v1/session/watch) open while the session is
// active, so the desk learns at once that its session ended elsewhere (a SCIM
// deactivation, an admin's disable, a revoked desk), not at its next
// heartbeat. A watch answered 200 ran its hold time: the next opens at once. A
// 401 goes through the API client's usual refresh, which fails for an ended
// session, so the session service signs the desk out and tells the renderer as
// it always does; the watch stops with the session (locked or signed out).
// Network errors and refusals back off with jitter, never spinning.
import { ApiError, type ApiClient } from '../api/api-client.ts';
import { retryDelayMs, type Backoff } from '../api/retry-delay.ts';
import type { AbortableSleep } from '../sync/sync-engine.ts';

export interface SessionWatchOptions {
  readonly api: Pick<ApiClient, 'call'>;
  readonly sleep: AbortableSleep;
  readonly random: () => number;
  readonly retry: Backoff;
  /** How long the desk waits for one watch: longer than the gateway's hold (25 s by default). */
  readonly timeoutMs: number;
  readonly report: (error: unknown) => void;
}

export interface SessionWatch {
  /** Starts watching, unless already. */
  start(): void;
  /** Stops watching: the open watch is abandoned. Resolves when the loop has ended. */
  stop(): Promise<void>;
  running(): boolean;
}

export function createSessionWatch(options: SessionWatchOptions): SessionWatch {
  let current: { abort: AbortController; loop: Promise<void> } | null = null;

  const watch = async (signal: AbortSignal): Promise<void> => {
    let failures = 0;
    // A function, not the property: the watch is stopped across awaits, where narrowing cannot see it.
    const stopped = (): boolean => signal.aborted;
    while (!stopped()) {
      try {
        await options.api.call('sessionWatch', {}, { timeoutMs: options.timeoutMs, signal });
        failures = 0;
      } catch (error) {
        if (stopped()) return;
        // The refresh after the 401 failed: the session service has signed the desk out.
        if (error instanceof ApiError && error.kind === 'session_expired') return;
        if (!(error instanceof ApiError)) options.report(error);
        await options.sleep(retryDelayMs(options.retry, failures, error instanceof ApiError ? error.retryAfterSeconds : null, options.random), signal);
        failures += 1;
      }
    }
  };

  return {
    start() {
      if (current !== null) return;
      const abort = new AbortController();
      const loop = watch(abort.signal).finally(() => {
        if (current?.abort === abort) current = null;
      });
      current = { abort, loop };
    },
    async stop() {
      const stopping = current;
      if (stopping === null) return;
      current = null;
      stopping.abort.abort();
      await stopping.loop;
    },
    running: () => current !== null,
  };
}
