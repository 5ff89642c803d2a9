// The gateway's logger: pino, with credentials removed by path and every string
// scanned for card numbers, so neither a token nor a PAN reaches a log line.
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

function redactStrings(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactPans(value);
  if (depth > 8 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item: unknown) => redactStrings(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [redactPans(k), redactStrings(v, depth + 1)]));
}

export function createGatewayLogger(options: { level: string; destination?: DestinationStream }): FastifyBaseLogger {
  return pino(
    {
      level: options.level,
      redact: { paths: SECRET_PATHS, censor: '[redacted]' },
      formatters: { log: (object) => redactStrings(object) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((arg) => (typeof arg === 'string' ? redactPans(arg) : arg)) as Parameters<typeof method>);
        },
      },
    },
    options.destination ?? pino.destination(1),
  );
}
