// The held requests of signed-in desks (GET /v1/session/watch): each waits up
// to its hold time and is answered early, with a refusal, the moment its
// session ends on any instance. No request re-reads the database on a timer:
// this instance keeps familyId → waiting requests in memory and hears of ended
// sessions on the event bus, where this instance's own ends arrive at once
// and other instances' arrive through the live feed's notices (NOTIFY on
// PostgreSQL). One slow re-check of every held session in one read bounds a
// lost notice. A session may hold only a few watches, and the instance only
// so many in all, so a desk cannot pin the gateway's sockets.
import type { Clock } from '../config.ts';
import type { Principal } from '../core/principal.ts';
import { GatewayError } from '../errors.ts';
import type { EventBus } from './event-bus.ts';

export type WatchOutcome = 'held' | 'ended';

export interface SessionWatchSettings {
  readonly holdMs: number;
  readonly recheckMs: number;
  readonly maxPerSession: number;
  readonly maxTotal: number;
}

export interface SessionWatches {
  /**
   * Resolves 'held' after the hold time, 'ended' as soon as the session ends (or is found ended), and 'held' at
   * once when the caller goes away (`gone` aborts) or the instance releases every watch. Throws a 429 past the caps.
   */
  hold(principal: Principal, gone: AbortSignal): Promise<WatchOutcome>;
  /** Answers every held watch now ('held'), so desks re-open theirs, on another instance when this one shuts down. */
  releaseAll(): void;
  openCount(): number;
  start(): void;
  stop(): Promise<void>;
}

export function createSessionWatches(deps: {
  bus: Pick<EventBus, 'onSessionEnded'>;
  /** Which of these sessions are still live: one read for all of them. */
  liveFamilies: (familyIds: readonly string[], now: number) => Promise<Set<string>>;
  clock: Clock;
  settings: SessionWatchSettings;
  onError: (error: unknown) => void;
}): SessionWatches {
  const { settings } = deps;
  const waiting = new Map<string, Set<(outcome: WatchOutcome) => void>>();
  let total = 0;
  let recheck: NodeJS.Timeout | null = null;
  let rechecking: Promise<void> | null = null;
  let unlisten = (): void => undefined;

  const endFamily = (familyId: string, outcome: WatchOutcome): void => {
    for (const finish of [...(waiting.get(familyId) ?? [])]) finish(outcome);
  };

  const recheckAll = async (): Promise<void> => {
    const familyIds = [...waiting.keys()];
    if (familyIds.length === 0) return;
    const live = await deps.liveFamilies(familyIds, deps.clock.now());
    for (const familyId of familyIds) if (!live.has(familyId)) endFamily(familyId, 'ended');
  };

  return {
    hold(principal, gone) {
      const mine = waiting.get(principal.familyId) ?? new Set();
      if (mine.size >= settings.maxPerSession) {
        throw new GatewayError('rate_limited', `A session may hold at most ${settings.maxPerSession} watches; close another first`, { retryAfterSeconds: 5 });
      }
      if (total >= settings.maxTotal) throw new GatewayError('rate_limited', 'The gateway holds as many watches as it may; try again shortly', { retryAfterSeconds: 10 });
      return new Promise<WatchOutcome>((resolve) => {
        const finish = (outcome: WatchOutcome): void => {
          if (!mine.delete(finish)) return;
          total -= 1;
          if (mine.size === 0 && waiting.get(principal.familyId) === mine) waiting.delete(principal.familyId);
          clearTimeout(timer);
          gone.removeEventListener('abort', onGone);
          resolve(outcome);
        };
        const onGone = (): void => {
          finish('held');
        };
        const timer = setTimeout(onGone, settings.holdMs);
        timer.unref();
        mine.add(finish);
        waiting.set(principal.familyId, mine);
        total += 1;
        if (gone.aborted) onGone();
        else gone.addEventListener('abort', onGone, { once: true });
      });
    },
    releaseAll() {
      for (const familyId of [...waiting.keys()]) endFamily(familyId, 'held');
    },
    openCount: () => total,
    start() {
      unlisten = deps.bus.onSessionEnded((familyId) => {
        endFamily(familyId, 'ended');
      });
      recheck = setInterval(() => {
        // One re-check at a time: a slow database must not pile them up.
        rechecking ??= recheckAll()
          .catch(deps.onError)
          .finally(() => {
            rechecking = null;
          });
      }, settings.recheckMs);
      recheck.unref();
    },
    async stop() {
      if (recheck !== null) clearInterval(recheck);
      unlisten();
      await rechecking;
    },
  };
}
