// The gateway's HTTP server around its routes: Fastify with its limits and TLS,
// graceful shutdown, per-address connection guards, request logging, security
// headers, shared rate limits, the error envelope, the last-line PAN redaction
// of answers, readiness and the OpenAPI document.
import rateLimit from '@fastify/rate-limit';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import { routes } from '../../shared/api.ts';
import { redactAnswer } from './answer-redaction.ts';
import type { GatewayConfig } from '../config.ts';
import type { StoreReadiness, WindowRepo } from '../storage/store.ts';
import type { SessionWatches } from '../supervision/session-watches.ts';
import { guardConnections } from './connection-guards.ts';
import { installErrorHandling } from './error-handler.ts';
import type { SupervisorStreams } from './event-stream.ts';
import { installGracefulShutdown, type GracefulShutdown } from './graceful-shutdown.ts';
import { createGatewayLogger, installRequestLogging } from './logging.ts';
import { buildOpenApi } from './openapi.ts';
import { installReadiness } from './readiness.ts';
import { installSecurityHeaders } from './security-headers.ts';
import { sharedRateLimitStore } from './shared-rate-limit-store.ts';

const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;
/** Streams are told to reconnect after this long: soon enough to hide a rolling restart, late enough to let a balancer see /ready fail. */
const RECONNECT_HINT_MS = 2_000;

export interface GatewayFastifyOptions {
  readonly config: GatewayConfig;
  readonly logLevel?: string | undefined;
  readonly logDestination?: DestinationStream | undefined;
  /** Serve HTTPS (TLS 1.2 or later) with this PEM certificate chain and key. */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer } | undefined;
  /** Addresses or CIDRs of the one reverse proxy whose X-Forwarded-For is believed. */
  readonly trustProxy?: string | null | undefined;
}

/** The Fastify instance, with its logger; nothing is listening or installed yet. */
export function createGatewayFastify(options: GatewayFastifyOptions): FastifyInstance {
  const { config } = options;
  const { requestTimeoutMs, connectionTimeoutMs } = config.limits;
  return Fastify({
    loggerInstance: createGatewayLogger({ level: options.logLevel ?? 'info', ...(options.logDestination ? { destination: options.logDestination } : {}) }),
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.limits.bodyBytes,
    forceCloseConnections: true,
    // Only the named proxy may set X-Forwarded-For (request.ip feeds rate limits and the audit trail); never `true`.
    trustProxy: options.trustProxy ?? false,
    // Draining answers with the gateway's own error envelope (graceful-shutdown.ts).
    return503OnClosing: false,
    ...(options.tls === undefined ? {} : { https: { cert: options.tls.cert, key: options.tls.key, minVersion: 'TLSv1.2' as const } }),
    // A request must arrive whole within requestTimeoutMs (slow-loris); the stream route, once received, is not subject to it.
    requestTimeout: requestTimeoutMs,
    connectionTimeout: connectionTimeoutMs,
    // Node checks request timeouts on this interval (30 s by default): a short timeout needs a shorter check.
    http: { connectionsCheckingInterval: Math.max(50, Math.min(30_000, Math.floor(requestTimeoutMs / 4))) },
  });
}

/** Installs everything around the routes; bind the routes after it. Returns the drain that shutdown runs first. */
export async function installGatewayHttp(
  app: FastifyInstance,
  deps: {
    config: GatewayConfig;
    streams: SupervisorStreams;
    watches: Pick<SessionWatches, 'releaseAll'>;
    windows: WindowRepo;
    ready: () => Promise<StoreReadiness>;
    /** How long a shutdown lets running requests (audit batches) finish. */
    shutdownGraceMs?: number | undefined;
  },
): Promise<GracefulShutdown> {
  const { config } = deps;
  const shutdown = installGracefulShutdown(app, {
    streams: deps.streams,
    watches: deps.watches,
    graceMs: deps.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS,
    retryMs: RECONNECT_HINT_MS,
  });
  guardConnections(app.server, { maxPerIp: config.limits.connectionsPerIp, requestTimeoutMs: config.limits.requestTimeoutMs });
  installRequestLogging(app);
  await installSecurityHeaders(app);
  // Real time, as the plugin's own store keeps it: the limits are about requests per wall-clock minute.
  await app.register(rateLimit, { global: false, store: sharedRateLimitStore(deps.windows, () => Date.now()) });
  installErrorHandling(app);
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('cache-control', 'no-store');
    // Last line of defence: an answer about to carry a PAN-like number is redacted and logged.
    if (typeof payload === 'string') {
      const redacted = redactAnswer(payload);
      if (redacted !== payload) request.log.warn({ route: request.routeOptions.url }, 'PAN-like number redacted from an answer');
      done(null, redacted);
      return;
    }
    done(null, payload);
  });
  installReadiness(app, { ready: deps.ready, isDraining: () => shutdown.isDraining() });
  const openApi = buildOpenApi(routes, config.version);
  app.get('/v1/openapi.json', () => openApi);
  return shutdown;
}
