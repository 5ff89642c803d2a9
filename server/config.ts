// Gateway settings with their defaults. The PCI DSS 8.x numbers (lockout after
// 10 failures for 30 minutes, 15-minute access tokens) are defaults that a
// deployment may only tighten.
import { z } from 'zod';
import { FIND_PANS_MAX_TEXT, MaskRevealSchema } from '../shared/pan.ts';
import { RoleSchema } from '../shared/roles.ts';
import { SsoProviderIdSchema } from '../shared/schemas/sso.ts';
import { AppVersionSchema } from '../shared/schemas/updates.ts';
import { ReviewConfigSchema } from './core/review-config.ts';

/** At most `maxEvents` events and `maxBytes` bytes of batch bodies per device, and per user, in any `windowSeconds`. */
const IngestQuotaSchema = z.object({
  windowSeconds: z.number().int().positive(),
  maxEvents: z.number().int().positive(),
  maxBytes: z.number().int().positive(),
});
export type IngestQuota = z.infer<typeof IngestQuotaSchema>;

/** One OpenID Connect provider with which the gateway is registered as a confidential client. */
const SsoProviderConfigSchema = z.object({
  id: SsoProviderIdSchema,
  /** Shown on the desk's sign-in button. */
  label: z.string().min(1).max(64),
  /** Exactly the provider's `issuer`; its discovery document is read from `{issuer}/.well-known/openid-configuration`. */
  issuer: z.url().max(500),
  clientId: z.string().min(1).max(255),
  clientSecret: z.string().min(16).max(512),
  scopes: z.array(z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/)).min(1).max(10).default(['openid', 'profile', 'email']),
  /** The claim matched against a username the first time a subject signs in; later sign-ins follow the stored link. */
  usernameClaim: z.enum(['preferred_username', 'sub']).default('preferred_username'),
  /** `amr` values (RFC 8176) that count as multi-factor. */
  mfaAmr: z.array(z.string().max(32)).max(20).default(['mfa', 'otp', 'hwk', 'swk', 'sms', 'fpt', 'face', 'iris', 'pop']),
  /** `acr` values that count as multi-factor. */
  mfaAcr: z.array(z.string().max(200)).max(20).default([]),
  /** Development and tests only: an http issuer on 127.0.0.1. Production providers are https. */
  allowHttpLoopback: z.boolean().default(false),
});
export type SsoProviderConfig = z.infer<typeof SsoProviderConfigSchema>;

/** At most `max` uses per user within any rolling `windowMinutes`. */
const rollingCap = (max: number, windowMinutes: number) =>
  z.object({ max: z.number().int().positive().default(max), windowMinutes: z.number().positive().default(windowMinutes) }).prefault({});

export const GatewayConfigSchema = z.object({
  /** The daily log review's rules and the control monitor's thresholds (core/review-config.ts). */
  review: ReviewConfigSchema,
  version: z.string().default('0.1.0'),
  maskReveal: MaskRevealSchema.default('last4'),
  lockout: z
    .object({
      maxFailedAttempts: z.number().int().min(1).max(10).default(10),
      lockMinutes: z.number().int().min(30).default(30),
      /** Sign-in attempts of one account verified at once; more are refused (and still counted). */
      maxAttemptsInFlight: z.number().int().min(1).max(10).default(2),
    })
    .prefault({}),
  tokens: z
    .object({
      accessMinutes: z.number().int().min(1).max(15).default(15),
      refreshHours: z.number().int().min(1).max(24).default(12),
      /** Absolute session lifetime from sign-in: no refresh carries a session past it. */
      sessionHours: z.number().int().min(1).max(24).default(12),
      /** How long a device-key challenge for a login stays usable (once). */
      challengeSeconds: z.number().int().min(10).max(600).default(120),
    })
    .prefault({}),
  /** PCI DSS 8.2.6: an account without a sign-in for this many days is disabled (may only be tightened). */
  inactivityDays: z.number().int().min(1).max(90).default(90),
  /** How long an admin's enrolment secrets stay usable: a code once, within minutes; a policy token by many desks, for days. */
  enrolment: z
    .object({
      codeMinutes: z.number().int().min(1).max(60).default(15),
      policyTokenDays: z.number().int().min(1).max(365).default(30),
      /** Desks one policy token may enrol in all. */
      desksPerPolicyToken: z.number().int().min(1).max(1_000_000).default(500),
      /** Desks enrolled at one user's sign-ins per day (any grant): a script enrolling desks for one agent stops here. */
      desksPerUserPerDay: z.number().int().min(1).max(1_000_000).default(3),
    })
    .prefault({}),
  /** Separation of duties (shared/second-admin.ts): creating an admin, or giving an admin customer data, needs a second admin. */
  adminApprovals: z
    .object({
      /** Off only where one admin runs a test gateway; a deployment keeps it on. */
      required: z.boolean().default(true),
      /** How long a request waits for its second admin before it expires. */
      hours: z.number().int().min(1).max(168).default(24),
    })
    .prefault({}),
  /** Single sign-on with OpenID Connect providers (server/identity/sso/); none configured: local accounts only. */
  sso: z
    .object({
      providers: z.array(SsoProviderConfigSchema).max(8).default([]),
      /** Whether MFA the provider reports (`amr`, `acr`) satisfies the gateway; otherwise an account with TOTP must also give its code. */
      trustProviderMfa: z.boolean().default(true),
      /** How long a started sign-in may take in the browser before its state and nonce expire. */
      attemptMinutes: z.number().int().min(1).max(15).default(10),
      /** Clock skew allowed between the provider and the gateway when reading `exp`, `iat` and `nbf`. */
      clockToleranceSeconds: z.number().int().min(0).max(120).default(30),
      /** After fetching a provider's keys, the gateway waits this long before fetching them again for an unknown key ID. */
      jwksCooldownSeconds: z.number().int().min(0).max(600).default(30),
    })
    .prefault({}),
  /** Login, refresh and reauth requests per client address per minute. */
  authRateLimitPerMinute: z.number().int().positive().default(30),
  heartbeatSeconds: z.number().int().positive().default(30),
  /** A device whose heartbeats stop for this long is shown offline. */
  offlineAfterSeconds: z.number().int().positive().default(90),
  alerts: z
    .object({
      cardLookupBurst: z.object({ maxLookups: z.number().int().positive().default(20), windowMinutes: z.number().positive().default(10) }).prefault({}),
      failedLogins: z
        .object({
          /** Per typed username. */
          threshold: z.number().int().positive().default(5),
          /** Per client address, across every name it tries (password spraying). */
          perSourceThreshold: z.number().int().positive().default(20),
          /** Across the whole gateway (spraying from many addresses). */
          globalThreshold: z.number().int().positive().default(100),
          windowMinutes: z.number().positive().default(15),
        })
        .prefault({}),
      syncLagMinutes: z.number().positive().default(15),
      /** After an acknowledgement, the same warning of the same user and desk folds into the acknowledged alert (its count still rises) instead of opening a new one, for this long. Critical alerts always reopen. */
      quietAfterAckMinutes: z.number().min(0).default(60),
      /** A head a desk promised in a heartbeat must reach the gateway within this long of the desk being able to sync. */
      headStallMinutes: z.number().positive().default(15),
    })
    .prefault({}),
  /** The transparency log over the audit trail (issue 25). */
  transparencyLog: z
    .object({
      /** The checkpoint origin line: names this log; desks pin it beside the log key. */
      origin: z.string().regex(/^[^\s+]{1,200}$/).default('sentinel-desk.local/audit-log'),
      /** While entries arrive, a checkpoint is signed at least this often. */
      checkpointSeconds: z.number().int().min(1).max(10).default(10),
      /** Witnesses whose cosignatures the gateway stores: verifier keys (c2sp.org/signed-note), type 0x04. */
      witnessKeys: z.array(z.string().max(512)).max(16).default([]),
    })
    .prefault({}),
  /** Where every signed checkpoint also goes, as RFC 5424 syslog, so a SIEM keeps a copy the database cannot reach; off unless set. */
  checkpointSyslog: z
    .object({
      host: z.string().min(1).max(255),
      port: z.number().int().min(1).max(65_535),
      transport: z.enum(['udp', 'tcp']).default('udp'),
      appName: z.string().min(1).max(48).default('sentinel-gateway'),
    })
    .optional(),
  audit: z
    .object({
      /** How far a desk's clock may run ahead of the gateway's, or behind the latest event it already sent. */
      clockSkewSeconds: z.number().int().positive().default(300),
      /**
       * How long before its enrolment a desk may have written events: the app starts, and may sit at the
       * sign-in screen over a weekend, before the first sign-in enrols it.
       */
      beforeEnrolmentHours: z.number().positive().default(72),
      /**
       * How long after its revocation a revoked desk may still upload the trail it held (session-less,
       * on its device key alone); after that the route is closed to it and what it sends is refused.
       */
      revokedUploadDays: z.number().positive().default(7),
      /** A short window bounds bursts (and the gateway's load); a long one bounds what one desk can store in a day. */
      quotas: z
        .array(IngestQuotaSchema)
        .min(1)
        .default([
          { windowSeconds: 10, maxEvents: 10_000, maxBytes: 8 * 1024 * 1024 },
          { windowSeconds: 86_400, maxEvents: 500_000, maxBytes: 1024 * 1024 * 1024 },
        ]),
      /** Every device chain is re-verified this often (and at start). */
      verifyEveryMinutes: z.number().positive().default(15),
      /** An audit search page stops before this much JSON, well inside what the PAN scan of an answer reads. */
      searchPageBytes: z.number().int().positive().max(FIND_PANS_MAX_TEXT / 2).default(256 * 1024),
    })
    .prefault({}),
  /**
   * Hard per-user caps on customer data (PCI DSS 10.2.1.1 access is audited
   * either way): a request past a cap is refused with 429, audited and alerted.
   */
  customerAccess: z
    .object({
      cardLookups: rollingCap(20, 10),
      /** Customer records read: detail views, and lookups by customer ID or order number. */
      recordReads: rollingCap(60, 10),
      /** Days of extension one subscription may gain within the window, whoever grants them. */
      extensionDays: z
        .object({ maxDays: z.number().int().positive().default(365), windowDays: z.number().positive().default(365) })
        .prefault({}),
    })
    .prefault({}),
  contactCenter: z
    .object({
      /** Country calling code assumed for a phone number written without + or 00 (customer records, callers); none: such numbers never match. */
      defaultCallingCode: z.string().regex(/^[1-9]\d{0,2}$/).optional(),
      /** A signed event older (or newer) than this is refused as stale: a replay outside the window fails, one inside it is a duplicate. */
      signatureToleranceSeconds: z.number().int().min(10).max(3600).default(300),
      /** Events per client address per minute: each costs a read of its body and a signature check before anything is stored. */
      eventsPerMinutePerIp: z.number().int().positive().default(6000),
      /**
       * Days a call and its events are kept after it ended (or, never ended, after its last change): they hold the
       * caller's keyed phone hash, masked number and the agent who took it. Far longer than the signature window,
       * so a replay of a forgotten call's event is refused as stale, never taken as new.
       */
      callRetentionDays: z.number().int().min(1).max(3650).default(90),
    })
    .prefault({}),
  /** Data-subject rights (issue 27): how long each class of customer data is kept, applied by the housekeeping pass with an audited purge. */
  privacy: z
    .object({
      retention: z
        .object({
          /** Notes, the customer's history included, by when they were written. */
          notesMonths: z.number().int().min(1).max(600).default(24),
          /** Delivered, cancelled or refunded orders, with their payments and shipments, by when they were placed (tax and chargebacks). */
          closedOrdersYears: z.number().int().min(1).max(50).default(7),
        })
        .prefault({}),
    })
    .prefault({}),
  /**
   * Wrap-up (issue 24): whether the desk must ask for a disposition code before a customer contact ends. Off until IT
   * turns it on, once it has published the codes agents choose from: required with no codes would stop every desk.
   */
  wrapup: z
    .object({
      required: z.boolean().default(false),
    })
    .prefault({}),
  /** SCIM provisioning (issue 23): the provider's groups by display name and the role each grants; a person in no listed group has no role. */
  scim: z
    .object({
      groups: z.record(z.string().trim().min(1).max(128), RoleSchema).default({}),
      /** SCIM requests per client address per minute: a wrong token costs an audit write, so a flood is cut off. */
      requestsPerMinutePerIp: z.number().int().positive().default(600),
    })
    .prefault({}),
  limits: z
    .object({
      bodyBytes: z.number().int().positive().default(64 * 1024),
      auditBatchBytes: z.number().int().positive().default(2 * 1024 * 1024),
      /** A batch of source records (up to RECORD_BATCH_MAX of them). */
      recordBatchBytes: z.number().int().positive().default(4 * 1024 * 1024),
      /** Webhook deliveries per minute from one address: each costs an account lookup and a signature check before it is refused. */
      webhooksPerMinutePerIp: z.number().int().positive().default(600),
      /** Time to receive a whole request (headers and body): a slow-loris client is cut off. */
      requestTimeoutMs: z.number().int().positive().default(30_000),
      /** An idle socket is closed after this long; the event stream's keep-alives are well inside it. */
      connectionTimeoutMs: z.number().int().positive().default(120_000),
      connectionsPerIp: z.number().int().positive().default(64),
    })
    .prefault({}),
  presence: z
    .object({
      /** Devices tracked at most; when full, the stalest offline one is forgotten. */
      maxDevices: z.number().int().positive().default(5000),
      /** Desks one account may have live (not offline) at once: scripted desks cannot fill the table or crowd the board. */
      maxLiveDesksPerUser: z.number().int().positive().default(3),
      /** A heartbeat signed longer ago than this (or in the future by as much) is refused: no replays. */
      heartbeatMaxSkewSeconds: z.number().int().positive().default(120),
      /** Token-less (device-signed) heartbeats per client address per minute: a locked desk sends 2. */
      deviceHeartbeatsPerMinutePerIp: z.number().int().positive().default(600),
    })
    .prefault({}),
  stream: z
    .object({
      maxPerUser: z.number().int().positive().default(3),
      maxTotal: z.number().int().positive().default(200),
      /** Bytes a stream may have queued toward a slow client before it is dropped. */
      maxBufferedBytes: z.number().int().positive().default(1024 * 1024),
      /**
       * Audit events replayed at most after a Last-Event-ID; older ones are read through audit search. At least 2:
       * each connection adds its own audit record to the feed, which the client's next resume replays, so a cap
       * of 1 leaves a client that is behind exactly as far behind after every connection.
       */
      maxReplayEvents: z.number().int().min(2).default(2000),
      keepAliveMs: z.number().int().positive().default(15_000),
      /**
       * How often an open stream re-checks its session (expiry, revocation); logout closes it at once. Every second, so
       * a session ended on another instance (a SCIM deactivation, an admin's disable) closes its streams within 1 s.
       */
      sessionRecheckMs: z.number().int().positive().default(1_000),
      /** The live feed's safety-net poll: a lost wake-up (NOTIFY) delays an event by at most this. */
      feedPollMs: z.number().int().positive().default(2_000),
      /** Stream events stay replayable by Last-Event-ID this long; older ones are read through audit search. */
      feedRetentionMinutes: z.number().int().positive().default(60),
    })
    .prefault({}),
  /** The held request (GET /v1/session/watch) by which a desk learns at once that its session ended. */
  sessionWatch: z
    .object({
      /** How long a watch is held before it answers 200 and the desk opens the next; kept under limits.connectionTimeoutMs (the idle-socket cut-off). */
      holdMs: z.number().int().positive().default(25_000),
      /** How often every held session is re-checked in one read, in case a notice of its end was lost. */
      recheckMs: z.number().int().positive().default(10_000),
      /** Watches one session may hold at once (a desk holds one; two cover a reconnect); more get 429. */
      maxPerSession: z.number().int().positive().default(2),
      maxTotal: z.number().int().positive().default(20_000),
    })
    .prefault({}),
  /** Desk updates (issue 28): the TUF repository the gateway serves, and the oldest version it still serves customer data to. */
  updates: z
    .object({
      /** The `published` folder the release command writes (npm run release); no updates are served without it. */
      repository: z.string().min(1).optional(),
      /** Desks below this version get `update_required` for customer data once the grace period has run. */
      minimumVersion: AppVersionSchema.optional(),
      /** When the minimum was set: the grace period runs from here. */
      minimumSince: z.iso.datetime().optional(),
      graceDays: z.number().int().min(0).max(365).default(14),
      /** A desk more than this many days behind the newest broad release is overdue (PCI DSS 6.3.3 asks for critical patches within a month). */
      overdueDays: z.number().int().min(1).max(365).default(30),
    })
    .refine((u) => (u.minimumVersion === undefined) === (u.minimumSince === undefined), { error: 'updates.minimumVersion and updates.minimumSince go together' })
    .prefault({}),
}).refine(
  // A SCIM token is one admin's to issue: a group granting admin would make an admin no second admin approved.
  (config) => !config.adminApprovals.required || !Object.values(config.scim.groups).includes('admin'),
  { error: 'scim.groups may not grant admin while adminApprovals.required is on: a second admin approves every new admin', path: ['scim', 'groups'] },
);
export type GatewayConfig = z.infer<typeof GatewayConfigSchema>;
export type GatewayConfigInput = z.input<typeof GatewayConfigSchema>;

/** Time as the services see it; tests pass a controllable one. */
export interface Clock {
  now(): number;
}
export const systemClock: Clock = { now: () => Date.now() };
