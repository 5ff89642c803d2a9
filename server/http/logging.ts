// The gateway's logger: pino, with credentials removed by path, and every
// finished log line scanned for card numbers before it is written, so neither a
// token nor a PAN reaches the log, whichever field carried it.
import type { FastifyBaseLogger } from 'fastify';
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
