// Composition root of the reference gateway: builds the services over one data
// folder and binds them to the routes of shared/api.ts.
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import { routes, type RouteName } from '../shared/api.ts';
import { containsPan, redactPans } from '../shared/pan.ts';
import { createGatewayAudit, type GatewayAudit } from './audit/gateway-audit.ts';
import { createChainVerifier, realScheduler, type ChainVerifier, type Scheduler } from './audit/chain-verifier.ts';
import { createAuditRetention, type AuditRetention } from './audit/retention.ts';
import { createAuditIngest } from './audit/ingest.ts';
import { createAuditReader } from './audit/reports.ts';
import { activityCsv } from '../shared/report-csv.ts';
import { accessReviewCsv } from '../shared/access-review-csv.ts';
import { ADMIN_ALERT_KINDS } from '../shared/schemas/supervision.ts';
import { createAccessReviews } from './admin/access-review.ts';
import { createPeopleService } from './admin/people-service.ts';
import { GatewayConfigSchema, systemClock, type Clock, type GatewayConfig, type GatewayConfigInput } from './config.ts';
import { createAccessCaps } from './customers/access-caps.ts';
import { createCustomerService, type CustomerService } from './customers/customer-service.ts';
import { GatewayError } from './errors.ts';
import { installErrorHandling } from './http/error-handler.ts';
import { guardConnections } from './http/connection-guards.ts';
import { createSupervisorStreams, type SupervisorStreams } from './http/event-stream.ts';
import { installGracefulShutdown } from './http/graceful-shutdown.ts';
import { createGatewayLogger, installRequestLogging } from './http/logging.ts';
import { installReadiness } from './http/readiness.ts';
import { buildOpenApi } from './http/openapi.ts';
import { ALREADY_SENT, bearerToken, bindRoutes, principalOf, type RouteHandlers } from './http/route-binding.ts';
import { createAccountSetup } from './identity/account-setup.ts';
import { createAuthService, type AuthService } from './identity/auth-service.ts';
import { createInactivityRule, type InactivityRule } from './identity/inactivity.ts';
import { createDeviceAdmin, type DeviceAdmin } from './identity/device-admin.ts';
import { createSecretBox, type SecretBox } from './identity/secret-box.ts';
import { createTokenIssuer, hashRefreshToken } from './identity/tokens.ts';
import { loadOrCreateSecrets, type GatewaySecrets } from './secrets.ts';
import { createSerialQueue } from './serial-queue.ts';
import { openStore } from './storage/open-store.ts';
import type { GatewayStore, LiveStateStore } from './storage/store.ts';
import { createAlertService, type AlertService } from './supervision/alerts.ts';
import { createDeviceHeads } from './supervision/device-heads.ts';
import { createEventBus, type EventBus } from './supervision/event-bus.ts';
import { createLiveFeed, type LiveFeed } from './supervision/live-feed.ts';
import { liveHousekeeping } from './supervision/live-housekeeping.ts';
import { sharedRateLimitStore } from './http/shared-rate-limit-store.ts';
import { createPresenceService, type PresenceService } from './supervision/presence.ts';

export interface GatewayOptions {
  readonly dataDir: string;
  /** A postgres:// URL; absent for the embedded SQLite file in dataDir. */
  readonly database?: string | undefined;
  readonly config?: GatewayConfigInput;
  readonly clock?: Clock;
  readonly logLevel?: string;
  readonly logDestination?: DestinationStream;
  /** The timer of the audit chain verifier and the inactivity sweep; real intervals unless a test passes its own. */
  readonly scheduler?: Scheduler;
  /** Supplied secrets (a production start); the demo generates its own in dataDir. */
  readonly secrets?: GatewaySecrets;
  /** Serve HTTPS (TLS 1.2 or later) with this PEM certificate chain and key. */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer };
  /** Addresses or CIDRs of the one reverse proxy whose X-Forwarded-For is believed. */
  readonly trustProxy?: string | null;
  /** How long a shutdown lets running requests (audit batches) finish. */
  readonly shutdownGraceMs?: number;
}

export interface Gateway {
  readonly app: FastifyInstance;
  readonly config: GatewayConfig;
  readonly store: GatewayStore;
  readonly seal: SecretBox;
  readonly pepper: Buffer;
  readonly bus: EventBus;
  /** What instances share beyond the store: presence, the live feed, rolling windows, sign-in slots. */
  readonly live: LiveStateStore;
  readonly liveFeed: LiveFeed;
  readonly auth: AuthService;
  readonly deviceAdmin: DeviceAdmin;
  readonly presence: PresenceService;
  readonly alerts: AlertService;
  readonly audit: GatewayAudit;
  readonly customers: CustomerService;
  readonly chainVerifier: ChainVerifier;
  readonly inactivity: InactivityRule;
  readonly retention: AuditRetention;
  readonly streams: SupervisorStreams;
  /** Listens on `host` (127.0.0.1 unless given); port 0 picks a free one. Returns the base URL. */
  listen(port: number, host?: string): Promise<string>;
  /** Drains (streams ended with a retry hint, running requests finished), then closes the server and the store. */
  close(): Promise<void>;
}

const AUTH_ROUTES: readonly RouteName[] = ['challenge', 'login', 'refresh', 'reauth', 'changePassword', 'startMfa', 'confirmMfa'];
const PRESENCE_SWEEP_MS = 5_000;
const HOUSEKEEPING_MS = 60_000;
const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;
/** Streams are told to reconnect after this long: soon enough to hide a rolling restart, late enough to let a balancer see /ready fail. */
const RECONNECT_HINT_MS = 2_000;

export async function buildGateway(options: GatewayOptions): Promise<Gateway> {
  const config = GatewayConfigSchema.parse(options.config ?? {});
  const clock = options.clock ?? systemClock;
  const store = await openStore({ dataDir: options.dataDir, database: options.database });
  const secrets = options.secrets ?? loadOrCreateSecrets(options.dataDir);
  const seal = createSecretBox(secrets.sealKey);
  const bus = createEventBus();
  const { live } = store;
  // Filled in below, once the app's logger exists.
  let reportLiveError = (error: unknown): void => {
    console.error(error);
  };
  const liveFeed = createLiveFeed({ repo: live.feed, bus, clock, pollMs: config.stream.feedPollMs, onError: (error) => {
    reportLiveError(error);
  } });
  await liveFeed.start();
  // Other instances' commits to the feed wake this one (the store's commit hook); its own appends wake it anyway.
  const feedListener = await store.onFeedCommit(() => {
    liveFeed.wake();
  }, (error) => {
    reportLiveError(error);
  });
  // Each chain appends one batch at a time: the gateway's own, and the devices'.
  const audit = createGatewayAudit({ repo: store.audit, clock, live: liveFeed, queue: createSerialQueue(), version: config.version });
  const alerts = createAlertService({ repo: store.alerts, clock, live: liveFeed, audit, windows: live.windows, rules: config.alerts });
  // Assigned once the app (and its logger) exists; the sweep only starts after that.
  let logSweepError = (error: unknown): void => {
    throw error;
  };
  const inactivity = createInactivityRule({
    identity: store.identity,
    audit,
    alerts,
    clock,
    scheduler: options.scheduler ?? realScheduler,
    days: config.inactivityDays,
    onError: (error) => {
      logSweepError(error);
    },
  });
  const auth = createAuthService({
    identity: store.identity,
    devices: store.devices,
    tokens: createTokenIssuer(secrets.jwtKey),
    seal,
    clock,
    audit,
    alerts,
    inactivity,
    attemptSlots: live.attemptSlots,
    config,
  });
  const customers = createCustomerService({
    repo: store.customers,
    pepper: secrets.panPepper,
    policy: { reveal: config.maskReveal },
    clock,
    alerts,
    audit,
    caps: createAccessCaps({ repo: store.customers, audit, alerts, clock, config: config.customerAccess }),
  });
  const heads = createDeviceHeads({
    repo: store.heads,
    audit: store.audit,
    alerts,
    clock,
    queue: createSerialQueue(),
    stallMinutes: config.alerts.headStallMinutes,
  });
  const ingest = createAuditIngest({
    repo: store.audit,
    identity: store.identity,
    clock,
    live: liveFeed,
    alerts,
    charges: live.ingestCharges,
    audit,
    queue: createSerialQueue(),
    settings: config.audit,
    heads,
  });
  const reader = createAuditReader({ repo: store.audit, audit, clock, pageBytes: config.audit.searchPageBytes });
  const people = createPeopleService({ repo: store.admin, audit, clock });
  const accessReviews = createAccessReviews({ repo: store.admin, audit, clock });
  const isAdminAlert = (kind: string): boolean => (ADMIN_ALERT_KINDS as readonly string[]).includes(kind);
  const presence = createPresenceService({ clock, live: liveFeed, alerts, identity: store.identity, repo: live.presence, heads, bus, config });
  const accountSetup = createAccountSetup({ identity: store.identity, auth, seal, clock, audit, presence });
  const streams = createSupervisorStreams({ bus, feed: live.feed, limits: config.stream });
  const deviceAdmin = createDeviceAdmin({ devices: store.devices, heads: store.heads, presence, audit, alerts, clock, config: config.enrolment });

  const { requestTimeoutMs, connectionTimeoutMs } = config.limits;
  const app = Fastify({
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
  const shutdown = installGracefulShutdown(app, {
    streams,
    graceMs: options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS,
    retryMs: RECONNECT_HINT_MS,
  });
  guardConnections(app.server, { maxPerIp: config.limits.connectionsPerIp, requestTimeoutMs });
  installRequestLogging(app);
  await app.register(helmet, {
    // An API serves no documents: nothing may load from or frame it.
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    hsts: { maxAge: 31_536_000, includeSubDomains: true },
    referrerPolicy: { policy: 'no-referrer' },
  });
  // Real time, as the plugin's own store keeps it: the limits are about requests per wall-clock minute.
  await app.register(rateLimit, { global: false, store: sharedRateLimitStore(live.windows, () => Date.now()) });
  installErrorHandling(app);
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('cache-control', 'no-store');
    // Last line of defence: an answer about to carry a PAN-like number is redacted and logged.
    if (typeof payload === 'string' && containsPan(payload)) {
      request.log.warn({ route: request.routeOptions.url }, 'PAN-like number redacted from an answer');
      done(null, redactPans(payload));
      return;
    }
    done(null, payload);
  });

  // Audit batches are charged to their desk's quota before their body is read (the handler authenticates again, as for every route).
  app.addHook('preParsing', async (request) => {
    if (request.routeOptions.url !== routes.auditBatches.path) return;
    const principal = await principalOf(request, { authenticate: (token) => auth.authenticate(token) });
    const declared = Number(request.headers['content-length']);
    if (principal !== null) await ingest.admit(principal, Number.isSafeInteger(declared) && declared > 0 ? declared : config.limits.auditBatchBytes);
  });

  installReadiness(app, { ready: () => store.ready(), isDraining: () => shutdown.isDraining() });
  const openApi = buildOpenApi(routes, config.version);
  app.get('/v1/openapi.json', () => openApi);

  const handlers: RouteHandlers = {
    health: () => Promise.resolve({ status: 'ok' as const, version: config.version, time: new Date(clock.now()).toISOString() }),
    challenge: ({ body }) => auth.challenge(body),
    login: ({ body, request }) => auth.login(body, { ip: request.ip }),
    refresh: ({ body }) => auth.refresh(body),
    reauth: ({ body, request }) => auth.reauth(body, { ip: request.ip }),
    changePassword: ({ principal, body, request }) => accountSetup.changePassword(principal, body, { ip: request.ip }),
    startMfa: ({ principal }) => accountSetup.startMfa(principal),
    confirmMfa: ({ principal, body }) => accountSetup.confirmMfa(principal, body.code),
    logout: async ({ body }) => {
      const session = await store.identity.findRefreshToken(hashRefreshToken(body.refreshToken));
      await auth.logout(body);
      // Sign-out shows at once: the desk goes offline on the board and the session's streams close.
      if (session !== null) await presence.sessionEnded(session);
      return {};
    },
    lookup: ({ principal, body }) => customers.lookup(principal, body),
    customer: ({ principal, params }) => customers.detail(principal, params.customerId),
    addNote: ({ principal, params, body }) => customers.addNote(principal, params.customerId, body.text),
    extendSubscription: ({ principal, params, body }) =>
      customers.extendSubscription(principal, { customerId: params.customerId, subscriptionId: params.subscriptionId, ...body }),
    auditBatches: ({ principal, body }) => ingest.ingest(principal, body),
    revokedDeviceAuditBatches: ({ body }) => ingest.ingestFromRevokedDevice(body),
    heartbeat: async ({ principal, body }) => {
      await presence.heartbeat({ kind: 'session', principal }, body);
      return { serverTime: new Date(clock.now()).toISOString(), nextHeartbeatSeconds: config.heartbeatSeconds };
    },
    deviceHeartbeat: async ({ body }) => {
      await presence.heartbeat({ kind: 'device' }, body);
      return { serverTime: new Date(clock.now()).toISOString(), nextHeartbeatSeconds: config.heartbeatSeconds };
    },
    agents: () => presence.agents(),
    auditSearch: ({ principal, query }) => reader.search(principal, query),
    alerts: ({ query }) => alerts.list(query.status),
    ackAlert: ({ principal, params, body }) => alerts.acknowledge(principal, params.alertId, body.note),
    activityReport: async ({ principal, query, reply }) => {
      const { format, ...range } = query;
      const report = await reader.activity(principal, range, format);
      if (format === 'json') return report;
      await reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="activity-${range.from.slice(0, 10)}-${range.to.slice(0, 10)}.csv"`)
        .send(activityCsv(report));
      return ALREADY_SENT;
    },
    floorReport: ({ principal, query }) => reader.floor(principal, query),
    issueEnrolment: ({ principal, body }) => deviceAdmin.issue(principal, body),
    devices: () => deviceAdmin.list(),
    revokeDevice: ({ principal, params, body }) => deviceAdmin.revoke(principal, params.deviceId, body.reason),
    supervisorStream: async ({ principal, request, reply }) => {
      // What a resuming client missed ends here: this read's own audit record, and whatever follows, is live to it.
      const missedThrough = request.headers['last-event-id'] === undefined ? undefined : await live.feed.lastId();
      await audit.record({ type: 'audit.read', outcome: 'success', actor: principal, target: { kind: 'audit-log', id: 'stream' } });
      const token = bearerToken(request) ?? '';
      await streams.serve({ principal, stillValid: async () => (await auth.authenticate(token)) !== null, request, reply, missedThrough });
      return ALREADY_SENT;
    },
    adminUsers: () => people.list(),
    adminCreateUser: ({ principal, body }) => people.create(principal, body),
    adminSetRoles: ({ principal, params, body }) => people.setRoles(principal, params.userId, body),
    adminDisableUser: ({ principal, params, body }) => people.change(principal, params.userId, 'disable', body.reason),
    adminEnableUser: ({ principal, params, body }) => people.change(principal, params.userId, 'enable', body.reason),
    adminUnlockUser: ({ principal, params, body }) => people.change(principal, params.userId, 'unlock', body.reason),
    adminResetMfa: ({ principal, params, body }) => people.change(principal, params.userId, 'mfa_reset', body.reason),
    adminResetPassword: ({ principal, params, body }) => people.resetPassword(principal, params.userId, body.reason),
    adminAccessReview: async ({ principal, query, reply }) => {
      const review = await accessReviews.review(principal, query.format);
      if (query.format === 'json') return review;
      await reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="access-review-${review.generatedAt.slice(0, 10)}.csv"`)
        .send(accessReviewCsv(review));
      return ALREADY_SENT;
    },
    adminSignOffReview: ({ principal, body }) => accessReviews.signOff(principal, body.note),
    adminAlerts: async () => (await alerts.list('all')).filter((alert) => isAdminAlert(alert.kind)),
    adminAckAlert: async ({ principal, params, body }) => {
      // An admin acknowledges only the admin kinds: the supervisors' alerts stay theirs.
      const alert = await store.alerts.find(params.alertId);
      if (alert === null || !isAdminAlert(alert.kind)) throw new GatewayError('not_found', 'No such admin alert');
      return alerts.acknowledge(principal, params.alertId, body.note);
    },
  };
  const authRateLimit = { rateLimit: { max: config.authRateLimitPerMinute, timeWindow: '1 minute' } };
  bindRoutes(app, routes, handlers, {
    authenticate: (token) => auth.authenticate(token),
    // PCI DSS 10.2.1.4: a signed-in user reaching for a route their role does not allow is on record.
    onForbidden: async (principal, route) => {
      await audit.record({
        type: 'access.denied',
        outcome: 'failure',
        reason: 'forbidden',
        actor: principal,
        target: { kind: 'url', id: `${routes[route].method} ${routes[route].path}` },
        details: { route, deviceId: principal.deviceId },
      });
    },
    routeOptions: {
      ...Object.fromEntries(AUTH_ROUTES.map((name) => [name, { config: authRateLimit }])),
      auditBatches: { bodyLimit: config.limits.auditBatchBytes },
      // Public like the device heartbeat: each costs a device lookup and a signature check before anything is stored.
      revokedDeviceAuditBatches: {
        bodyLimit: config.limits.auditBatchBytes,
        config: { rateLimit: { max: config.presence.deviceHeartbeatsPerMinutePerIp, timeWindow: '1 minute' } },
      },
      // Public: each costs a device lookup and a signature check, so a flood from one address is cut off.
      deviceHeartbeat: { config: { rateLimit: { max: config.presence.deviceHeartbeatsPerMinutePerIp, timeWindow: '1 minute' } } },
    },
  });

  const chainVerifier = createChainVerifier({
    repo: store.audit,
    devices: store.identity,
    alerts,
    intervalMs: config.audit.verifyEveryMinutes * 60_000,
    ...(options.scheduler === undefined ? {} : { scheduler: options.scheduler }),
    onError: (error) => {
      app.log.error({ err: error }, 'audit chain verification could not run');
    },
  });
  chainVerifier.start();
  logSweepError = (error) => {
    app.log.error({ err: error }, 'inactivity sweep could not run');
  };
  inactivity.start();
  const retention = createAuditRetention({
    repo: store.retention,
    clock,
    audit,
    alerts,
    ...(options.scheduler === undefined ? {} : { scheduler: options.scheduler }),
    onError: (error) => {
      app.log.error({ err: error }, 'audit retention could not run');
    },
  });
  retention.start();

  reportLiveError = (error) => {
    app.log.error({ err: error }, 'live state could not be updated');
  };
  const sweep = setInterval(() => {
    presence.sweep().catch(reportLiveError);
  }, PRESENCE_SWEEP_MS);
  sweep.unref();
  const housekeep = liveHousekeeping({ live, alerts: store.alerts, clock, config });
  const housekeeping = setInterval(() => {
    housekeep().catch(reportLiveError);
  }, HOUSEKEEPING_MS);
  housekeeping.unref();

  return {
    app,
    config,
    store,
    seal,
    pepper: secrets.panPepper,
    bus,
    live,
    liveFeed,
    auth,
    deviceAdmin,
    presence,
    alerts,
    audit,
    customers,
    chainVerifier,
    inactivity,
    retention,
    streams,
    listen: (port, host = '127.0.0.1') => app.listen({ host, port }),
    close: async () => {
      const { cutOff } = await shutdown.drain();
      if (cutOff > 0) app.log.warn({ cutOff }, 'requests still running when the shutdown grace period ended were cut off');
      clearInterval(sweep);
      clearInterval(housekeeping);
      await chainVerifier.stop();
      await inactivity.stop();
      await retention.stop();
      await app.close();
      await feedListener.close();
      await liveFeed.stop();
      await store.close();
    },
  };
}
