// Cross-instance live supervision. Every supervisor stream event is stored in
// the live feed (the database is the source of truth), and each instance tails
// the feed by keyset on its id and hands new entries to its in-process bus,
// which wakes only this instance's SSE streams. A tail runs when this instance
// stored something, when PostgreSQL NOTIFY says another did (payload: an id),
// and on a slow poll in case a wake-up was lost.
//
// Notices of ended sessions travel the same way: on each instance the tail
// hands them to the bus as session ends, never to the supervisor streams.
//
// Appends are group-committed: events published while a write is in flight go
// out together in the next one, so a burst costs one commit and one NOTIFY.
import type { Clock } from '../config.ts';
import type { FeedEvent, FeedRepo } from '../storage/store.ts';
import type { EventBus } from './event-bus.ts';

const TAIL_PAGE = 500;

export interface LiveFeed {
  /** Stores the events for every instance's supervisors (and its session watches); resolves once stored (a failure is reported, never thrown: what they describe is already stored). */
  publish(...events: FeedEvent[]): Promise<void>;
  /** Something new may be in the feed (a NOTIFY): tail it now. */
  wake(): void;
  /** Starts tailing after the newest stored entry, and the safety-net poll. */
  start(): Promise<void>;
  /** Stops the poll and waits for the write and the tail in flight. */
  stop(): Promise<void>;
}

export function createLiveFeed(deps: { repo: FeedRepo; bus: EventBus; clock: Clock; pollMs: number; onError: (error: unknown) => void }): LiveFeed {
  let pending: { events: FeedEvent[]; done: () => void }[] = [];
  let writing: Promise<void> | null = null;
  let cursor: number | null = null;
  let tailing: Promise<void> | null = null;
  let tailAgain = false;
  // A function, not the variable: a wake-up sets it across awaits, where narrowing cannot see it.
  const wokenMeanwhile = (): boolean => tailAgain;
  let poll: NodeJS.Timeout | null = null;

  const tailOnce = async (): Promise<void> => {
    if (cursor === null) return;
    for (;;) {
      const page = await deps.repo.after(cursor, TAIL_PAGE);
      for (const entry of page) {
        cursor = entry.id;
        if (entry.event.type === 'session_end') deps.bus.sessionEnded(entry.event.data.familyId);
        else deps.bus.publish(entry.event, entry.id);
      }
      if (page.length < TAIL_PAGE) return;
    }
  };
  const wake = (): void => {
    if (tailing !== null) {
      tailAgain = true;
      return;
    }
    tailing = (async () => {
      do {
        tailAgain = false;
        try {
          await tailOnce();
        } catch (error) {
          deps.onError(error);
        }
      } while (wokenMeanwhile());
      tailing = null;
    })();
  };

  const flush = async (): Promise<void> => {
    while (pending.length > 0) {
      const group = pending;
      pending = [];
      try {
        await deps.repo.append(
          group.flatMap((g) => g.events),
          deps.clock.now(),
        );
      } catch (error) {
        deps.onError(error);
      }
      for (const g of group) g.done();
      wake();
    }
    writing = null;
  };

  return {
    publish(...events) {
      if (events.length === 0) return Promise.resolve();
      const stored = new Promise<void>((resolve) => {
        pending.push({ events, done: resolve });
      });
      writing ??= flush();
      return stored;
    },
    wake,
    async start() {
      cursor = await deps.repo.lastId();
      poll = setInterval(wake, deps.pollMs);
      poll.unref();
    },
    async stop() {
      if (poll !== null) clearInterval(poll);
      await writing;
      await tailing;
    },
  };
}
