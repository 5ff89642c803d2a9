// The gateway's services over one opened store, built in one place for every
// entry point: the core (the live feed, the gateway's own audit chain, alerts,
// retention) that the command-line tools need too, and on top of it the
// services the routes call. Background jobs are built here and started by the
// caller's lifecycle.
import { createAccessReviews } from './admin/access-review.ts';
import { createAdminApprovals } from './admin/approval-service.ts';
import { createTrainingService } from './admin/training/training-service.ts';
import { createPeopleService } from './admin/people-service.ts';
import { createTeamService } from './admin/team-service.ts';
import { scimGroupMap } from './admin/scim/scim-group-map.ts';
import { createScimGroups } from './admin/scim/scim-groups.ts';
import { createScimUsers } from './admin/scim/scim-users.ts';
import { createChainVerifier, realScheduler, type ChainVerifier, type Scheduler } from './audit/chain-verifier.ts';
import { createGatewayAudit } from './audit/gateway-audit.ts';
import { createDeskReadCheck } from './audit/desk-read-check.ts';
import { createAuditIngest } from './audit/ingest.ts';
import { hostname } from 'node:os';
import { createAuditExport, type AuditExport } from './audit/audit-export.ts';
import { checkpointSyslogMessage } from './audit/syslog-format.ts';
import { createSyslogSink, type SyslogSink } from './audit/syslog-sink.ts';
import { createTransparencyLog } from './audit/transparency-log.ts';
import { createDailyReview, type DailyReview } from './audit/daily-review.ts';
import { createReviewQueue } from './audit/review-queue.ts';
import { createAuditReader } from './audit/reports.ts';
import { createRegularReports } from './audit/regular-reports.ts';
import { createRetrievalCheck, type RetrievalCheck } from './audit/retrieval-check.ts';
import { createEvidencePacks } from './admin/evidence/evidence-pack.ts';
import { EVIDENCE_SECTIONS } from './admin/evidence/evidence-sections.ts';
import { createAuditRetention, type AuditRetention } from './audit/retention.ts';
import { callRetention } from './calls/call-retention.ts';
import { createCallService } from './calls/call-service.ts';
import { GatewayConfigSchema, systemClock, type Clock, type GatewayConfig } from './config.ts';
import type { AlertService } from './core/alert-port.ts';
import type { GatewayAudit } from './core/audit-port.ts';
import { createAccessCaps } from './customers/access-caps.ts';
import { createCustomerRevisions } from './customers/customer-revision.ts';
import { createCustomerService } from './customers/customer-service.ts';
import { createWrapupService } from './calls/wrapup-service.ts';
import { createPrivacyService } from './customers/privacy-service.ts';
import { dataRetention } from './customers/data-retention.ts';
import { createSupervisorStreams } from './http/event-stream.ts';
import type { RouteServices } from './http/route-table.ts';
import { createAccountSetup } from './identity/account-setup.ts';
import { createAuthService } from './identity/auth-service.ts';
import { createProviderDirectory } from './identity/sso/provider-directory.ts';
import { createSsoService } from './identity/sso/sso-service.ts';
import { createDeviceAdmin } from './identity/device-admin.ts';
import { createInactivityRule, type InactivityRule } from './identity/inactivity.ts';
import { createSecretBox, type SecretBox } from './identity/secret-box.ts';
import { createTokenIssuer } from './identity/tokens.ts';
import { createLifecycle } from './lifecycle.ts';
import type { GatewaySecrets } from './secrets.ts';
import { createKeyedSerialQueue, createSerialQueue } from './serial-queue.ts';
import { openStore, type OpenStoreOptions } from './storage/open-store.ts';
import type { GatewayStore } from './storage/store.ts';
import { createAlertService } from './supervision/alerts.ts';
import { createDeviceHeads } from './supervision/device-heads.ts';
import { createEventBus, type EventBus } from './supervision/event-bus.ts';
import { createLiveFeed, type LiveFeed } from './supervision/live-feed.ts';
import { liveHousekeeping } from './supervision/live-housekeeping.ts';
import { createPresenceService } from './supervision/presence.ts';
import { createControlMonitor } from './supervision/control-monitor.ts';
import { createIncidents } from './supervision/incidents.ts';
import { createSessionWatches } from './supervision/session-watches.ts';
import { createRecordService } from './records/record-service.ts';
import { createServiceAccounts } from './records/service-accounts.ts';
import { createWebhookReceiver } from './records/webhook-receiver.ts';
import { createUpdateRepository } from './updates/update-repository.ts';
import { createUpdateService } from './updates/update-service.ts';

/** What a failed write of live state (the feed, presence, housekeeping) is reported as. */
export const LIVE_STATE_ERROR = 'live state could not be updated';

/** Reports a background failure: what could not be done, and why. */
export type ReportError = (what: string, error: unknown) => void;

export interface CoreServices {
  readonly store: GatewayStore;
  readonly bus: EventBus;
  readonly liveFeed: LiveFeed;
  readonly audit: GatewayAudit;
  readonly alerts: AlertService;
  readonly retention: AuditRetention;
}

export interface CoreDeps {
  readonly store: GatewayStore;
  readonly config: GatewayConfig;
  readonly clock: Clock;
  /** The timer of the daily retention job (and, for the gateway, the verifier and the inactivity sweep). */
  readonly scheduler?: Scheduler | undefined;
  readonly reportError: ReportError;
}

export function createCoreServices({ store, config, clock, scheduler, reportError }: CoreDeps): CoreServices {
  const bus = createEventBus();
  const liveFeed = createLiveFeed({ repo: store.live.feed, bus, clock, pollMs: config.stream.feedPollMs, onError: (error) => {
    reportError(LIVE_STATE_ERROR, error);
  } });
  // Each chain appends one batch at a time: the gateway's own, and the devices'.
  const audit = createGatewayAudit({ repo: store.audit, clock, live: liveFeed, queue: createSerialQueue(), version: config.version });
  const alerts = createAlertService({ repo: store.alerts, clock, live: liveFeed, audit, windows: store.live.windows, rules: config.alerts });
  const retention = createAuditRetention({
    repo: store.retention,
    clock,
    audit,
    alerts,
    ...(scheduler === undefined ? {} : { scheduler }),
    onError: (error) => {
      reportError('audit retention could not run', error);
    },
  });
  return { store, bus, liveFeed, audit, alerts, retention };
}

/**
 * The store and its core services for a command-line tool, with the gateway's default settings. What the tool
 * records reaches the live feed (so running gateways' supervisors see it); the tool tails nothing. `close`
 * waits for the feed's last write, then closes the store.
 */
export async function openToolServices(options: OpenStoreOptions & { readonly reportError: ReportError }): Promise<CoreServices & { readonly close: () => Promise<void> }> {
  const lifecycle = createLifecycle();
  const store = await openStore(options);
  await lifecycle.register({ name: 'store', close: () => store.close() });
  const core = createCoreServices({ store, config: GatewayConfigSchema.parse({}), clock: systemClock, reportError: options.reportError });
  await lifecycle.register({ name: 'live feed', close: () => core.liveFeed.stop() });
  return { ...core, close: () => lifecycle.close() };
}

/** The core, the services the routes call, and the gateway's background jobs. */
export interface GatewayServices extends CoreServices, Omit<RouteServices, 'config' | 'clock' | 'store'> {
  readonly seal: SecretBox;
  readonly inactivity: InactivityRule;
  readonly chainVerifier: ChainVerifier;
  /** Where signed checkpoints also go (config checkpointSyslog); null when not set. */
  readonly checkpointSyslog: SyslogSink | null;
  /** Writes the audit evidence bundle of a time range (npm run audit-export). */
  readonly auditExport: AuditExport;
  /** The daily log review job (10.4.1.1). */
  readonly dailyReview: DailyReview;
  /** The monthly retrieval check of a random kept audit month (PCI DSS 10.5.1). */
  readonly retrievalCheck: RetrievalCheck;
  /** One pass of bounding the live-state tables (live-housekeeping.ts), of call retention (call-retention.ts), of privacy deadline alerts and of customer data retention (data-retention.ts). */
  readonly housekeep: () => Promise<void>;
}

export function createGatewayServices(core: CoreServices, deps: CoreDeps & { readonly secrets: GatewaySecrets }): GatewayServices {
  const { store, liveFeed, audit, alerts, bus } = core;
  const { config, clock, reportError } = deps;
  const seal = createSecretBox(deps.secrets.sealKey);
  const inactivity = createInactivityRule({
    identity: store.identity,
    audit,
    alerts,
    clock,
    scheduler: deps.scheduler ?? realScheduler,
    days: config.inactivityDays,
    onError: (error) => {
      reportError('inactivity sweep could not run', error);
    },
  });
  const heads = createDeviceHeads({
    repo: store.heads,
    audit: store.audit,
    alerts,
    clock,
    queue: createKeyedSerialQueue(),
    stallMinutes: config.alerts.headStallMinutes,
  });
  const controls = createControlMonitor({
    repo: store.incidents,
    audit,
    alerts,
    clock,
    settings: { syncLagMinutes: config.alerts.syncLagMinutes, clockSkewSeconds: config.review.clockSkewSeconds },
  });
  const presence = createPresenceService({ clock, live: liveFeed, alerts, identity: store.identity, repo: store.live.presence, heads, bus, config, controls });
  const auth = createAuthService({
    identity: store.identity,
    devices: store.devices,
    tokens: createTokenIssuer(deps.secrets.jwtKey),
    seal,
    clock,
    audit,
    alerts,
    inactivity,
    attemptSlots: store.live.attemptSlots,
    sso: store.sso,
    ssoConfigured: config.sso.providers.length > 0,
    presence,
    config,
  });
  const sso = createSsoService({
    config: config.sso,
    repo: store.sso,
    identity: store.identity,
    directory: createProviderDirectory({ fetch: globalThis.fetch, jwksCooldownMs: config.sso.jwksCooldownSeconds * 1000 }),
    fetch: globalThis.fetch,
    auth,
    audit,
    clock,
  });
  const customers = createCustomerService({
    repo: store.customers,
    pepper: deps.secrets.panPepper,
    policy: { reveal: config.maskReveal },
    clock,
    alerts,
    audit,
    caps: createAccessCaps({ repo: store.customers, audit, alerts, clock, config: config.customerAccess }),
    revisions: createCustomerRevisions({ repo: store.customers, audit: store.audit, clock }),
  });
  const privacy = createPrivacyService({ repo: store.privacy, customers: store.customers, audit, alerts, clock, pepper: deps.secrets.panPepper });
  const syslog = config.checkpointSyslog;
  const checkpointSyslog = syslog === undefined ? null : createSyslogSink(syslog, (error) => reportError('a checkpoint could not be sent to syslog', error));
  const transparencyLog = createTransparencyLog({
    repo: store.transparencyLog,
    clock,
    logKey: deps.secrets.logKey,
    settings: config.transparencyLog,
    ...(checkpointSyslog === null || syslog === undefined
      ? {}
      : { onSigned: (checkpoint, note) => void checkpointSyslog.send(checkpointSyslogMessage({ checkpoint, note, at: new Date(clock.now()), hostname: hostname(), appName: syslog.appName })) }),
  });
  const ingest = createAuditIngest({
    log: transparencyLog,
    repo: store.audit,
    identity: store.identity,
    clock,
    live: liveFeed,
    alerts,
    charges: store.live.ingestCharges,
    audit,
    queue: createKeyedSerialQueue(),
    settings: config.audit,
    heads,
    promisedHeads: store.heads,
    readCheck: createDeskReadCheck({ repo: store.audit, alerts, skewMs: config.audit.clockSkewSeconds * 1000 }),
  });
  const chainVerifier = createChainVerifier({
    repo: store.audit,
    devices: store.identity,
    alerts,
    intervalMs: config.audit.verifyEveryMinutes * 60_000,
    ...(deps.scheduler === undefined ? {} : { scheduler: deps.scheduler }),
    onError: (error) => {
      reportError('audit chain verification could not run', error);
    },
  });
  const serviceAccounts = createServiceAccounts({ repo: store.serviceAccounts, seal, audit, clock });
  const scimGroups = scimGroupMap(config.scim.groups);
  const scimUsers = createScimUsers({ repo: store.scim, audit, presence, clock, groups: scimGroups });
  const records = createRecordService({ repo: store.records, audit, clock, pepper: deps.secrets.panPepper, phone: { defaultCallingCode: deps.config.contactCenter.defaultCallingCode } });
  const regularReports = createRegularReports({
    reports: store.reports,
    audit: store.audit,
    teams: store.teams,
    gatewayAudit: audit,
    clock,
    ...(deps.scheduler === undefined ? {} : { scheduler: deps.scheduler }),
    onError: (error) => {
      reportError('scheduled reports could not be generated', error);
    },
  });
  const live = liveHousekeeping({ live: store.live, alerts: store.alerts, clock, config });
  const forgetCalls = callRetention({ calls: store.calls, clock, config });
  const retainCustomerData = dataRetention({ customers: store.customers, audit, clock, config });
  const updateRepository = createUpdateRepository(config.updates.repository);
  return {
    ...core,
    seal,
    inactivity,
    auth,
    sso,
    accountSetup: createAccountSetup({ identity: store.identity, auth, seal, clock, audit, presence, creators: store.admin, trail: store.audit, alerts }),
    customers,
    privacy,
    calls: createCallService({
      calls: store.calls,
      customers: store.customers,
      identity: store.identity,
      pepper: deps.secrets.panPepper,
      clock,
      audit,
      accounts: serviceAccounts,
      config: config.contactCenter,
    }),
    ingest,
    transparencyLog,
    checkpointSyslog,
    auditExport: createAuditExport({ repo: store.auditExport, audit: store.audit, nodes: store.transparencyLog, log: transparencyLog, clock }),
    reader: createAuditReader({ repo: store.audit, audit, clock, pageBytes: config.audit.searchPageBytes }),
    people: createPeopleService({ repo: store.admin, audit, clock, presence, requireSecondAdmin: config.adminApprovals.required }),
    approvals: createAdminApprovals({ repo: store.approvals, people: store.admin, audit, clock, presence, hours: config.adminApprovals.hours }),
    accessReviews: createAccessReviews({ repo: store.admin, audit, clock }),
    training: createTrainingService({ repo: store.training, identity: store.identity, audit, alerts, clock }),
    wrapup: createWrapupService({ repo: store.wrapup, customers: store.customers, notes: customers, audit, clock, required: config.wrapup.required }),
    presence,
    deviceAdmin: createDeviceAdmin({ devices: store.devices, heads: store.heads, presence, audit, alerts, clock, config: config.enrolment }),
    streams: createSupervisorStreams({ bus, feed: store.live.feed, limits: config.stream }),
    watches: createSessionWatches({
      bus,
      liveFamilies: (familyIds, now) => store.identity.liveFamilyIds(familyIds, now),
      clock,
      // A held request sends nothing: it must answer before the idle-socket cut-off would close it.
      settings: { ...config.sessionWatch, holdMs: Math.min(config.sessionWatch.holdMs, Math.floor(config.limits.connectionTimeoutMs / 2)) },
      onError: (error) => {
        reportError('session watches could not be re-checked', error);
      },
    }),
    serviceAccounts,
    scimUsers,
    scimGroups: createScimGroups({ repo: store.scim, users: scimUsers, groups: scimGroups }),
    records,
    webhooks: createWebhookReceiver({ accounts: serviceAccounts, deliveries: store.serviceAccounts, records, clock }),
    updates: createUpdateService({ repository: updateRepository, repo: store.updates, devices: store.devices, audit, alerts, clock, config: config.updates }),
    updateRepository,
    teams: createTeamService({ repo: store.teams, audit, clock }),
    reviewQueue: createReviewQueue({ repo: store.review, audit, clock, signOffHours: config.review.signOffHours }),
    incidents: createIncidents({ repo: store.incidents, audit, clock }),
    dailyReview: createDailyReview({
      repo: store.review,
      incidents: store.incidents,
      teams: store.teams,
      identity: store.identity,
      alerts,
      controls,
      clock,
      config: config.review,
      scheduler: deps.scheduler,
      onError: (error) => {
        reportError('the daily log review could not run', error);
      },
    }),
    chainVerifier,
    regularReports,
    evidencePacks: createEvidencePacks({ store, config, clock, reports: regularReports, audit, sections: EVIDENCE_SECTIONS }),
    retrievalCheck: createRetrievalCheck({
      retention: store.retention,
      audit: store.audit,
      evidence: store.evidence,
      reports: store.reports,
      gatewayAudit: audit,
      clock,
      random: Math.random,
      ...(deps.scheduler === undefined ? {} : { scheduler: deps.scheduler }),
      onError: (error) => {
        reportError('the audit retrieval check could not run', error);
      },
    }),
    housekeep: async () => {
      await live();
      await forgetCalls();
      await privacy.alertDeadlines();
      await retainCustomerData();
    },
  };
}
