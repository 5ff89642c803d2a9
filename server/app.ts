// Composition root of the reference gateway: opens the store, builds the
// services (services.ts) and the HTTP server around the route table (http/),
// and registers every resource and background job with the lifecycle, which
// closes them in reverse order at shutdown.
import type { FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import type { TrainingService } from './admin/training/training-service.ts';
import type { GatewayAudit } from './core/audit-port.ts';
import type { ChainVerifier, Scheduler } from './audit/chain-verifier.ts';
import type { AuditExport } from './audit/audit-export.ts';
import type { AuditRetention } from './audit/retention.ts';
import type { DailyReview } from './audit/daily-review.ts';
import type { RegularReports } from './audit/regular-reports.ts';
import type { RetrievalCheck } from './audit/retrieval-check.ts';
import type { EvidencePacks } from './admin/evidence/evidence-pack.ts';
import { GatewayConfigSchema, systemClock, type Clock, type GatewayConfig, type GatewayConfigInput } from './config.ts';
import type { CallService } from './calls/call-service.ts';
import type { CustomerService } from './customers/customer-service.ts';
import type { PrivacyService } from './customers/privacy-service.ts';
import { personalSealing } from './customers/personal-sealing.ts';
import { backfillPhoneHmacs } from './customers/phone-backfill.ts';
import type { SupervisorStreams } from './http/event-stream.ts';
import { createGatewayFastify, installGatewayHttp } from './http/gateway-http.ts';
import { installContactEventBodies } from './http/contact-event-bodies.ts';
import { bindGatewayRoutes } from './http/route-table.ts';
import type { AuthService } from './identity/auth-service.ts';
import type { InactivityRule } from './identity/inactivity.ts';
import type { DeviceAdmin } from './identity/device-admin.ts';
import type { SecretBox } from './identity/secret-box.ts';
import { createLifecycle, type LifecyclePart } from './lifecycle.ts';
import { loadOrCreateSecrets, type GatewaySecrets } from './secrets.ts';
import { createCoreServices, createGatewayServices, LIVE_STATE_ERROR, type ReportError } from './services.ts';
import { openStore } from './storage/open-store.ts';
import type { GatewayStore, LiveStateStore } from './storage/store.ts';
import type { AlertService } from './core/alert-port.ts';
import type { EventBus } from './supervision/event-bus.ts';
import type { LiveFeed } from './supervision/live-feed.ts';
import type { PresenceService } from './supervision/presence.ts';
import type { UpdateService } from './updates/update-service.ts';
import type { SessionWatches } from './supervision/session-watches.ts';

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
  readonly privacy: PrivacyService;
  readonly calls: CallService;
  readonly chainVerifier: ChainVerifier;
  readonly auditExport: AuditExport;
  readonly inactivity: InactivityRule;
  readonly retention: AuditRetention;
  /** The daily log review job (10.4.1.1). */
  readonly dailyReview: DailyReview;
  readonly regularReports: RegularReports;
  readonly retrievalCheck: RetrievalCheck;
  readonly evidencePacks: EvidencePacks;
  readonly streams: SupervisorStreams;
  readonly watches: SessionWatches;
  /** Security awareness (PCI DSS 12.6): its reminder pass runs hourly; tests call `remind()` on a manual clock. */
  readonly training: TrainingService;
  readonly updates: UpdateService;
  /** Listens on `host` (127.0.0.1 unless given); port 0 picks a free one. Returns the base URL. */
  listen(port: number, host?: string): Promise<string>;
  /** Drains (streams ended with a retry hint, running requests finished), then closes every job and resource in reverse order of start (lifecycle.ts). */
  close(): Promise<void>;
}

const PRESENCE_SWEEP_MS = 5_000;
const HOUSEKEEPING_MS = 60_000;
/** Reminders are per person and due date, so an hourly pass sends each once, within an hour of its day. */
const TRAINING_REMINDER_MS = 3_600_000;

/**
 * A job run every `ms` from its registration until shutdown; a failed run is reported and the next one still comes.
 * Closing ends the timer and waits for the runs under way, which still need what closes after them (the store).
 */
function repeating(name: string, ms: number, run: () => Promise<unknown>, reportError: ReportError): LifecyclePart {
  let timer: NodeJS.Timeout | undefined;
  const running = new Set<Promise<void>>();
  return {
    name,
    start: () => {
      timer = setInterval(() => {
        const current = run().then(
          () => undefined,
          (error: unknown) => {
            reportError(LIVE_STATE_ERROR, error);
          },
        );
        running.add(current);
        void current.finally(() => running.delete(current));
      }, ms);
      timer.unref();
    },
    close: async () => {
      clearInterval(timer);
      await Promise.all(running);
    },
  };
}

/** A service that runs and stops itself (a timer, the feed's tail) as one lifecycle part. */
function selfRunning(name: string, service: { start(): void | Promise<void>; stop(): Promise<void> }): LifecyclePart {
  return { name, start: () => service.start(), close: () => service.stop() };
}

/** Entries logged per transaction when a store from before the transparency log is first opened. */
const LOG_BACKFILL_CHUNK = 5000;

export async function buildGateway(options: GatewayOptions): Promise<Gateway> {
  const config = GatewayConfigSchema.parse(options.config ?? {});
  const clock = options.clock ?? systemClock;
  const lifecycle = createLifecycle();
  try {
    const secrets = options.secrets ?? loadOrCreateSecrets(options.dataDir);
    const store = await openStore({ dataDir: options.dataDir, database: options.database, sealing: personalSealing(secrets.sealKey) });
    await lifecycle.register({ name: 'store', close: () => store.close() });
    const app = createGatewayFastify({ config, logLevel: options.logLevel, logDestination: options.logDestination, tls: options.tls, trustProxy: options.trustProxy });
    const reportError: ReportError = (what, error) => {
      app.log.error({ err: error }, what);
    };
    const phones = await backfillPhoneHmacs(store.customers, secrets.panPepper, { defaultCallingCode: config.contactCenter.defaultCallingCode });
    if (phones.filled + phones.unusable > 0) app.log.info(phones, 'customer phone hashes filled (unusable numbers never match a call)');
    const deps = { store, config, clock, scheduler: options.scheduler, reportError };
    const services = createGatewayServices(createCoreServices(deps), { ...deps, secrets });
    const { liveFeed, presence, chainVerifier, inactivity, retention } = services;

    // A store from before the transparency log: its entries become leaves before this instance serves.
    await lifecycle.register({
      name: 'transparency log backfill',
      start: async () => {
        for (let logged = 1; logged > 0; ) logged = await store.transparencyLog.logUnlogged(LOG_BACKFILL_CHUNK);
      },
      close: () => undefined,
    });
    await lifecycle.register(selfRunning('live feed', liveFeed));
    // Other instances' commits to the feed wake this one (the store's commit hook); its own appends wake it anyway.
    const commits = await store.onFeedCommit(() => {
      liveFeed.wake();
    }, (error) => {
      reportError(LIVE_STATE_ERROR, error);
    });
    await lifecycle.register({ name: 'live feed commit hook', close: () => commits.close() });

    const shutdown = await installGatewayHttp(app, { config, streams: services.streams, watches: services.watches, windows: store.live.windows, ready: () => store.ready(), shutdownGraceMs: options.shutdownGraceMs });
    installContactEventBodies(app, { calls: services.calls, bodyLimit: config.limits.bodyBytes });
    bindGatewayRoutes(app, { ...services, config, clock });
    await lifecycle.register({ name: 'http server', close: () => app.close() });

    await lifecycle.register(selfRunning('session watches', services.watches));
    await lifecycle.register(selfRunning('audit chain verifier', chainVerifier));
    await lifecycle.register(selfRunning('inactivity sweep', inactivity));
    await lifecycle.register(selfRunning('audit retention', retention));
    await lifecycle.register(selfRunning('daily log review', services.dailyReview));
    await lifecycle.register(selfRunning('scheduled reports', services.regularReports));
    await lifecycle.register(selfRunning('audit retrieval check', services.retrievalCheck));
    await lifecycle.register(repeating('presence sweep', PRESENCE_SWEEP_MS, () => presence.sweep(), reportError));
    await lifecycle.register(repeating('live housekeeping', HOUSEKEEPING_MS, services.housekeep, reportError));
    await lifecycle.register(repeating('training reminders', TRAINING_REMINDER_MS, () => services.training.remind(), reportError));
    const sink = services.checkpointSyslog;
    if (sink !== null) await lifecycle.register({ name: 'checkpoint syslog', close: () => sink.close() });
    // A checkpoint at least every few seconds while entries arrive (latest() signs only when the tree grew).
    await lifecycle.register(repeating('log checkpoints', config.transparencyLog.checkpointSeconds * 1000, async () => {
      await services.transparencyLog.latest();
    }, reportError));
    // Last registered, so first at shutdown: streams end with a retry hint and running requests finish before anything else closes.
    await lifecycle.register({ name: 'http drain', close: async () => {
      const { cutOff } = await shutdown.drain();
      if (cutOff > 0) app.log.warn({ cutOff }, 'requests still running when the shutdown grace period ended were cut off');
    } });

    return {
      app,
      config,
      store,
      seal: services.seal,
      pepper: secrets.panPepper,
      bus: services.bus,
      live: store.live,
      liveFeed,
      auth: services.auth,
      deviceAdmin: services.deviceAdmin,
      presence,
      alerts: services.alerts,
      audit: services.audit,
      customers: services.customers,
      privacy: services.privacy,
      calls: services.calls,
      chainVerifier,
      auditExport: services.auditExport,
      inactivity,
      retention,
      dailyReview: services.dailyReview,
      regularReports: services.regularReports,
      retrievalCheck: services.retrievalCheck,
      evidencePacks: services.evidencePacks,
      streams: services.streams,
      watches: services.watches,
      training: services.training,
      updates: services.updates,
      listen: (port, host = '127.0.0.1') => app.listen({ host, port }),
      close: () => lifecycle.close(),
    };
  } catch (error) {
    // A gateway that failed to build leaves nothing open behind it.
    await lifecycle.close().catch(() => undefined);
    throw error;
  }
}
