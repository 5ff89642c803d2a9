// The gateway's logger: pino, with credentials removed by path, and every
// finished log line scanned for card numbers before it is written, so neither a
// token nor a PAN reaches the log, whichever field carried it. Requests are
// logged by route pattern (`/v1/customers/:customerId`, or `unmatched`), never
// by raw URL or query string: a path can carry anything a client typed.
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import { pino, type DestinationStream } from 'pino';
import { redactPans } from '../../shared/pan.ts';

const SECRET_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.password',
  '*.otp',
  '*.refreshToken',
  '*.accessToken',
  '*.token',
];

export function panRedactingStream(destination: DestinationStream): DestinationStream {
  return { write: (line: string) => { destination.write(redactPans(line)); } };
}

export function createGatewayLogger(options: { level: string; destination?: DestinationStream }): FastifyBaseLogger {
  return pino(
    { level: options.level, redact: { paths: SECRET_PATHS, censor: '[redacted]' } },
    panRedactingStream(options.destination ?? pino.destination(1)),
  );
}

/** The route a request matched, as declared; what a log line may say about where a request went. */
export const routePattern = (request: FastifyRequest): string => request.routeOptions.url ?? 'unmatched';

/** Fastify's own request logging (disabled in app.ts) prints the raw URL; this prints the pattern. */
export function installRequestLogging(app: FastifyInstance): void {
  app.addHook('onResponse', (request, reply, done) => {
    request.log.info({ method: request.method, route: routePattern(request), statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
    done();
  });
}
