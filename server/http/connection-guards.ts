// Socket-level limits the HTTP server applies before Fastify sees a request:
// the connections one client address may hold open at once, and a deadline
// for a request to arrive whole (a slow-loris sending a byte at a time is cut
// off). Node's own requestTimeout is set too (app.ts); this guard does not
// depend on Node's connection-tracking timer, and also bounds a body that
// trickles in after quick headers.
import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';

export interface ConnectionGuardOptions {
  readonly maxPerIp: number;
  readonly requestTimeoutMs: number;
}

const declaresBody = (request: IncomingMessage): boolean =>
  request.headers['transfer-encoding'] !== undefined || (request.headers['content-length'] !== undefined && request.headers['content-length'] !== '0');

export function guardConnections(server: Server, options: ConnectionGuardOptions): void {
  const open = new Map<string, number>();
  const headersDeadlines = new WeakMap<Socket, NodeJS.Timeout>();
  server.on('connection', (socket) => {
    const ip = socket.remoteAddress ?? 'unknown';
    const count = (open.get(ip) ?? 0) + 1;
    if (count > options.maxPerIp) {
      socket.destroy();
      return;
    }
    open.set(ip, count);
    // The first request's headers must arrive in time; later ones on a kept-alive socket fall under Node's timeouts.
    const headersDeadline = setTimeout(() => socket.destroy(), options.requestTimeoutMs);
    headersDeadline.unref();
    headersDeadlines.set(socket, headersDeadline);
    socket.once('close', () => {
      clearTimeout(headersDeadline);
      const left = (open.get(ip) ?? 1) - 1;
      if (left <= 0) open.delete(ip);
      else open.set(ip, left);
    });
  });
  server.on('request', (request: IncomingMessage) => {
    clearTimeout(headersDeadlines.get(request.socket));
    // A request without a body is whole once its headers are (HTTP/1.1: neither header means a zero-length body),
    // so most requests (GETs) need no second timer.
    if (request.complete || !declaresBody(request)) return;
    // The body must be in by the deadline too.
    const bodyDeadline = setTimeout(() => {
      if (!request.complete) request.socket.destroy();
    }, options.requestTimeoutMs);
    bodyDeadline.unref();
    request.once('end', () => clearTimeout(bodyDeadline));
    request.once('close', () => clearTimeout(bodyDeadline));
  });
}
