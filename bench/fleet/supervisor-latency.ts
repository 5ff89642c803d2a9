// A supervisor holding the live stream on one instance, timing each audit
// event from the moment its desk posted it (wall clock, same process) to the
// moment its frame is parsed here. It only counts events posted to an instance
// it is told to watch, so the two-instance figure is purely cross-instance.
import { sseEvents } from '../../main/supervision/supervisor-stream.ts';

export interface PostedEvents {
  /** Event id → when it was posted and to which instance. */
  readonly byId: Map<string, { postedAt: number; instance: string }>;
}

export interface SupervisorWatch {
  readonly latenciesMs: number[];
  close(): void;
}

export async function watchLatency(streamUrl: string, token: string, posted: PostedEvents, countFrom: ReadonlySet<string>): Promise<SupervisorWatch> {
  const abort = new AbortController();
  const response = await fetch(streamUrl, { headers: { authorization: `Bearer ${token}` }, signal: abort.signal });
  if (response.status !== 200 || response.body === null) throw new Error(`stream answered ${response.status}`);
  const body = response.body;
  const latenciesMs: number[] = [];
  void (async () => {
    try {
      for await (const { event } of sseEvents(body, () => undefined)) {
        if (event.type !== 'audit') continue;
        const sent = posted.byId.get(event.data.event.id);
        if (sent !== undefined && countFrom.has(sent.instance)) latenciesMs.push(performance.now() - sent.postedAt);
      }
    } catch {
      // Closed at the end of the configuration.
    }
  })();
  return { latenciesMs, close: () => abort.abort() };
}

/** Waits until the supervisors saw `expected` events in all, or `withinMs` passes. */
export async function settle(watches: readonly SupervisorWatch[], expected: number, withinMs: number): Promise<void> {
  const deadline = performance.now() + withinMs;
  while (performance.now() < deadline && watches.reduce((n, w) => n + w.latenciesMs.length, 0) < expected) await new Promise((resolve) => setTimeout(resolve, 20));
}
