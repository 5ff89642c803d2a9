// The gateway's HTTP API, declared once: the server registers its routes from
// this table (and generates OpenAPI from it), and main's ApiClient validates
// every answer with the same schemas.
import {
  CompletePrivacyRequestSchema,
  ExtendPrivacyRequestSchema,
  LegalHoldParamsSchema,
  LegalHoldSchema,
  OpenPrivacyRequestSchema,
  PlaceLegalHoldSchema,
  PrivacyExportSchema,
  PrivacyRequestListSchema,
  PrivacyRequestParamsSchema,
  PrivacyRequestSchema,
  ReleaseLegalHoldSchema,
} from './schemas/privacy.ts';
import { CheckpointAnswerSchema, ConsistencyQuerySchema, CosignaturesQuerySchema, CosignRequestSchema, LogKeyAnswerSchema, LogReceiptSchema, LogViewSchema } from './schemas/transparency.ts';
import { ConsistencyProofSchema, TreeSizeSchema } from './transparency/proof-schemas.ts';
import { z } from 'zod';
import { AuditEventSchema } from './audit.ts';
import { MAX_SEQ, SeqSchema, Sha256HexSchema } from './audit-chain.ts';
import { canonicalJson } from './canonical-json.ts';
import { containsPan } from './pan.ts';
import type { AccessRule } from './roles.ts';
import { panFreeText, TimestampSchema } from './schemas/common.ts';
import {
  AddNoteRequestSchema,
  CustomerDetailSchema,
  CustomerIdSchema,
  CustomerRevisionAnswerSchema,
  ExtendSubscriptionRequestSchema,
  LookupRequestSchema,
  LookupResultSchema,
  NoteSchema,
  SubscriptionSchema,
} from './schemas/customer.ts';
import {
  AccessReviewQuerySchema,
  AccessReviewSchema,
  AccessReviewSignOffSchema,
  CreateUserRequestSchema,
  DeviceParamsSchema,
  EnrolmentGrantSchema,
  EnrolmentGrantViewSchema,
  GrantParamsSchema,
  EnrolmentPresentationSchema,
  IssueEnrolmentRequestSchema,
  ManagedDeviceSchema,
  ManagedUserSchema,
  MfaResetGrantSchema,
  MfaStartRequestSchema,
  OneTimePasswordGrantSchema,
  ReasonRequestSchema,
  SetRolesRequestSchema,
  SignOffRequestSchema,
  UserParamsSchema,
} from './schemas/admin.ts';
import {
  CallFloorQuerySchema,
  CallFloorSchema,
  ContactEventAckSchema,
  ContactPayloadSchema,
  CurrentCallSchema,
} from './schemas/calls.ts';
import { AdminApprovalSchema, ApprovalParamsSchema, ApprovalRequestSchema, ApprovedChangeSchema } from './schemas/admin-approvals.ts';
import { FloorReportQuerySchema, FloorReportSchema } from './schemas/floor.ts';
import {
  CreateNoteTemplateRequestSchema,
  CreateWrapupCodeRequestSchema,
  NoteTemplateParamsSchema,
  NoteTemplateSchema,
  RecordWrapupRequestSchema,
  WrapupCodeParamsSchema,
  WrapupCodeSchema,
  WrapupOptionsSchema,
  WrapupReportQuerySchema,
  WrapupReportSchema,
  WrapupSchema,
} from './schemas/wrapup.ts';
import {
  AcknowledgePolicyRequestSchema,
  PolicySchema,
  PublishModuleRequestSchema,
  PublishPolicyRequestSchema,
  QuizResultSchema,
  SubmitQuizRequestSchema,
  TrainingModuleSchema,
  TrainingOverviewSchema,
  TrainingReportQuerySchema,
  TrainingReportSchema,
  TrainingStatusSchema,
} from './schemas/training.ts';
import {
  DeviceRingRequestSchema,
  ReleaseActionRequestSchema,
  ReleaseParamsSchema,
  PatchReportQuerySchema,
  PatchReportSchema,
  ReleaseSchema,
  RolloutRequestSchema,
  UpdateCheckQuerySchema,
  UpdateOfferSchema,
} from './schemas/updates.ts';
import { CloseIncidentRequestSchema, IncidentListQuerySchema, IncidentParamsSchema, IncidentSchema, KeychainStateSchema } from './schemas/incidents.ts';
import { ReviewDayParamsSchema, ReviewDaySchema, ReviewRangeQuerySchema, ReviewSignOffRequestSchema } from './schemas/review.ts';
import { EvidencePackAnswerSchema, EvidencePackQuerySchema } from './schemas/evidence.ts';
import {
  StoredReportParamsSchema,
  StoredReportPdfSchema,
  StoredReportQuerySchema,
  StoredReportSchema,
  StoredReportsQuerySchema,
  StoredReportSummarySchema,
} from './schemas/regular-reports.ts';
import { AssignTeamMemberRequestSchema, CreateTeamRequestSchema, TeamParamsSchema, TeamSchema } from './schemas/teams.ts';
import { PkceVerifierSchema, SsoProviderIdSchema, SsoProviderSchema, SsoRandomSchema, SsoStartSchema } from './schemas/sso.ts';
import { RecordBatchResultSchema, RecordWrittenSchema, UpsertRecordRequestSchema, UpsertRecordsRequestSchema } from './schemas/records.ts';
import {
  ContactEventParamsSchema,
  CreateServiceAccountRequestSchema,
  ServiceAccountGrantSchema,
  ServiceAccountParamsSchema,
  ServiceAccountSchema,
  SourceNameSchema,
  UpdateContactCenterRequestSchema,
} from './schemas/service-accounts.ts';
import {
  ChangePasswordRequestSchema,
  LoginRequestSchema,
  MfaConfirmRequestSchema,
  MfaEnrolmentSchema,
  OneTimeCodeSchema,
  UnlockRequestSchema,
  UserViewSchema,
} from './schemas/session.ts';
import {
  AckAlertRequestSchema,
  ActivityReportRouteQuerySchema,
  ActivityReportSchema,
  AgentPresenceSchema,
  AlertListQuerySchema,
  AlertSchema,
  AuditSearchQuerySchema,
  AuditSearchResultSchema,
  CaptureProtectionSchema,
  StoredAuditEventSchema,
} from './schemas/supervision.ts';

export const DeviceIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, { error: 'deviceId: 8-64 of A-Z a-z 0-9 _ -' })
  .refine((id) => !containsPan(id), { error: 'deviceId looks like a card number' });
/** Ed25519 public key, raw 32 bytes, base64url without padding. */
export const Ed25519PublicKeySchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, { error: 'expected a base64url Ed25519 public key' });
export const Ed25519SignatureSchema = z.string().regex(/^[A-Za-z0-9_-]{86}$/, { error: 'expected a base64url Ed25519 signature' });

export const DeviceInfoSchema = z.object({
  deviceId: DeviceIdSchema,
  publicKey: Ed25519PublicKeySchema,
  appVersion: panFreeText('appVersion', 1, 64),
});

/** A single-use nonce from /v1/auth/challenge, 32 random bytes base64url. */
export const ChallengeNonceSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, { error: 'expected a challenge nonce from /v1/auth/challenge' });
export const ChallengeRequestSchema = z.object({ deviceId: DeviceIdSchema });
export const ChallengeSchema = z.object({ nonce: ChallengeNonceSchema, expiresAt: TimestampSchema });
/** Proof of possession of the device key: its signature over loginProofMessage (shared/device-proof.ts). */
export const DeviceProofSchema = z.object({ nonce: ChallengeNonceSchema, signature: Ed25519SignatureSchema });

/**
 * `enrolment`: what an unknown desk presents to be enrolled (an admin's code, or the
 * policy token of a managed build); the proof signs over it. A known desk's is ignored.
 */
export const ApiLoginRequestSchema = LoginRequestSchema.extend({
  device: DeviceInfoSchema,
  proof: DeviceProofSchema,
  enrolment: EnrolmentPresentationSchema.optional(),
});
/** `redirectUri` is checked by the gateway (and a refusal audited), so any short text passes here. */
export const SsoStartRequestSchema = z.object({
  deviceId: DeviceIdSchema,
  provider: SsoProviderIdSchema.optional(),
  redirectUri: z.string().min(1).max(200),
});
export type SsoStartRequest = z.infer<typeof SsoStartRequestSchema>;
/**
 * The desk hands over what the provider's redirect brought back (code, state, and `iss` where the provider sends it,
 * RFC 9207), its PKCE verifier and the redirect it used, with its device proof over ssoProofMessage.
 * `otp`: the gateway's one-time code, for an account whose provider sign-in did not show MFA the policy accepts.
 */
export const SsoRedeemRequestSchema = z.object({
  state: SsoRandomSchema,
  code: z.string().min(1).max(2048),
  iss: z.string().min(1).max(500).optional(),
  codeVerifier: PkceVerifierSchema,
  redirectUri: z.string().min(1).max(200),
  otp: OneTimeCodeSchema.optional(),
  device: DeviceInfoSchema,
  proof: DeviceProofSchema,
  enrolment: EnrolmentPresentationSchema.optional(),
});
export type SsoRedeemRequest = z.infer<typeof SsoRedeemRequestSchema>;
export const SsoProvidersSchema = z.object({ providers: z.array(SsoProviderSchema).max(8) });
export const TokenPairSchema = z.object({
  accessToken: z.string().min(16).max(4096),
  accessTokenExpiresAt: TimestampSchema,
  refreshToken: z.string().min(16).max(512),
  refreshTokenExpiresAt: TimestampSchema,
});
export type TokenPair = z.infer<typeof TokenPairSchema>;
export const SessionGrantSchema = z.object({ tokens: TokenPairSchema, user: UserViewSchema });
export type SessionGrant = z.infer<typeof SessionGrantSchema>;
const RefreshTokenSchema = z.string().min(16).max(512);
/** `signature`: the device key over sessionProofMessage('refresh', ...): the refresh token alone is not enough. */
export const RefreshRequestSchema = z.object({ refreshToken: RefreshTokenSchema, deviceId: DeviceIdSchema, signature: Ed25519SignatureSchema });
/**
 * Unlock: main dropped the access token when it locked, so the proof is the
 * refresh token from the keychain, signed by the device key (sessionProofMessage('reauth', ...)),
 * plus the password (and code where required).
 */
export const ReauthRequestSchema = UnlockRequestSchema.extend({ refreshToken: RefreshTokenSchema, deviceId: DeviceIdSchema, signature: Ed25519SignatureSchema });
/** Possession of the refresh token is enough to end its session, also from the lock screen. */
export const LogoutRequestSchema = z.object({ refreshToken: RefreshTokenSchema });
export const NoContentSchema = z.object({}).strict();

export const CustomerParamsSchema = z.object({ customerId: CustomerIdSchema });
export const SubscriptionParamsSchema = z.object({
  customerId: CustomerIdSchema,
  subscriptionId: ExtendSubscriptionRequestSchema.shape.subscriptionId,
});
export const AlertParamsSchema = z.object({ alertId: AckAlertRequestSchema.shape.alertId });

export const AUDIT_BATCH_MAX_EVENTS = 500;
export const AuditBatchEntrySchema = z.object({
  seq: SeqSchema,
  prevHash: Sha256HexSchema,
  hash: Sha256HexSchema,
  event: AuditEventSchema,
});
export type AuditBatchEntry = z.infer<typeof AuditBatchEntrySchema>;
export const AuditBatchSchema = z
  .object({
    deviceId: DeviceIdSchema,
    /** Idempotency key: a replay of the same batch gets the same ack. */
    batchId: z.uuid(),
    entries: z.array(AuditBatchEntrySchema).min(1).max(AUDIT_BATCH_MAX_EVENTS),
    /** Ed25519 over batchSigningMessage(head); head = the last entry. */
    signature: Ed25519SignatureSchema,
  })
  .refine((b) => b.entries.every((e, i) => i === 0 || e.seq === (b.entries[i - 1]?.seq ?? 0) + 1), {
    error: 'entries must have consecutive sequence numbers',
    path: ['entries'],
  });
export type AuditBatch = z.infer<typeof AuditBatchSchema>;
export const AuditAckSchema = z.object({
  batchId: z.uuid(),
  ackedThroughSeq: z.number().int().nonnegative(),
  /** The transparency log's receipt for the batch's last entry: a desk that pins the log key verifies it before marking the batch synced. */
  receipt: LogReceiptSchema.optional(),
});
export type AuditAck = z.infer<typeof AuditAckSchema>;
/** The 409 body: why the server refused the chain. Sync halts on it. */
export const AUDIT_REJECT_REASONS = ['gap', 'hash_mismatch', 'bad_signature', 'unknown_device', 'prev_hash_mismatch'] as const;
export const AuditRejectSchema = z.object({
  error: z.object({ code: z.literal('conflict'), message: z.string().max(500) }),
  reason: z.enum(AUDIT_REJECT_REASONS),
  expectedSeq: z.number().int().nonnegative(),
});

/** The desk's audit queue head: seq 0 and the genesis hash while the queue is empty. */
export const QueueHeadSchema = z.object({ seq: z.number().int().min(0).max(MAX_SEQ), hash: Sha256HexSchema });
export type QueueHead = z.infer<typeof QueueHeadSchema>;
export const INTEGRITY_REASON_MAX = 200;
/** What the desk's own verification of its trail found when it opened the queue. */
export const QueueIntegritySchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('ok') }),
  z.object({ status: z.literal('failed'), reason: panFreeText('integrity reason', 1, INTEGRITY_REASON_MAX), at: z.number().int().nonnegative() }),
]);
export type QueueIntegrity = z.infer<typeof QueueIntegritySchema>;

export const HeartbeatBodySchema = z.object({
  deviceId: DeviceIdSchema,
  state: z.enum(['active', 'idle', 'locked']),
  captureProtection: CaptureProtectionSchema,
  queueDepth: z.number().int().nonnegative().max(100_000_000),
  oldestUnsyncedAgeMs: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).nullable(),
  appVersion: panFreeText('appVersion', 1, 64),
  queueHead: QueueHeadSchema,
  /** The desk's sync cursor: it can never be ahead of what the gateway stored. */
  syncedThroughSeq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  integrity: QueueIntegritySchema,
  /** The tree size of the last transparency log checkpoint the desk verified: the ack proves the newest one consistent with it. */
  logSize: TreeSizeSchema.optional(),
  /** Whether the desk's last use of the OS keychain worked (issue 26's control report); absent from older desks. */
  keychain: KeychainStateSchema.optional(),
  /** When the desk signed it: the gateway refuses stale and replayed heartbeats. */
  sentAt: TimestampSchema,
});
export const HeartbeatSchema = HeartbeatBodySchema.extend({
  /** Ed25519 by the device key over heartbeatSigningMessage(every other field). */
  signature: Ed25519SignatureSchema,
});
export type Heartbeat = z.infer<typeof HeartbeatSchema>;
export type HeartbeatBody = z.infer<typeof HeartbeatBodySchema>;

/** What the device key signs for a heartbeat: every field, canonical, so none can be changed in transit. */
export function heartbeatSigningMessage(body: HeartbeatBody): string {
  return `sentinel-heartbeat-v1\n${canonicalJson(body)}`;
}
export const HeartbeatAckSchema = z.object({
  serverTime: TimestampSchema,
  nextHeartbeatSeconds: z.number().int().positive(),
  /** The newest transparency log checkpoint, with a consistency proof from the heartbeat's logSize. */
  log: LogViewSchema.optional(),
});


/** A held session watch that ran its hold time: the session is live, and the desk opens the next watch. */
export const SessionWatchAnswerSchema = z.object({ status: z.literal('held') });

/** Server-sent events on /v1/supervisor/stream: the SSE `event:` field is `type`. */
export const SupervisorStreamEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('presence'), data: AgentPresenceSchema }),
  z.object({ type: z.literal('audit'), data: StoredAuditEventSchema }),
  z.object({ type: z.literal('alert'), data: AlertSchema }),
]);
export type SupervisorStreamEvent = z.infer<typeof SupervisorStreamEventSchema>;

export const HealthSchema = z.object({ status: z.literal('ok'), version: z.string(), time: TimestampSchema });

/**
 * Who may call a route: a person's rule (shared/roles.ts), or `source`: a system of record's service-account
 * token, which no person's session reaches (and no desk channel forwards to).
 */
export type RouteAccess = AccessRule | 'source';

export interface RouteSpec {
  readonly method: 'GET' | 'POST';
  /** Fastify-style path with `:param` segments. */
  readonly path: `/${string}`;
  readonly access: RouteAccess;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /** The 2xx body; `text/event-stream` and CSV routes describe their JSON form. */
  readonly response: z.ZodType;
}

function defineRoutes<const T extends Record<string, RouteSpec>>(table: T): Readonly<T> {
  return Object.freeze(table);
}

export const routes = defineRoutes({
  health: { method: 'GET', path: '/health', access: 'public', response: HealthSchema },
  challenge: { method: 'POST', path: '/v1/auth/challenge', access: 'public', body: ChallengeRequestSchema, response: ChallengeSchema },
  login: { method: 'POST', path: '/v1/auth/login', access: 'public', body: ApiLoginRequestSchema, response: SessionGrantSchema },
  refresh: { method: 'POST', path: '/v1/auth/refresh', access: 'public', body: RefreshRequestSchema, response: SessionGrantSchema },
  reauth: { method: 'POST', path: '/v1/auth/reauth', access: 'public', body: ReauthRequestSchema, response: SessionGrantSchema },
  logout: { method: 'POST', path: '/v1/auth/logout', access: 'public', body: LogoutRequestSchema, response: NoContentSchema },
  // Single sign-on (OpenID Connect): the providers offered, the state and nonce of one attempt, and the redemption.
  ssoProviders: { method: 'GET', path: '/v1/auth/sso/providers', access: 'public', response: SsoProvidersSchema },
  ssoStart: { method: 'POST', path: '/v1/auth/sso/start', access: 'public', body: SsoStartRequestSchema, response: SsoStartSchema },
  ssoRedeem: { method: 'POST', path: '/v1/auth/sso/redeem', access: 'public', body: SsoRedeemRequestSchema, response: SessionGrantSchema },
  // Account setup: the only routes a session with pending setup steps reaches (first sign-in: new password, then MFA).
  changePassword: { method: 'POST', path: '/v1/account/password', access: 'account', body: ChangePasswordRequestSchema, response: SessionGrantSchema },
  startMfa: { method: 'POST', path: '/v1/account/mfa/start', access: 'account', body: MfaStartRequestSchema, response: MfaEnrolmentSchema },
  confirmMfa: { method: 'POST', path: '/v1/account/mfa/confirm', access: 'account', body: MfaConfirmRequestSchema, response: SessionGrantSchema },
  lookup: {
    method: 'POST',
    path: '/v1/customers/lookup',
    access: 'customers.lookup',
    body: LookupRequestSchema,
    response: LookupResultSchema,
  },
  customer: {
    method: 'GET',
    path: '/v1/customers/:customerId',
    access: 'customers.read',
    params: CustomerParamsSchema,
    response: CustomerDetailSchema,
  },
  /**
   * The revision of a customer this user was shown (the gateway's own successful customer.view) within the last
   * hours: what a desk polls while the customer is open. Cheap, unaudited and uncapped, since it tells nothing but
   * "changed"; any other customer is refused alike whether it exists or not.
   */
  customerRevision: {
    method: 'GET',
    path: '/v1/customers/:customerId/revision',
    access: 'customers.read',
    params: CustomerParamsSchema,
    response: CustomerRevisionAnswerSchema,
  },
  addNote: {
    method: 'POST',
    path: '/v1/customers/:customerId/notes',
    access: 'notes.write',
    params: CustomerParamsSchema,
    body: AddNoteRequestSchema.pick({ text: true }),
    response: NoteSchema,
  },
  extendSubscription: {
    method: 'POST',
    path: '/v1/customers/:customerId/subscriptions/:subscriptionId/extend',
    access: 'subscriptions.extend',
    params: SubscriptionParamsSchema,
    body: ExtendSubscriptionRequestSchema.pick({ days: true, reason: true }),
    response: SubscriptionSchema,
  },
  /** Data-subject requests (issue 27): an agent opens one for the customer on the call; the privacy officer works it. */
  openPrivacyRequest: { method: 'POST', path: '/v1/privacy/requests', access: 'privacy.open', body: OpenPrivacyRequestSchema, response: PrivacyRequestSchema },
  privacyRequests: { method: 'GET', path: '/v1/privacy/requests', access: 'privacy.manage', response: PrivacyRequestListSchema },
  extendPrivacyRequest: {
    method: 'POST',
    path: '/v1/privacy/requests/:requestId/extend',
    access: 'privacy.manage',
    params: PrivacyRequestParamsSchema,
    body: ExtendPrivacyRequestSchema,
    response: PrivacyRequestSchema,
  },
  /** Completing an erasure request erases the customer (crypto-shredding) in the same transaction; a legal hold refuses it (409 on_hold). */
  completePrivacyRequest: {
    method: 'POST',
    path: '/v1/privacy/requests/:requestId/complete',
    access: 'privacy.manage',
    params: PrivacyRequestParamsSchema,
    body: CompletePrivacyRequestSchema,
    response: PrivacyRequestSchema,
  },
  /** Everything held about the request's customer, as JSON and as HTML, built from the declared data map. */
  exportPrivacyRequest: {
    method: 'GET',
    path: '/v1/privacy/requests/:requestId/export',
    access: 'privacy.manage',
    params: PrivacyRequestParamsSchema,
    response: PrivacyExportSchema,
  },
  placeLegalHold: { method: 'POST', path: '/v1/privacy/holds', access: 'privacy.manage', body: PlaceLegalHoldSchema, response: LegalHoldSchema },
  releaseLegalHold: {
    method: 'POST',
    path: '/v1/privacy/holds/:holdId/release',
    access: 'privacy.manage',
    params: LegalHoldParamsSchema,
    body: ReleaseLegalHoldSchema,
    response: LegalHoldSchema,
  },
  auditBatches: { method: 'POST', path: '/v1/audit/batches', access: 'session', body: AuditBatchSchema, response: AuditAckSchema },
  /**
   * A revoked desk has no session, yet its trail is evidence: its batches are proven by the device
   * key alone (every batch is signed by it), stored and flagged. Refused for a device that is not revoked.
   */
  revokedDeviceAuditBatches: {
    method: 'POST',
    path: '/v1/audit/revoked-device-batches',
    access: 'public',
    body: AuditBatchSchema,
    response: AuditAckSchema,
  },
  heartbeat: { method: 'POST', path: '/v1/presence/heartbeat', access: 'session', body: HeartbeatSchema, response: HeartbeatAckSchema },
  /** A locked desk has no access token: its heartbeat is proven by the device key alone, for the device's live session. */
  deviceHeartbeat: { method: 'POST', path: '/v1/presence/device-heartbeat', access: 'public', body: HeartbeatSchema, response: HeartbeatAckSchema },
  /**
   * Held by the gateway up to its hold time, then 200; 401 the moment the session ends on any instance (sign-out,
   * revocation, a disabled or deactivated account); 429 past the few watches a session may hold at once.
   */
  sessionWatch: { method: 'GET', path: '/v1/session/watch', access: 'session', response: SessionWatchAnswerSchema },
  agents: { method: 'GET', path: '/v1/supervisor/agents', access: 'supervisor.monitor', response: z.array(AgentPresenceSchema) },
  auditSearch: {
    method: 'GET',
    path: '/v1/supervisor/audit',
    access: 'supervisor.auditRead',
    query: AuditSearchQuerySchema,
    response: AuditSearchResultSchema,
  },
  alerts: { method: 'GET', path: '/v1/supervisor/alerts', access: 'supervisor.monitor', query: AlertListQuerySchema, response: z.array(AlertSchema) },
  ackAlert: {
    method: 'POST',
    path: '/v1/supervisor/alerts/:alertId/ack',
    access: 'supervisor.alertsAck',
    params: AlertParamsSchema,
    body: AckAlertRequestSchema.pick({ note: true }),
    response: AlertSchema,
  },
  activityReport: {
    method: 'GET',
    path: '/v1/supervisor/reports/activity',
    access: 'supervisor.reports',
    query: ActivityReportRouteQuerySchema,
    response: ActivityReportSchema,
  },
  floorReport: {
    method: 'GET',
    path: '/v1/supervisor/reports/floor',
    access: 'supervisor.reports',
    query: FloorReportQuerySchema,
    response: FloorReportSchema,
  },
  /** The scheduled reports (daily, weekly, monthly) the gateway stored, newest first. */
  storedReports: {
    method: 'GET',
    path: '/v1/supervisor/reports/stored',
    access: 'supervisor.reports',
    query: StoredReportsQuerySchema,
    response: z.array(StoredReportSummarySchema),
  },
  /** One stored report with its integrity check; `format=csv` or `pdf` answers that file instead. */
  storedReport: {
    method: 'GET',
    path: '/v1/supervisor/reports/stored/:reportId',
    access: 'supervisor.reports',
    params: StoredReportParamsSchema,
    query: StoredReportQuerySchema,
    response: StoredReportSchema,
  },
  /** A stored report's PDF as JSON (base64), for the desk. */
  storedReportPdf: {
    method: 'GET',
    path: '/v1/supervisor/reports/stored/:reportId/pdf',
    access: 'supervisor.reports',
    params: StoredReportParamsSchema,
    response: StoredReportPdfSchema,
  },
  supervisorStream: {
    method: 'GET',
    path: '/v1/supervisor/stream',
    access: 'supervisor.monitor',
    response: SupervisorStreamEventSchema,
  },
  // Calls: the contact-center platform's events, the pop on the agent's desk, the supervisor's view.
  /**
   * Public, but signed: `:source` names the platform's service account (scope `contact_event`), whose webhook
   * secret (Twilio: its auth token) signs each body (server/calls/contact-signature.ts).
   */
  contactEvents: {
    method: 'POST',
    path: '/v1/contact-center/:source/events',
    access: 'public',
    params: ContactEventParamsSchema,
    body: ContactPayloadSchema,
    response: ContactEventAckSchema,
  },
  /** The call now on this agent's desk, with the customers its number matches; only ever the caller's own. */
  currentCall: { method: 'GET', path: '/v1/calls/current', access: 'customers.lookup', response: CurrentCallSchema },
  callFloor: { method: 'GET', path: '/v1/supervisor/calls', access: 'supervisor.monitor', query: CallFloorQuerySchema, response: CallFloorSchema },
  // Administration: people
  adminUsers: { method: 'GET', path: '/v1/admin/users', access: 'admin.users', response: z.array(ManagedUserSchema) },
  adminCreateUser: { method: 'POST', path: '/v1/admin/users', access: 'admin.users', body: CreateUserRequestSchema, response: OneTimePasswordGrantSchema },
  adminSetRoles: {
    method: 'POST',
    path: '/v1/admin/users/:userId/roles',
    access: 'admin.users',
    params: UserParamsSchema,
    body: SetRolesRequestSchema,
    response: ManagedUserSchema,
  },
  adminDisableUser: { method: 'POST', path: '/v1/admin/users/:userId/disable', access: 'admin.users', params: UserParamsSchema, body: ReasonRequestSchema, response: ManagedUserSchema },
  adminEnableUser: { method: 'POST', path: '/v1/admin/users/:userId/enable', access: 'admin.users', params: UserParamsSchema, body: ReasonRequestSchema, response: ManagedUserSchema },
  adminUnlockUser: { method: 'POST', path: '/v1/admin/users/:userId/unlock', access: 'admin.users', params: UserParamsSchema, body: ReasonRequestSchema, response: ManagedUserSchema },
  adminResetMfa: { method: 'POST', path: '/v1/admin/users/:userId/reset-mfa', access: 'admin.users', params: UserParamsSchema, body: ReasonRequestSchema, response: MfaResetGrantSchema },
  adminResetPassword: {
    method: 'POST',
    path: '/v1/admin/users/:userId/reset-password',
    access: 'admin.users',
    params: UserParamsSchema,
    body: ReasonRequestSchema,
    response: OneTimePasswordGrantSchema,
  },
  adminAccessReview: { method: 'GET', path: '/v1/admin/access-review', access: 'admin.review', query: AccessReviewQuerySchema, response: AccessReviewSchema },
  adminSignOffReview: {
    method: 'POST',
    path: '/v1/admin/access-review/sign-off',
    access: 'admin.review',
    body: SignOffRequestSchema,
    response: AccessReviewSignOffSchema,
  },
  adminAlerts: { method: 'GET', path: '/v1/admin/alerts', access: 'admin.users', response: z.array(AlertSchema) },
  adminAckAlert: {
    method: 'POST',
    path: '/v1/admin/alerts/:alertId/ack',
    access: 'admin.users',
    params: AlertParamsSchema,
    body: AckAlertRequestSchema.pick({ note: true }),
    response: AlertSchema,
  },
  // Administration: changes that need a second admin (shared/second-admin.ts)
  adminApprovals: { method: 'GET', path: '/v1/admin/approvals', access: 'admin.users', response: z.array(AdminApprovalSchema) },
  adminRequestApproval: { method: 'POST', path: '/v1/admin/approvals', access: 'admin.users', body: ApprovalRequestSchema, response: AdminApprovalSchema },
  adminApprove: {
    method: 'POST',
    path: '/v1/admin/approvals/:approvalId/approve',
    access: 'admin.users',
    params: ApprovalParamsSchema,
    body: ReasonRequestSchema,
    response: ApprovedChangeSchema,
  },
  adminRejectApproval: {
    method: 'POST',
    path: '/v1/admin/approvals/:approvalId/reject',
    access: 'admin.users',
    params: ApprovalParamsSchema,
    body: ReasonRequestSchema,
    response: AdminApprovalSchema,
  },
  /** The assessor's evidence pack for a range: a zip by PCI DSS requirement (`json`: its manifest only; `inline`: both, as JSON). */
  adminEvidencePack: {
    method: 'GET',
    path: '/v1/admin/evidence',
    access: 'admin.review',
    query: EvidencePackQuerySchema,
    response: EvidencePackAnswerSchema,
  },
  // Administration: devices
  issueEnrolment: {
    method: 'POST',
    path: '/v1/admin/enrolment',
    access: 'admin.devices',
    body: IssueEnrolmentRequestSchema,
    response: EnrolmentGrantSchema,
  },
  enrolmentGrants: { method: 'GET', path: '/v1/admin/enrolment', access: 'admin.devices', response: z.array(EnrolmentGrantViewSchema) },
  revokeEnrolment: {
    method: 'POST',
    path: '/v1/admin/enrolment/:grantId/revoke',
    access: 'admin.devices',
    params: GrantParamsSchema,
    body: ReasonRequestSchema,
    response: EnrolmentGrantViewSchema,
  },
  devices: { method: 'GET', path: '/v1/admin/devices', access: 'admin.devices', response: z.array(ManagedDeviceSchema) },
  revokeDevice: {
    method: 'POST',
    path: '/v1/admin/devices/:deviceId/revoke',
    access: 'admin.devices',
    params: DeviceParamsSchema,
    body: ReasonRequestSchema,
    response: ManagedDeviceSchema,
  },
  // Systems of record (issue 22): service accounts, and the records their sources upsert.
  adminServiceAccounts: { method: 'GET', path: '/v1/admin/service-accounts', access: 'admin.users', response: z.array(ServiceAccountSchema) },
  adminCreateServiceAccount: {
    method: 'POST',
    path: '/v1/admin/service-accounts',
    access: 'admin.users',
    body: CreateServiceAccountRequestSchema,
    response: ServiceAccountGrantSchema,
  },
  adminRevokeServiceAccount: {
    method: 'POST',
    path: '/v1/admin/service-accounts/:accountId/revoke',
    access: 'admin.users',
    params: ServiceAccountParamsSchema,
    body: ReasonRequestSchema,
    response: ServiceAccountSchema,
  },
  /** A live platform account's agent map (and Twilio callback URL), audited; its platform kind and secret stay. */
  adminUpdateContactCenter: {
    method: 'POST',
    path: '/v1/admin/service-accounts/:accountId/contact-center',
    access: 'admin.users',
    params: ServiceAccountParamsSchema,
    body: UpdateContactCenterRequestSchema,
    response: ServiceAccountSchema,
  },
  // Teams (issue 26): an account belongs to at most one.
  adminTeams: { method: 'GET', path: '/v1/admin/teams', access: 'admin.users', response: z.array(TeamSchema) },
  adminCreateTeam: { method: 'POST', path: '/v1/admin/teams', access: 'admin.users', body: CreateTeamRequestSchema, response: TeamSchema },
  adminAssignTeamMember: {
    method: 'POST',
    path: '/v1/admin/teams/:teamId/members',
    access: 'admin.users',
    params: TeamParamsSchema,
    body: AssignTeamMemberRequestSchema,
    response: TeamSchema,
  },
  /** The teams and their members, for a supervisor's team filter (issue 24). */
  teams: { method: 'GET', path: '/v1/supervisor/teams', access: 'supervisor.monitor', response: z.array(TeamSchema) },
  // The daily log review (issue 26, PCI DSS 10.4.1.1): the days' findings, and a reviewer's sign-off with a note per finding.
  reviewDays: { method: 'GET', path: '/v1/review/days', access: 'review.read', query: ReviewRangeQuerySchema, response: z.array(ReviewDaySchema) },
  reviewSignOff: {
    method: 'POST',
    path: '/v1/review/days/:day/sign-off',
    access: 'review.signOff',
    params: ReviewDayParamsSchema,
    body: ReviewSignOffRequestSchema,
    response: ReviewDaySchema,
  },
  // Failures of critical security controls (10.7.2, 10.7.3).
  incidents: { method: 'GET', path: '/v1/incidents', access: 'incidents.read', query: IncidentListQuerySchema, response: z.array(IncidentSchema) },
  closeIncident: {
    method: 'POST',
    path: '/v1/incidents/:incidentId/close',
    access: 'incidents.close',
    params: IncidentParamsSchema,
    body: CloseIncidentRequestSchema,
    response: IncidentSchema,
  },
  /** One record; a refused one answers its typed error naming the field. */
  upsertRecord: { method: 'POST', path: '/v1/records', access: 'source', body: UpsertRecordRequestSchema, response: RecordWrittenSchema },
  /** Up to RECORD_BATCH_MAX records, each stored or refused on its own. */
  upsertRecords: { method: 'POST', path: '/v1/records/batch', access: 'source', body: UpsertRecordsRequestSchema, response: RecordBatchResultSchema },
  /**
   * A push source's own payload, proven by its HMAC signature (the x-sentinel-timestamp and x-sentinel-signature
   * headers) rather than a token, and mapped to one record by the source's declared mapping.
   */
  /**
   * The TUF repository of desk releases, as the release command published it (issue 28). Public: the desk trusts
   * its signatures, not the transport. Metadata are the signed JSON files byte for byte; targets are the builds.
   */
  updateMetadata: {
    method: 'GET',
    path: '/v1/updates/metadata/:file',
    access: 'public',
    params: z.object({ file: z.string().regex(/^(?:[1-9]\d{0,9}\.(?:root|snapshot|targets)|timestamp)\.json$/, { error: 'N.root.json, N.snapshot.json, N.targets.json or timestamp.json' }) }),
    response: z.object({ signed: z.record(z.string(), z.unknown()), signatures: z.array(z.unknown()) }),
  },
  updateTarget: {
    method: 'GET',
    path: '/v1/updates/targets/:file',
    access: 'public',
    params: z.object({ file: z.string().regex(/^[0-9a-f]{64}\.[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/, { error: 'SHA256.NAME' }) }),
    /** application/octet-stream: the build's bytes. */
    response: z.string(),
  },
  /** What this desk should do: stay, install a newer release, or go back from a pulled one. Recorded as its last check. */
  updateCheck: { method: 'GET', path: '/v1/updates/check', access: 'session', query: UpdateCheckQuerySchema, response: UpdateOfferSchema },
  adminReleases: { method: 'GET', path: '/v1/admin/releases', access: 'admin.devices', response: z.array(ReleaseSchema) },
  adminRollout: {
    method: 'POST',
    path: '/v1/admin/releases/:version/rollout',
    access: 'admin.devices',
    params: ReleaseParamsSchema,
    body: RolloutRequestSchema,
    response: ReleaseSchema,
  },
  adminReleaseAction: {
    method: 'POST',
    path: '/v1/admin/releases/:version/action',
    access: 'admin.devices',
    params: ReleaseParamsSchema,
    body: ReleaseActionRequestSchema,
    response: ReleaseSchema,
  },
  /** The fleet patch report (PCI DSS 6.3.3); `format=csv` answers text/csv for the evidence pack. */
  adminPatchReport: { method: 'GET', path: '/v1/admin/updates/report', access: 'admin.devices', query: PatchReportQuerySchema, response: PatchReportSchema },
  adminDeviceRing: {
    method: 'POST',
    path: '/v1/admin/devices/:deviceId/ring',
    access: 'admin.devices',
    params: DeviceParamsSchema,
    body: DeviceRingRequestSchema,
    response: z.object({ deviceId: z.string(), ring: z.enum(['pilot', 'broad']) }),
  },
  /** The transparency log's origin and public key, for desks' policies and witnesses to pin. */
  logKey: { method: 'GET', path: '/.well-known/sentinel-audit-log', access: 'public', response: LogKeyAnswerSchema },
  /** The newest signed checkpoint; one is signed on demand when entries arrived since the last. */
  logCheckpoint: { method: 'GET', path: '/v1/audit/log/checkpoint', access: 'public', response: CheckpointAnswerSchema },
  /** The consistency proof between two tree sizes the log has reached. */
  logConsistency: { method: 'GET', path: '/v1/audit/log/consistency', access: 'public', query: ConsistencyQuerySchema, response: ConsistencyProofSchema },
  /** A configured witness's cosignature (c2sp.org/tlog-cosignature) of a checkpoint the log signed; stored, verified first. */
  logCosign: { method: 'POST', path: '/v1/audit/log/cosignatures', access: 'public', body: CosignRequestSchema, response: CheckpointAnswerSchema },
  /** The checkpoint of a tree size with every stored cosignature. */
  logCosigned: { method: 'GET', path: '/v1/audit/log/cosignatures', access: 'public', query: CosignaturesQuerySchema, response: CheckpointAnswerSchema },
  receiveWebhook: {
    method: 'POST',
    path: '/v1/webhooks/:source',
    access: 'public',
    params: z.object({ source: SourceNameSchema }),
    body: z.record(z.string().max(200), z.unknown()),
    response: RecordWrittenSchema,
  },
  // Security awareness (issue 26, PCI DSS 12.6): each person's policy and training; customer data waits for them.
  trainingOverview: { method: 'GET', path: '/v1/training', access: 'session', response: TrainingOverviewSchema },
  trainingAcknowledge: { method: 'POST', path: '/v1/training/policy/acknowledge', access: 'session', body: AcknowledgePolicyRequestSchema, response: TrainingStatusSchema },
  trainingSubmitQuiz: { method: 'POST', path: '/v1/training/quiz', access: 'session', body: SubmitQuizRequestSchema, response: QuizResultSchema },
  adminPublishPolicy: { method: 'POST', path: '/v1/admin/training/policy', access: 'admin.users', body: PublishPolicyRequestSchema, response: PolicySchema },
  adminPublishModule: { method: 'POST', path: '/v1/admin/training/modules', access: 'admin.users', body: PublishModuleRequestSchema, response: TrainingModuleSchema },
  adminTrainingReport: { method: 'GET', path: '/v1/admin/training/report', access: 'admin.users', query: TrainingReportQuerySchema, response: TrainingReportSchema },
  // Wrap-up (issue 24): admin-managed disposition codes and note templates; the agent's code at the end of each contact.
  wrapupOptions: { method: 'GET', path: '/v1/wrapup', access: 'notes.write', response: WrapupOptionsSchema },
  recordWrapup: {
    method: 'POST',
    path: '/v1/customers/:customerId/wrapup',
    access: 'notes.write',
    params: CustomerParamsSchema,
    body: RecordWrapupRequestSchema,
    response: WrapupSchema,
  },
  wrapupReport: { method: 'GET', path: '/v1/reports/wrapups', access: 'supervisor.reports', query: WrapupReportQuerySchema, response: WrapupReportSchema },
  adminWrapupCodes: { method: 'GET', path: '/v1/admin/wrapup/codes', access: 'admin.users', response: z.array(WrapupCodeSchema) },
  adminCreateWrapupCode: { method: 'POST', path: '/v1/admin/wrapup/codes', access: 'admin.users', body: CreateWrapupCodeRequestSchema, response: WrapupCodeSchema },
  adminRetireWrapupCode: { method: 'POST', path: '/v1/admin/wrapup/codes/:code/retire', access: 'admin.users', params: WrapupCodeParamsSchema, body: NoContentSchema, response: WrapupCodeSchema },
  adminNoteTemplates: { method: 'GET', path: '/v1/admin/note-templates', access: 'admin.users', response: z.array(NoteTemplateSchema) },
  adminCreateNoteTemplate: { method: 'POST', path: '/v1/admin/note-templates', access: 'admin.users', body: CreateNoteTemplateRequestSchema, response: NoteTemplateSchema },
  adminRetireNoteTemplate: {
    method: 'POST',
    path: '/v1/admin/note-templates/:templateId/retire',
    access: 'admin.users',
    params: NoteTemplateParamsSchema,
    body: NoContentSchema,
    response: NoteTemplateSchema,
  },
});
export type Routes = typeof routes;
export type RouteName = keyof Routes;

type Part<R, P extends 'params' | 'query' | 'body'> = R extends Record<P, infer S extends z.ZodType> ? z.input<S> : undefined;
/** A call's path parameters, query and body, each present only where the route declares it. */
export type RouteRequest<K extends RouteName> = {
  readonly [P in 'params' | 'query' | 'body' as Part<Routes[K], P> extends undefined ? never : P]: Part<Routes[K], P>;
};
export type RouteAnswer<K extends RouteName> = z.output<Routes[K]['response']>;
