// Draining a gateway before it closes: it stops accepting connections, answers
// any further request on a kept-alive one with 503 and `Connection: close` (so
// a load balancer or desk retries elsewhere), ends the supervisor streams with
// a reconnect hint, answers the held session watches (the desks open theirs
// again, elsewhere), and lets the requests already running (an audit batch
// being verified and stored, above all) finish, within a grace period. Only
// then may the store close: an acknowledged batch is a stored batch.
import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { SessionWatches } from '../supervision/session-watches.ts';
import type { SupervisorStreams } from './event-stream.ts';

export interface GracefulShutdownOptions {
  readonly streams: SupervisorStreams;
  readonly watches: Pick<SessionWatches, 'releaseAll'>;
  /** How long running requests get to finish; past it the rest are cut off. */
  readonly graceMs: number;
  /** The `retry:` hint given to streams, and Retry-After for refused requests. */
  readonly retryMs: number;
}

export interface GracefulShutdown {
  isDraining(): boolean;
  /** Resolves when nothing is in flight (or the grace period ran out): the caller then closes the server and store. */
  drain(): Promise<{ cutOff: number }>;
}

export function installGracefulShutdown(app: FastifyInstance, options: GracefulShutdownOptions): GracefulShutdown {
  let draining = false;
  const inFlight = new Set<ServerResponse>();
  let settled: (() => void) | null = null;

  const forget = (res: ServerResponse): void => {
    inFlight.delete(res);
    if (inFlight.size === 0) settled?.();
  };

  app.addHook('onRequest', async (_request, reply) => {
    if (draining) {
      const retryAfterSeconds = Math.max(1, Math.ceil(options.retryMs / 1000));
      await reply
        .code(503)
        .header('connection', 'close')
        .header('retry-after', String(retryAfterSeconds))
        .send({ error: { code: 'server_unreachable', message: 'This gateway instance is shutting down; try again', retryAfterSeconds } });
      return reply;
    }
    const res = reply.raw;
    inFlight.add(res);
    res.once('close', () => {
      forget(res);
    });
    return undefined;
  });

  return {
    isDraining: () => draining,
    async drain() {
      if (!draining) {
        draining = true;
        // No new connections; kept-alive ones still reach the 503 above until they close.
        app.server.close(() => undefined);
        app.server.closeIdleConnections();
      }
      options.watches.releaseAll();
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, options.graceMs).unref());
      const allDone = new Promise<void>((resolve) => {
        settled = resolve;
        if (inFlight.size === 0) resolve();
      });
      await Promise.race([Promise.all([options.streams.endAll(options.retryMs), allDone]), deadline]);
      return { cutOff: inFlight.size };
    },
  };
}
