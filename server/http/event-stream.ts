// Server-sent events for supervisors: presence, audit events and alerts, pushed
// as they happen. A comment line every 15 s keeps proxies from closing it.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EventBus } from '../supervision/event-bus.ts';

const KEEP_ALIVE_MS = 15_000;

export function streamEvents(bus: EventBus, request: FastifyRequest, reply: FastifyReply): void {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-content-type-options': 'nosniff',
  });
  res.write(': connected\n\n');
  const unsubscribe = bus.subscribe((event) => {
    res.write(`event: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`);
  });
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
  keepAlive.unref();
  request.raw.on('close', () => {
    unsubscribe();
    clearInterval(keepAlive);
  });
}
