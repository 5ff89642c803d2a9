// Reads the gateway's supervisor event stream (SSE) while a supervisor is
// signed in, and hands each validated event to the renderer as a push event.
// It reconnects after a drop with capped backoff, resuming from the last event
// id, and stops on lock or logout. The gateway sends a keep-alive comment every
// few seconds; a stream that stays silent past idleTimeoutMs is frozen (a dead
// proxy, a half-open TCP connection), so it is dropped and reopened. Its state
// (live, reconnecting…) goes to the renderer too, so the view can say when live
// updates are paused instead of silently showing a stale floor.
import { SupervisorStreamEventSchema, type SupervisorStreamEvent } from '../../shared/api.ts';
import type { SupervisorStreamState } from '../../shared/schemas/floor.ts';
import type { ApiClient } from '../api/api-client.ts';

export interface SupervisorStreamOptions {
  readonly api: ApiClient;
  readonly onEvent: (event: SupervisorStreamEvent) => void;
  readonly sleep: (ms: number) => Promise<void>;
  readonly retry: { readonly baseMs: number; readonly capMs: number };
  readonly report: (error: unknown) => void;
  /** Silence after which the stream counts as frozen; a few of the gateway's keep-alive periods. */
  readonly idleTimeoutMs?: number;
  readonly now?: () => number;
  readonly onState?: (state: SupervisorStreamState) => void;
}

/** Three of the gateway's default 15 s keep-alives. */
const DEFAULT_IDLE_TIMEOUT_MS = 45_000;

export class StreamIdleError extends Error {
  override readonly name = 'StreamIdleError';
  constructor(idleMs: number) {
    super(`The supervisor stream was silent for ${idleMs} ms; reconnecting`);
  }
}

/** Passes chunks through; when none arrives within idleMs, calls onIdle and throws StreamIdleError. */
export async function* withIdleTimeout<T>(source: AsyncIterable<T>, idleMs: number, onIdle: () => void): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = iterator.next();
      // Still pending when the watchdog fires; its rejection (the abort) has no one else to go to.
      next.catch(() => undefined);
      let timer: NodeJS.Timeout | undefined;
      const idle = new Promise<'idle'>((resolve) => {
        timer = setTimeout(() => {
          resolve('idle');
        }, idleMs);
      });
      const result = await Promise.race([next, idle]).finally(() => {
        clearTimeout(timer);
      });
      if (result === 'idle') {
        onIdle();
        throw new StreamIdleError(idleMs);
      }
      if (result.done === true) return;
      yield result.value;
    }
  } finally {
    void iterator.return?.().catch(() => undefined);
  }
}

/** Splits an SSE byte stream into events with their `id:` (if any); malformed ones are dropped and reported. */
export async function* sseEvents(
  chunks: AsyncIterable<Uint8Array>,
  report: (error: unknown) => void,
): AsyncGenerator<{ event: SupervisorStreamEvent; id: string | undefined }> {
  // One streaming decoder: a multi-byte character (masked data is full of •) may straddle two chunks.
  const decoder = new TextDecoder('utf-8');
  let buffer = '';
  for await (const chunk of chunks) {
    buffer += decoder.decode(chunk, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      end = buffer.indexOf('\n\n');
      const type = /^event: (.+)$/m.exec(block)?.[1];
      const data = /^data: (.+)$/m.exec(block)?.[1];
      if (type === undefined || data === undefined) continue; // comments and keep-alives
      const id = /^id: (.+)$/m.exec(block)?.[1];
      let event: SupervisorStreamEvent;
      try {
        event = SupervisorStreamEventSchema.parse({ type, data: JSON.parse(data) as unknown });
      } catch (error) {
        report(error);
        continue;
      }
      yield { event, id };
    }
  }
}

export class SupervisorStream {
  private readonly options: SupervisorStreamOptions;
  private abort: AbortController | null = null;
  private running: Promise<void> | null = null;
  /** The last audit event id seen: a reconnect resumes from it, so an outage loses nothing. */
  private lastEventId: string | undefined;
  private current: SupervisorStreamState;

  constructor(options: SupervisorStreamOptions) {
    this.options = options;
    this.current = { status: 'stopped', since: this.iso(0), retryAt: null, attempts: 0 };
  }

  get active(): boolean {
    return this.abort !== null;
  }

  state(): SupervisorStreamState {
    return this.current;
  }

  private iso(inMs: number): string {
    return new Date((this.options.now ?? Date.now)() + inMs).toISOString();
  }

  private enter(status: SupervisorStreamState['status'], attempts: number, retryInMs: number | null = null): void {
    this.current = { status, since: this.iso(0), retryAt: retryInMs === null ? null : this.iso(retryInMs), attempts };
    this.options.onState?.(this.current);
  }

  start(): void {
    if (this.abort !== null) return;
    const abort = new AbortController();
    this.abort = abort;
    this.running = this.run(abort.signal);
  }

  /** Stops following; `forget` (on sign-out) drops the resume point, so the next supervisor starts live. */
  async stop(options: { forget?: boolean } = {}): Promise<void> {
    this.abort?.abort();
    this.abort = null;
    if (options.forget === true) this.lastEventId = undefined;
    if (this.current.status !== 'stopped') this.enter('stopped', 0);
    await this.running;
  }

  private async run(signal: AbortSignal): Promise<void> {
    // A function, not the property: the abort happens across awaits, where narrowing cannot see it.
    const stopped = (): boolean => signal.aborted;
    let attempt = 0;
    const idleMs = this.options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    this.enter('connecting', 0);
    while (!stopped()) {
      // One controller per connection: the watchdog drops this connection, stop() drops them all.
      const connection = new AbortController();
      const dropConnection = (): void => {
        connection.abort();
      };
      signal.addEventListener('abort', dropConnection, { once: true });
      try {
        const chunks = await this.options.api.openStream('supervisorStream', connection.signal, this.lastEventId);
        attempt = 0;
        if (stopped()) return;
        this.enter('live', 0);
        for await (const { event, id } of sseEvents(withIdleTimeout(chunks, idleMs, dropConnection), this.options.report)) {
          if (id !== undefined) this.lastEventId = id;
          this.options.onEvent(event);
        }
      } catch (error) {
        if (stopped()) return;
        this.options.report(error);
      } finally {
        signal.removeEventListener('abort', dropConnection);
        connection.abort();
      }
      if (stopped()) return;
      attempt += 1;
      const delay = Math.min(this.options.retry.capMs, this.options.retry.baseMs * 2 ** Math.min(attempt, 10));
      this.enter('reconnecting', attempt, delay);
      await this.options.sleep(delay);
    }
  }
}
