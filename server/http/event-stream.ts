// Server-sent events for supervisors: presence, audit events and alerts, pushed
// as they happen. Audit events carry an `id:` (their stream position); a client
// that reconnects with Last-Event-ID first gets every audit event it missed,
// in order and once, then the live stream. A comment every 15 s keeps proxies
// from closing the connection.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SupervisorStreamEvent } from '../../shared/api.ts';
import type { AuditRepo } from '../storage/store.ts';
import type { EventBus } from '../supervision/event-bus.ts';

const KEEP_ALIVE_MS = 15_000;
const REPLAY_PAGE = 500;

const frame = (event: SupervisorStreamEvent, position?: number): string =>
  `${position === undefined ? '' : `id: ${position}\n`}event: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`;

export async function streamEvents(bus: EventBus, audit: AuditRepo, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-content-type-options': 'nosniff',
  });
  res.write(': connected\n\n');

  // Subscribe first and hold live events while the replay runs, so none falls in between.
  const lastId = Number(request.headers['last-event-id']);
  let replayedThrough = Number.isSafeInteger(lastId) && lastId >= 0 ? lastId : null;
  let held: [SupervisorStreamEvent, number | undefined][] | null = replayedThrough === null ? null : [];
  const unsubscribe = bus.subscribe((event, position) => {
    if (held !== null) {
      held.push([event, position]);
      return;
    }
    res.write(frame(event, position));
  });
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
  keepAlive.unref();
  request.raw.on('close', () => {
    unsubscribe();
    clearInterval(keepAlive);
  });

  if (replayedThrough !== null) {
    for (;;) {
      const page = await audit.since(replayedThrough, REPLAY_PAGE);
      for (const { position, event } of page) res.write(frame({ type: 'audit', data: event }, position));
      replayedThrough = page.at(-1)?.position ?? replayedThrough;
      if (page.length < REPLAY_PAGE) break;
    }
    const pending = held ?? [];
    held = null;
    for (const [event, position] of pending) {
      if (position === undefined || position > replayedThrough) res.write(frame(event, position));
    }
  }
}
