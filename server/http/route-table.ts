// The gateway's route table: each route of shared/api.ts bound to the service
// that answers it, with the per-route limits (sign-in rate limits, audit batch
// sizes, the public device routes) and the audit batch quota charged before a
// body is read.
import { reachesCustomerData } from '../../shared/training-rules.ts';
import { accessReviewCsv } from '../../shared/access-review-csv.ts';
import { routes, type RouteName } from '../../shared/api.ts';
import { patchReportCsv } from '../../shared/patch-report-csv.ts';
import { activityCsv } from '../../shared/report-csv.ts';
import { regularReportCsv } from '../../shared/regular-report-csv.ts';
import { ADMIN_ALERT_KINDS } from '../../shared/schemas/supervision.ts';
import type { FastifyInstance } from 'fastify';
import type { AccessReviews } from '../admin/access-review.ts';
import type { AdminApprovals } from '../admin/approval-service.ts';
import type { PeopleService } from '../admin/people-service.ts';
import type { TrainingService } from '../admin/training/training-service.ts';
import type { WrapupService } from '../calls/wrapup-service.ts';
import type { TeamService } from '../admin/team-service.ts';
import type { ReviewQueue } from '../audit/review-queue.ts';
import type { Incidents } from '../supervision/incidents.ts';
import { viewedByAdmin } from '../admin/admin-view.ts';
import type { ScimGroups } from '../admin/scim/scim-groups.ts';
import type { ScimUsers } from '../admin/scim/scim-users.ts';
import type { GatewayAudit } from '../core/audit-port.ts';
import type { AuditIngest } from '../audit/ingest.ts';
import type { TransparencyLog } from '../audit/transparency-log.ts';
import type { AuditReader } from '../audit/reports.ts';
import type { RegularReports } from '../audit/regular-reports.ts';
import type { EvidencePacks } from '../admin/evidence/evidence-pack.ts';
import { storedReportPdf } from '../audit/regular-report-pdf.ts';
import type { Clock, GatewayConfig } from '../config.ts';
import type { CallService } from '../calls/call-service.ts';
import type { CustomerService } from '../customers/customer-service.ts';
import type { PrivacyService } from '../customers/privacy-service.ts';
import { GatewayError } from '../errors.ts';
import type { AccountSetup } from '../identity/account-setup.ts';
import type { AuthService } from '../identity/auth-service.ts';
import type { DeviceAdmin } from '../identity/device-admin.ts';
import type { SsoService } from '../identity/sso/sso-service.ts';
import { hashRefreshToken } from '../identity/tokens.ts';
import type { GatewayStore } from '../storage/store.ts';
import type { AlertService } from '../core/alert-port.ts';
import type { PresenceService } from '../supervision/presence.ts';
import type { SessionWatches } from '../supervision/session-watches.ts';
import type { RecordService } from '../records/record-service.ts';
import type { UpdateRepository } from '../updates/update-repository.ts';
import type { UpdateService } from '../updates/update-service.ts';
import type { ServiceAccounts } from '../records/service-accounts.ts';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, type WebhookReceiver } from '../records/webhook-receiver.ts';
import { contactSenderOf } from './contact-event-bodies.ts';
import { captureRawBody, rawBodyOf } from './raw-body.ts';
import type { SupervisorStreams } from './event-stream.ts';
import { ALREADY_SENT, bearerToken, bindRoutes, principalOf, type RouteHandlers } from './route-binding.ts';
import { registerScimRoutes } from './scim-routes.ts';

const AUTH_ROUTES: readonly RouteName[] = ['challenge', 'login', 'refresh', 'reauth', 'changePassword', 'startMfa', 'confirmMfa', 'ssoStart', 'ssoRedeem'];

export interface RouteServices {
  readonly config: GatewayConfig;
  readonly clock: Clock;
  readonly store: Pick<GatewayStore, 'identity' | 'alerts' | 'live'>;
  readonly auth: AuthService;
  readonly sso: SsoService;
  readonly accountSetup: AccountSetup;
  readonly customers: CustomerService;
  readonly privacy: PrivacyService;
  readonly calls: CallService;
  readonly ingest: AuditIngest;
  readonly transparencyLog: TransparencyLog;
  readonly reader: AuditReader;
  readonly people: PeopleService;
  readonly approvals: AdminApprovals;
  readonly accessReviews: AccessReviews;
  readonly presence: PresenceService;
  readonly deviceAdmin: DeviceAdmin;
  readonly streams: SupervisorStreams;
  readonly watches: SessionWatches;
  readonly alerts: AlertService;
  readonly audit: GatewayAudit;
  readonly serviceAccounts: ServiceAccounts;
  readonly records: RecordService;
  readonly webhooks: WebhookReceiver;
  readonly scimUsers: ScimUsers;
  readonly scimGroups: ScimGroups;
  readonly training: TrainingService;
  readonly updates: UpdateService;
  readonly updateRepository: UpdateRepository;
  readonly regularReports: RegularReports;
  readonly evidencePacks: EvidencePacks;
  readonly teams: TeamService;
  readonly reviewQueue: ReviewQueue;
  readonly incidents: Incidents;
  readonly wrapup: WrapupService;
}

function routeHandlers(s: RouteServices): RouteHandlers {
  const { config, clock, store, auth, sso, accountSetup, customers, privacy, calls, ingest, transparencyLog, reader, people, approvals, accessReviews, presence, deviceAdmin, streams, watches, alerts, audit, serviceAccounts, records, webhooks, training, updates, updateRepository, teams, reviewQueue, incidents, regularReports, evidencePacks, wrapup } = s;
  const isAdminAlert = (kind: string): boolean => (ADMIN_ALERT_KINDS as readonly string[]).includes(kind);
  return {
    health: () => Promise.resolve({ status: 'ok' as const, version: config.version, time: new Date(clock.now()).toISOString() }),
    challenge: ({ body }) => auth.challenge(body),
    login: ({ body, request }) => auth.login(body, { ip: request.ip }),
    ssoProviders: () => Promise.resolve(sso.providers()),
    ssoStart: ({ body, request }) => sso.start(body, { ip: request.ip }),
    ssoRedeem: ({ body, request }) => sso.redeem(body, { ip: request.ip }),
    refresh: ({ body }) => auth.refresh(body),
    reauth: ({ body, request }) => auth.reauth(body, { ip: request.ip }),
    changePassword: ({ principal, body, request }) => accountSetup.changePassword(principal, body, { ip: request.ip }),
    startMfa: ({ principal, body }) => accountSetup.startMfa(principal, body.resetCode),
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
    customerRevision: ({ principal, params }) => customers.revision(principal, params.customerId),
    addNote: ({ principal, params, body }) => customers.addNote(principal, params.customerId, body.text),
    extendSubscription: ({ principal, params, body }) =>
      customers.extendSubscription(principal, { customerId: params.customerId, subscriptionId: params.subscriptionId, ...body }),
    openPrivacyRequest: ({ principal, body }) => privacy.open(principal, body),
    privacyRequests: async () => ({ requests: await privacy.list() }),
    extendPrivacyRequest: ({ principal, params, body }) => privacy.extend(principal, params.requestId, body.reason),
    completePrivacyRequest: ({ principal, params, body }) => privacy.complete(principal, params.requestId, body),
    exportPrivacyRequest: ({ principal, params }) => privacy.exportData(principal, params.requestId),
    placeLegalHold: ({ principal, body }) => privacy.placeHold(principal, body),
    releaseLegalHold: ({ principal, params, body }) => privacy.releaseHold(principal, params.holdId, body.reason),
    auditBatches: ({ principal, body }) => ingest.ingest(principal, body),
    revokedDeviceAuditBatches: ({ body }) => ingest.ingestFromRevokedDevice(body),
    logKey: () => transparencyLog.key(),
    logCheckpoint: async () => ({ checkpoint: (await transparencyLog.latest()).note }),
    logConsistency: ({ query }) => transparencyLog.consistency(query.from, query.to),
    logCosign: async ({ body }) => ({ checkpoint: await transparencyLog.cosign(body.cosigned) }),
    logCosigned: async ({ query }) => ({ checkpoint: await transparencyLog.cosigned(query.size) }),
    heartbeat: async ({ principal, body }) => {
      await presence.heartbeat({ kind: 'session', principal }, body);
      return { serverTime: new Date(clock.now()).toISOString(), nextHeartbeatSeconds: config.heartbeatSeconds, log: await transparencyLog.view(body.logSize ?? 0) };
    },
    deviceHeartbeat: async ({ body }) => {
      await presence.heartbeat({ kind: 'device' }, body);
      return { serverTime: new Date(clock.now()).toISOString(), nextHeartbeatSeconds: config.heartbeatSeconds, log: await transparencyLog.view(body.logSize ?? 0) };
    },
    sessionWatch: async ({ principal, reply }) => {
      // A desk that goes away (or a proxy that gives up) frees its place at once.
      const gone = new AbortController();
      reply.raw.once('close', () => {
        gone.abort();
      });
      if ((await watches.hold(principal, gone.signal)) === 'ended') throw new GatewayError('unauthenticated', 'This session has ended; sign in again');
      return { status: 'held' as const };
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
    storedReports: ({ principal, query }) => regularReports.list(principal, query),
    storedReport: async ({ principal, params, query, reply }) => {
      const stored = await regularReports.read(principal, params.reportId, query.format);
      if (query.format === 'json') return stored;
      const name = `${stored.reportId}.${query.format}`;
      const file = query.format === 'csv' ? regularReportCsv(stored.report) : await storedReportPdf(stored);
      await reply
        .type(query.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/pdf')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(file);
      return ALREADY_SENT;
    },
    issueEnrolment: ({ principal, body }) => deviceAdmin.issue(principal, body),
    devices: async ({ principal }) => viewedByAdmin(audit, principal, 'admin.devices', await deviceAdmin.list()),
    revokeDevice: ({ principal, params, body }) => deviceAdmin.revoke(principal, params.deviceId, body.reason),
    enrolmentGrants: async ({ principal }) => viewedByAdmin(audit, principal, 'admin.enrolment_grants', await deviceAdmin.grants()),
    revokeEnrolment: ({ principal, params, body }) => deviceAdmin.revokeGrant(principal, params.grantId, body.reason),
    supervisorStream: async ({ principal, request, reply }) => {
      // What a resuming client missed ends here: this read's own audit record, and whatever follows, is live to it.
      const missedThrough = request.headers['last-event-id'] === undefined ? undefined : await store.live.feed.lastId();
      await audit.record({ type: 'audit.read', outcome: 'success', actor: principal, target: { kind: 'audit-log', id: 'stream' } });
      const token = bearerToken(request) ?? '';
      await streams.serve({ principal, stillValid: async () => (await auth.authenticate(token)) !== null, request, reply, missedThrough });
      return ALREADY_SENT;
    },
    contactEvents: ({ body, request }) => calls.receive(contactSenderOf(request), body),
    currentCall: ({ principal }) => calls.current(principal),
    callFloor: ({ query }) => calls.floor(query.minutes),
    adminUsers: async ({ principal }) => viewedByAdmin(audit, principal, 'admin.users', await people.list()),
    adminCreateUser: ({ principal, body }) => people.create(principal, body),
    adminSetRoles: ({ principal, params, body }) => people.setRoles(principal, params.userId, body),
    adminDisableUser: ({ principal, params, body }) => people.change(principal, params.userId, 'disable', body.reason),
    adminEnableUser: ({ principal, params, body }) => people.change(principal, params.userId, 'enable', body.reason),
    adminUnlockUser: ({ principal, params, body }) => people.change(principal, params.userId, 'unlock', body.reason),
    adminResetMfa: ({ principal, params, body }) => people.resetMfa(principal, params.userId, body.reason),
    adminResetPassword: ({ principal, params, body }) => people.resetPassword(principal, params.userId, body.reason),
    adminApprovals: async ({ principal }) => viewedByAdmin(audit, principal, 'admin.approvals', await approvals.list()),
    adminRequestApproval: ({ principal, body }) => approvals.request(principal, body),
    adminApprove: ({ principal, params, body }) => approvals.approve(principal, params.approvalId, body.reason),
    adminRejectApproval: ({ principal, params, body }) => approvals.reject(principal, params.approvalId, body.reason),
    adminAccessReview: async ({ principal, query, reply }) => {
      const review = await accessReviews.review(principal, query.format);
      if (query.format === 'json') return review;
      await reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="access-review-${review.generatedAt.slice(0, 10)}.csv"`)
        .send(accessReviewCsv(review));
      return ALREADY_SENT;
    },
    storedReportPdf: async ({ principal, params }) => {
      const stored = await regularReports.read(principal, params.reportId, 'pdf');
      return { reportId: stored.reportId, fileName: `${stored.reportId}.pdf`, pdfBase64: (await storedReportPdf(stored)).toString('base64') };
    },
    adminEvidencePack: async ({ principal, query, reply }) => {
      const { format, ...range } = query;
      const pack = await evidencePacks.build(principal, range);
      if (format === 'json') return pack.manifest;
      // For the desk, whose answers are JSON: the zip inline.
      if (format === 'inline') return { ...pack.manifest, zipBase64: Buffer.from(pack.zip).toString('base64') };
      await reply
        .type('application/zip')
        .header('content-disposition', `attachment; filename="evidence-${range.from}-${range.to}.zip"`)
        .send(Buffer.from(pack.zip));
      return ALREADY_SENT;
    },
    adminSignOffReview: ({ principal, body }) => accessReviews.signOff(principal, body),
    adminAlerts: async ({ principal }) => viewedByAdmin(audit, principal, 'admin.alerts', (await alerts.list('all')).filter((alert) => isAdminAlert(alert.kind))),
    adminAckAlert: async ({ principal, params, body }) => {
      // An admin acknowledges only the admin kinds: the supervisors' alerts stay theirs.
      const alert = await store.alerts.find(params.alertId);
      if (alert === null || !isAdminAlert(alert.kind)) throw new GatewayError('not_found', 'No such admin alert');
      return alerts.acknowledge(principal, params.alertId, body.note);
    },
    adminServiceAccounts: async ({ principal }) => viewedByAdmin(audit, principal, 'admin.service_accounts', await serviceAccounts.list()),
    adminCreateServiceAccount: ({ principal, body }) => serviceAccounts.create(principal, body),
    adminRevokeServiceAccount: ({ principal, params, body }) => serviceAccounts.revoke(principal, params.accountId, body.reason),
    adminUpdateContactCenter: ({ principal, params, body }) => serviceAccounts.updateContactCenter(principal, params.accountId, body),
    // Signed files byte for byte, as a Buffer or stream: the string-only PAN redaction of answers must never rewrite a signature or hash.
    updateMetadata: async ({ params, reply }) => {
      await reply.type('application/json').send(updateRepository.metadata(params.file));
      return ALREADY_SENT;
    },
    updateTarget: async ({ params, reply }) => {
      const { stream, length } = updateRepository.target(params.file);
      await reply.type('application/octet-stream').header('content-length', length).send(stream);
      return ALREADY_SENT;
    },
    updateCheck: ({ principal, query }) => updates.check(principal, query.version),
    adminReleases: async ({ principal }) => viewedByAdmin(audit, principal, 'admin.releases', await updates.releases()),
    adminRollout: ({ principal, params, body }) => updates.rollout(principal, params.version, body),
    adminReleaseAction: ({ principal, params, body }) => updates.act(principal, params.version, body),
    adminDeviceRing: ({ principal, params, body }) => updates.setRing(principal, params.deviceId, body),
    adminPatchReport: async ({ principal, query, reply }) => {
      const report = await updates.report();
      await viewedByAdmin(audit, principal, 'admin.patch_report', report.devices);
      if (query.format === 'json') return report;
      await reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="patch-report-${report.generatedAt.slice(0, 10)}.csv"`)
        .send(patchReportCsv(report));
      return ALREADY_SENT;
    },
    adminTeams: async ({ principal }) => viewedByAdmin(audit, principal, 'admin.teams', await teams.list()),
    adminCreateTeam: ({ principal, body }) => teams.create(principal, body),
    adminAssignTeamMember: ({ principal, params, body }) => teams.assign(principal, params.teamId, body),
    teams: () => teams.list(),
    reviewDays: ({ principal, query }) => reviewQueue.days(principal, query),
    reviewSignOff: ({ principal, params, body }) => reviewQueue.signOff(principal, params.day, body),
    incidents: ({ query }) => incidents.list(query.status),
    closeIncident: ({ principal, params, body }) => incidents.close(principal, params.incidentId, body),
    upsertRecord: ({ principal, body }) => records.upsertOne(principal, body),
    upsertRecords: ({ principal, body }) => records.upsertMany(principal, body),
    receiveWebhook: ({ params, body, request }) => {
      const header = (name: string): string | undefined => {
        const value = request.headers[name];
        return typeof value === 'string' ? value : undefined;
      };
      return webhooks.receive({ source: params.source, timestamp: header(TIMESTAMP_HEADER), signature: header(SIGNATURE_HEADER), rawBody: rawBodyOf(request), payload: body });
    },
    trainingOverview: ({ principal }) => training.overview(principal),
    trainingAcknowledge: ({ principal, body }) => training.acknowledge(principal, body.version),
    trainingSubmitQuiz: ({ principal, body }) => training.submitQuiz(principal, body),
    adminPublishPolicy: ({ principal, body }) => training.publishPolicy(principal, body),
    adminPublishModule: ({ principal, body }) => training.publishModule(principal, body),
    adminTrainingReport: ({ principal, query }) => training.report(principal, query.only),
    wrapupOptions: () => wrapup.options(),
    recordWrapup: ({ principal, params, body }) => wrapup.record(principal, params.customerId, body),
    wrapupReport: ({ query }) => wrapup.report(query),
    adminWrapupCodes: () => wrapup.codes(),
    adminCreateWrapupCode: ({ principal, body }) => wrapup.createCode(principal, body),
    adminRetireWrapupCode: ({ principal, params }) => wrapup.retireCode(principal, params.code),
    adminNoteTemplates: () => wrapup.templates(),
    adminCreateNoteTemplate: ({ principal, body }) => wrapup.createTemplate(principal, body),
    adminRetireNoteTemplate: ({ principal, params }) => wrapup.retireTemplate(principal, params.templateId),
  };
}

/** Binds every route of shared/api.ts to its service, and SCIM's routes at /scim/v2/ (scim-routes.ts: SCIM's own wire). */
export function bindGatewayRoutes(app: FastifyInstance, s: RouteServices): void {
  registerScimRoutes(app, {
    users: s.scimUsers,
    groups: s.scimGroups,
    serviceAccounts: s.serviceAccounts,
    audit: s.audit,
    bodyBytes: s.config.limits.bodyBytes,
    requestsPerMinutePerIp: s.config.scim.requestsPerMinutePerIp,
  });
  const { config, auth, ingest, audit, serviceAccounts } = s;
  // Audit batches are charged to their desk's quota before their body is read (the handler authenticates again, as for every route).
  app.addHook('preParsing', async (request) => {
    if (request.routeOptions.url !== routes.auditBatches.path) return;
    const principal = await principalOf(request, { authenticate: (token) => auth.authenticate(token) });
    const declared = Number(request.headers['content-length']);
    if (principal !== null) await ingest.admit(principal, Number.isSafeInteger(declared) && declared > 0 ? declared : config.limits.auditBatchBytes);
  });
  // A webhook's signature covers its bytes as sent.
  captureRawBody(app, routes.receiveWebhook.path, config.limits.bodyBytes);
  const authRateLimit = { rateLimit: { max: config.authRateLimitPerMinute, timeWindow: '1 minute' } };
  bindRoutes(app, routes, routeHandlers(s), {
    authenticate: (token) => auth.authenticate(token),
    authenticateSource: (token) => serviceAccounts.authenticate(token),
    gates: [
      // PCI DSS 12.6: customer data waits until the person's security policy and training are current.
      (principal, route) => (reachesCustomerData(route.access) ? s.training.requireCurrent(principal) : Promise.resolve()),
      // A desk below the minimum version past its grace period reads no customer data (issue 28).
      (principal, route) => s.updates.gate(principal, route.access),
    ],
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
      upsertRecords: { bodyLimit: config.limits.recordBatchBytes },
      receiveWebhook: { config: { rateLimit: { max: config.limits.webhooksPerMinutePerIp, timeWindow: '1 minute' } } },
      // Public like the device heartbeat: each costs a device lookup and a signature check before anything is stored.
      revokedDeviceAuditBatches: {
        bodyLimit: config.limits.auditBatchBytes,
        config: { rateLimit: { max: config.presence.deviceHeartbeatsPerMinutePerIp, timeWindow: '1 minute' } },
      },
      // Public: each costs a device lookup and a signature check, so a flood from one address is cut off.
      deviceHeartbeat: { config: { rateLimit: { max: config.presence.deviceHeartbeatsPerMinutePerIp, timeWindow: '1 minute' } } },
      // Public but signed: a flood of unsigned bodies from one address is cut off before each is read and checked.
      contactEvents: { config: { rateLimit: { max: config.contactCenter.eventsPerMinutePerIp, timeWindow: '1 minute' } } },
    },
  });
}
