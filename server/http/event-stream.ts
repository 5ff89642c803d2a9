// Server-sent events for supervisors: presence, audit events and alerts, pushed
// as they happen. Each event carries an `id:`, its live feed id in the database
// (live-feed.ts), so a client that reconnects with Last-Event-ID to any gateway
// instance first gets the events it missed, in order and once (within the
// feed's retention), then the live stream. One connection replays at most
// limits.maxReplayEvents missed entries (those in the feed when the request was
// accepted; its own audit record and later ones are live); with more missed, or
// more live events arriving during the replay than it may hold, it ends with
// the last id it sent and a `retry:` hint, and the client resumes from there.
//
// A stream lives only as long as its session: it re-checks the access token
// and session every sessionRecheckMs (expiry, revocation) and closes at once
// when the session signs out. Streams are capped per user and in total, every
// frame is PAN-redacted (the route bypasses the onSend hook), and a client
// that does not read is dropped once maxBufferedBytes are queued for it. A
// comment every keepAliveMs lets the desk's idle watchdog tell a live stream
// from a frozen one. When the gateway shuts down, every stream ends with a
// `retry:` hint so EventSource-style clients reconnect (to another instance)
// soon, resuming by Last-Event-ID.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SupervisorStreamEvent } from '../../shared/api.ts';
import { redactPans } from '../../shared/pan.ts';
import type { GatewayConfig } from '../config.ts';
import type { Principal } from '../core/principal.ts';
import { GatewayError } from '../errors.ts';
import type { FeedRepo } from '../storage/store.ts';
import type { EventBus } from '../supervision/event-bus.ts';

const REPLAY_PAGE = 500;
const CAPPED_REPLAY_RETRY_MS = 1_000;

const frame = (event: SupervisorStreamEvent, position?: number): string =>
  `${position === undefined ? '' : `id: ${position}\n`}event: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`;

/**
 * An event's frame, PAN-redacted, built once however many streams send it: the bus hands every subscriber the
 * same event object, and the scan of each frame per stream was the largest cost of a fan-out to 20 supervisors.
 */
const redactedFrames = new WeakMap<SupervisorStreamEvent, { readonly position: number | undefined; readonly text: string }>();
const redactedFrame = (event: SupervisorStreamEvent, position: number | undefined): string => {
  const cached = redactedFrames.get(event);
  if (cached !== undefined && cached.position === position) return cached.text;
  const text = redactPans(frame(event, position));
  redactedFrames.set(event, { position, text });
  return text;
};

export interface StreamRequest {
  readonly principal: Principal;
  /** Whether the stream's access token and session still hold. */
  readonly stillValid: () => Promise<boolean>;
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
  /**
   * The newest feed id when the request was accepted, before the route wrote its own audit record: a resume
   * missed what lies up to it. Later entries (that record among them) are live traffic and do not count
   * against the replay cap. Absent: the newest id when the replay starts.
   */
  readonly missedThrough?: number | undefined;
}

export interface SupervisorStreams {
  serve(stream: StreamRequest): Promise<void>;
  openCount(): number;
  /** Ends every open stream, telling its client to reconnect after `retryMs`; resolves when all are closed. */
  endAll(retryMs: number): Promise<void>;
}

export function createSupervisorStreams(deps: { bus: EventBus; feed: Pick<FeedRepo, 'after' | 'lastId'>; limits: GatewayConfig['stream'] }): SupervisorStreams {
  const { limits } = deps;
  const perUser = new Map<string, number>();
  let total = 0;
  const enders = new Set<(retryMs: number) => Promise<void>>();

  const admit = (userId: string): (() => void) => {
    const mine = perUser.get(userId) ?? 0;
    if (total >= limits.maxTotal) throw new GatewayError('rate_limited', 'The gateway has as many live streams open as it allows; try again shortly', { retryAfterSeconds: 10 });
    if (mine >= limits.maxPerUser) throw new GatewayError('rate_limited', `At most ${limits.maxPerUser} live streams per user; close another first`, { retryAfterSeconds: 10 });
    total += 1;
    perUser.set(userId, mine + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      total -= 1;
      const left = (perUser.get(userId) ?? 1) - 1;
      if (left === 0) perUser.delete(userId);
      else perUser.set(userId, left);
    };
  };

  return {
    openCount: () => total,
    endAll: async (retryMs) => {
      await Promise.all([...enders].map((end) => end(retryMs)));
    },
    async serve({ principal, stillValid, request, reply, missedThrough }) {
      const release = admit(principal.userId);
      reply.hijack();
      const res = reply.raw;
      // Long-lived by design: the idle-socket timeout does not apply here; keep-alives, the session check and the buffer cap do.
      request.raw.socket.setTimeout(0);
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-content-type-options': 'nosniff',
      });

      let closed = false;
      // A function, not the variable: the stream closes across awaits, where narrowing cannot see it.
      const isClosed = (): boolean => closed;
      const timers: NodeJS.Timeout[] = [];
      let unsubscribe = (): void => undefined;
      let unwatchSession = (): void => undefined;
      const close = (how: 'end' | 'destroy'): void => {
        if (closed) return;
        closed = true;
        for (const timer of timers) clearInterval(timer);
        unsubscribe();
        unwatchSession();
        release();
        if (how === 'end') res.end();
        else res.destroy();
      };
      const ended = new Promise<void>((resolve) => res.once('close', resolve));
      const endForShutdown = async (retryMs: number): Promise<void> => {
        if (!closed) res.write(`: gateway shutting down\nretry: ${Math.max(0, Math.round(retryMs))}\n\n`);
        close('end');
        await ended;
      };
      enders.add(endForShutdown);
      void ended.then(() => enders.delete(endForShutdown));
      request.raw.on('close', () => {
        close('destroy');
      });
      const write = (redacted: string): void => {
        if (closed) return;
        // A client that does not read would make the gateway hold its frames without bound.
        if (res.writableLength > limits.maxBufferedBytes) {
          request.log.warn({ route: request.routeOptions.url }, 'slow stream consumer dropped');
          close('destroy');
          return;
        }
        res.write(redacted);
      };
      const send = (text: string): void => {
        write(redactPans(text));
      };
      send(': connected\n\n');

      // Subscribe first and hold live events while the replay runs, so none falls in between.
      const lastId = Number(request.headers['last-event-id']);
      let replayedThrough = Number.isSafeInteger(lastId) && lastId >= 0 ? lastId : null;
      let held: [SupervisorStreamEvent, number | undefined][] | null = replayedThrough === null ? null : [];
      // The newest feed id sent: this instance's tail may still be catching up on ids a replay already sent, which are not sent twice.
      let sentThrough = replayedThrough ?? 0;
      const sendLive = (event: SupervisorStreamEvent, position: number | undefined): void => {
        if (position !== undefined) {
          if (position <= sentThrough) return;
          sentThrough = position;
        }
        write(redactedFrame(event, position));
      };
      const endForResume = (why: string): void => {
        send(`: ${why}; resume from Last-Event-ID ${sentThrough}\nretry: ${CAPPED_REPLAY_RETRY_MS}\n\n`);
        close('end');
      };
      unsubscribe = deps.bus.subscribe((event, position) => {
        if (held === null) {
          sendLive(event, position);
          return;
        }
        // More live events than a replay may hold: end with the resume point, as a capped replay does, so the
        // client picks up from the last id it got instead of treating a dropped connection as an error.
        if (held.length >= limits.maxReplayEvents) endForResume('live events outran the replay');
        else held.push([event, position]);
      });
      unwatchSession = deps.bus.onSessionEnded((familyId) => {
        if (familyId === principal.familyId) close('end');
      });
      let checking = false;
      timers.push(
        setInterval(() => {
          send(': keep-alive\n\n');
        }, limits.keepAliveMs),
        setInterval(() => {
          if (checking) return;
          checking = true;
          void stillValid()
            .then((valid) => {
              if (!valid) close('end');
            }, () => {
              close('end');
            })
            .finally(() => {
              checking = false;
            });
        }, limits.sessionRecheckMs),
      );
      for (const timer of timers) timer.unref();

      if (replayedThrough !== null) {
        // An id past the newest entry (a forged one, or one from a feed since reset) would otherwise make every live event look already sent.
        const newest = await deps.feed.lastId();
        if (replayedThrough > newest) {
          replayedThrough = newest;
          sentThrough = newest;
        }
        // The cap counts what the client missed, up to `ceiling`. Entries past it arrived since this request was
        // accepted (its own audit record first): they are replayed too, since this instance's bus may have carried
        // them before the subscription, under a cap of their own, so one connection reads at most twice the cap.
        // Counting them as missed made each connection of a client one cap behind add one entry of its own:
        // with a cap of 1 it never went live.
        const ceiling = Math.min(missedThrough ?? newest, newest);
        let missed = 0;
        let since = 0;
        let capped = false;
        while (!isClosed()) {
          const room = limits.maxReplayEvents - (replayedThrough < ceiling ? missed : since);
          if (room <= 0) {
            capped = true;
            break;
          }
          const pageSize = Math.min(REPLAY_PAGE, room);
          const page = await deps.feed.after(replayedThrough, pageSize);
          for (const { id, event } of page) {
            // Notices between instances of ended sessions are the feed's own traffic, never a supervisor's.
            if (event.type !== 'session_end') sendLive(event, id);
            if (id <= ceiling) missed += 1;
            else since += 1;
          }
          replayedThrough = page.at(-1)?.id ?? replayedThrough;
          if (page.length < pageSize) break;
        }
        // Going live now would skip what lies between the cap and the first live event. Ending the stream
        // instead makes the client resume from the last id it got: it catches up a cap at a time, and loses none.
        if (!isClosed() && capped && (await deps.feed.after(replayedThrough, 1)).length > 0) {
          endForResume(`replay capped at ${limits.maxReplayEvents} events`);
          return;
        }
        const pending = held ?? [];
        held = null;
        for (const [event, position] of pending) {
          sendLive(event, position);
        }
      }
    },
  };
}
