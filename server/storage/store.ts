// The gateway's storage, as a small set of repository interfaces. One Kysely
// implementation (server/storage/repos/) runs them on the embedded SQLite
// default and on PostgreSQL for fleet scale.
import type { Engine, Storage } from './dialect.ts';
import type { AuditEvent } from '../../shared/audit.ts';
import type { SupervisorStreamEvent } from '../../shared/api.ts';
import type { AgentPresence } from '../../shared/schemas/supervision.ts';
import type { CardBrand } from '../../shared/pan.ts';
import type { Role } from '../../shared/roles.ts';
import type { z } from 'zod';
import type { PaymentSchema } from '../../shared/schemas/customer.ts';
import type {
  ActivityReportRow,
  Alert,
  AlertAck,
  AuditSearchQuery,
  Note,
  Order,
  StoredAuditEvent,
  Subscription,
} from '../../shared/index.ts';

type Payment = z.infer<typeof PaymentSchema>;

export interface UserRecord {
  readonly userId: string;
  readonly username: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  readonly passwordHash: string;
  /** TOTP secret sealed with the gateway's seal key; null when MFA is off for the user. */
  readonly mfaSecretSealed: string | null;
  readonly failedAttempts: number;
  /** Epoch ms until which logins are refused, or null. */
  readonly lockedUntil: number | null;
  /** The last accepted TOTP time step: a code of that step or earlier is a replay. */
  readonly lastTotpStep: number | null;
  /** Epoch ms since when the account is disabled (it cannot sign in and has no sessions), or null. */
  readonly disabledAt: number | null;
}

/** The failure counter right after one attempt was charged to it, and the lock it found. */
export interface AttemptCharge {
  readonly failedAttempts: number;
  readonly lockedUntil: number | null;
}

export interface SessionFamilyRecord {
  readonly familyId: string;
  readonly userId: string;
  readonly deviceId: string;
  readonly createdAt: number;
  /** The absolute end of the session: no refresh carries it past this. */
  readonly expiresAt: number;
  readonly revokedAt: number | null;
}

export interface DeviceRecord {
  readonly deviceId: string;
  readonly publicKey: string;
  readonly enrolledAt: number;
  readonly enrolledBy: string;
}

export interface RefreshTokenRecord {
  readonly tokenHash: string;
  readonly familyId: string;
  readonly userId: string;
  readonly deviceId: string;
  readonly expiresAt: number;
  readonly usedAt: number | null;
}

export interface IdentityRepo {
  findUserByUsername(username: string): Promise<UserRecord | null>;
  findUserById(userId: string): Promise<UserRecord | null>;
  createUser(user: UserRecord): Promise<void>;
  listUsers(): Promise<UserRecord[]>;
  /**
   * Counts one sign-in attempt as a failure before it is verified, in one atomic
   * statement (a success clears it with clearFailedAttempts). A lock that has
   * run out is lifted here and the count starts again at 1.
   */
  chargeFailedAttempt(userId: string, now: number): Promise<AttemptCharge>;
  /** A verified sign-in: clears the counter. False when a lock landed meanwhile (the sign-in must be refused). */
  clearFailedAttempts(userId: string, now: number): Promise<boolean>;
  /** Locks the account until `until` and revokes all its sessions, at once; false when it was already locked. */
  lockAccount(userId: string, until: number, now: number): Promise<boolean>;
  /** Disables the account and revokes all its sessions, at once. */
  disableAccount(userId: string, at: number): Promise<void>;
  /** Compare-and-set: consumes the TOTP time step only if it is later than the last one; false is a replay. */
  consumeTotpStep(userId: string, step: number): Promise<boolean>;
  findDevice(deviceId: string): Promise<DeviceRecord | null>;
  /** Enrols a device; false when the device ID is already enrolled (a parallel enrolment won). */
  enrollDevice(device: DeviceRecord): Promise<boolean>;
  /** Stores a login challenge for a device, and forgets those that have run out. */
  insertChallenge(challenge: { nonce: string; deviceId: string; expiresAt: number }, now: number): Promise<void>;
  /** Atomically uses up a challenge of this device that has not run out; false when there is none. */
  consumeChallenge(nonce: string, deviceId: string, now: number): Promise<boolean>;
  createSessionFamily(family: Omit<SessionFamilyRecord, 'revokedAt'>): Promise<void>;
  findSessionFamily(familyId: string): Promise<SessionFamilyRecord | null>;
  revokeFamily(familyId: string, at: number): Promise<void>;
  insertRefreshToken(token: RefreshTokenRecord): Promise<void>;
  findRefreshToken(tokenHash: string): Promise<RefreshTokenRecord | null>;
  /** Atomically marks the token used; false when it already was (a reuse). */
  consumeRefreshToken(tokenHash: string, at: number): Promise<boolean>;
}

/** What the gateway keeps of a card: never the PAN, only its keyed HMAC and display facets. */
export interface CardRecord {
  readonly cardId: string;
  readonly customerId: string;
  readonly panHmac: string;
  readonly bin: string;
  readonly last4: string;
  readonly length: number;
  readonly brand: CardBrand;
  readonly expiry: string;
}

/** Customer data as stored; the service masks card and contact data before it leaves. */
export interface StoredCustomer {
  readonly customerId: string;
  readonly displayName: string;
  readonly email: string;
  readonly phone: string;
  readonly city: string;
  readonly postcode: string;
  readonly country: string;
  readonly memberSince: string;
}
export type StoredPayment = Omit<Payment, 'card'> & { cardId: string };
export type StoredOrder = Omit<Order, 'payments'> & { payments: StoredPayment[] };
export interface CustomerRecordSet {
  readonly customer: StoredCustomer;
  readonly cards: CardRecord[];
  readonly orders: StoredOrder[];
  readonly subscriptions: Subscription[];
  readonly notes: Note[];
}

export const ACCESS_QUOTAS = ['card_lookup', 'record_read', 'extension_days'] as const;
export type AccessQuota = (typeof ACCESS_QUOTAS)[number];

/** The outcome of one use of a rolling-window cap, counted atomically with the decision. */
export interface QuotaDecision {
  /** Identifies the recorded use, so an action that fails afterwards can give it back. */
  readonly useId: number;
  readonly admitted: boolean;
  /** Admitted amount within the window, this use included when admitted. */
  readonly used: number;
  /** Refused uses within the window, this one included when refused. */
  readonly refused: number;
  /** When the oldest admitted use leaves the window (epoch ms); null when none is in it. */
  readonly oldestAdmittedExpiresAt: number | null;
}

export interface CustomerRepo {
  count(): Promise<number>;
  /** Bulk load (demo seed, CRM import), in one transaction. */
  importCustomers(records: readonly CustomerRecordSet[]): Promise<void>;
  findCustomerIds(query: { by: 'customerId' | 'order'; value: string } | { by: 'card'; panHmac: string }, limit: number): Promise<string[]>;
  summaries(customerIds: readonly string[]): Promise<{ customer: StoredCustomer; cards: CardRecord[] }[]>;
  detail(customerId: string): Promise<CustomerRecordSet | null>;
  addNote(note: Note): Promise<void>;
  findSubscription(customerId: string, subscriptionId: string): Promise<Subscription | null>;
  /**
   * Extends from the later of the current end and `at`, reading and writing in
   * one transaction so parallel extensions add up; null when the subscription
   * is gone or cancelled.
   */
  extendSubscription(change: {
    subscriptionId: string;
    days: number;
    reason: string;
    byUserId: string;
    at: number;
    /** The customer-history entry, stored in the same transaction; its text names the new expiry the transaction computes. */
    history: Omit<Note, 'text' | 'at'> & { readonly product: string };
  }): Promise<Subscription | null>;
  /**
   * Records one use of a cap and decides it in the same statement: admitted
   * only while the window's admitted amount plus this one stays within `limit`.
   * Parallel callers therefore never over-admit.
   */
  takeQuota(use: { quota: AccessQuota; subject: string; amount: number; limit: number; windowMs: number; at: number }): Promise<QuotaDecision>;
  /** Gives an admitted use back (the action it allowed was not carried out). */
  releaseQuota(useId: number): Promise<void>;
}

export interface DeviceChainHead {
  readonly seq: number;
  readonly hash: string;
  /** The latest `at` among the chain's events. */
  readonly highAt: string;
}

export interface StoredEntry {
  readonly deviceId: string;
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
  readonly event: AuditEvent;
  readonly receivedAt: string;
}

export interface BatchRecord {
  readonly batchId: string;
  readonly deviceId: string;
  readonly contentHash: string;
  readonly ackedThroughSeq: number;
  /** The device's signature over its head at ackedThroughSeq, kept so the chain stays anchored to the device key. */
  readonly firstSeq: number;
  readonly headHash: string;
  readonly signature: string;
}

/** A stored batch's signed head beside the hash now stored at that sequence number. */
export interface BatchAnchor {
  readonly batch: BatchRecord;
  readonly storedHash: string | null;
}

/** A stored chain row as it lies in the store: the event as stored text, and the columns searches filter on. */
export interface RawChainRow {
  readonly deviceId: string;
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
  readonly eventJson: string;
  readonly columns: { type: string; outcome: string; userId: string | null; at: string; customerId: string | null };
}

/** A device's head next to what its events say, read in one statement (so an append cannot fall between). */
export interface HeadCheck {
  readonly deviceId: string;
  readonly head: { seq: number; hash: string } | null;
  readonly lastSeq: number | null;
  readonly hashAtHeadSeq: string | null;
  readonly maxAckedSeq: number | null;
}

export interface AuditRepo {
  head(deviceId: string): Promise<DeviceChainHead | null>;
  entryHashes(deviceId: string, fromSeq: number, toSeq: number): Promise<Map<number, string>>;
  findBatch(batchId: string): Promise<BatchRecord | null>;
  /**
   * Appends entries, moves the head and records the batch ack (when there is a
   * batch), all or nothing; an entry already stored is a conflict, never a
   * replacement. Returns each entry's stream position: a number that grows with
   * every stored event, across devices, for SSE resumption.
   */
  appendBatch(entries: readonly StoredEntry[], batch: BatchRecord | null): Promise<number[]>;
  /** Whether the gateway's own trail shows `userId` signing in on `deviceId` at or before `at`. */
  signedInOn(userId: string, deviceId: string, at: string): Promise<boolean>;
  /** Stored events after a stream position, oldest first (SSE Last-Event-ID replay). */
  since(position: number, limit: number): Promise<{ position: number; event: StoredAuditEvent }[]>;
  /**
   * One page, newest first; given `maxBytes`, a page also ends before its JSON would pass it. `archive`
   * searches the months retention detached (PostgreSQL); on SQLite every event stays in the one store.
   */
  search(query: AuditSearchQuery, maxBytes?: number, scope?: 'searchable' | 'archive'): Promise<{ events: StoredAuditEvent[]; nextCursor: string | null }>;
  activity(query: { from: string; to: string; userId?: string | undefined }): Promise<ActivityReportRow[]>;
  /** Chain rows in (device, seq) order after a key, for the verifier's walk. */
  chainRows(after: { deviceId: string; seq: number } | null, limit: number): Promise<RawChainRow[]>;
  headChecks(): Promise<HeadCheck[]>;
  /** Per device, the chain end of its latest month dropped by retention: its kept chain starts after it. */
  chainFloors(): Promise<Map<string, { seq: number; hash: string }>>;
  /** Stored batches in (device, batch ID) order after a key, each with the hash stored at its signed head. */
  batchAnchors(after: { deviceId: string; batchId: string } | null, limit: number): Promise<BatchAnchor[]>;
  /** Names of append-only triggers that are missing or altered; each is put back as it should be. */
  restoreTriggers(): Promise<string[]>;
}

export interface AlertRepo {
  insert(alert: Alert): Promise<void>;
  findOpen(kind: Alert['kind'], subject: { userId: string | null; deviceId: string | null }): Promise<Alert | null>;
  /** Folds repeats into an open alert: adds to its count and moves its last occurrence. */
  recordOccurrences(alertId: string, count: number, at: string): Promise<Alert | null>;
  find(alertId: string): Promise<Alert | null>;
  list(status: 'open' | 'acknowledged' | 'all'): Promise<Alert[]>;
  /** Appends an acknowledgement; earlier ones stay as they were. */
  appendAck(alertId: string, ack: AlertAck): Promise<Alert | null>;
}

/** One supervisor stream event as the live feed stored it; `id` is its SSE event id. */
export interface FeedEntry {
  readonly id: number;
  readonly event: SupervisorStreamEvent;
}

/**
 * The live feed every instance tails: supervisor stream events (audit, presence,
 * alerts) in commit order. Ids only grow, and a reader that has seen id N never
 * later finds a smaller one committed, so `after(N)` misses nothing.
 */
export interface FeedRepo {
  /** Stores the events in one commit, in order, and returns their ids; on PostgreSQL that commit sends one NOTIFY carrying the last id. */
  append(events: readonly SupervisorStreamEvent[], at: number): Promise<number[]>;
  after(id: number, limit: number): Promise<FeedEntry[]>;
  /** The newest id, 0 when the feed is empty. */
  lastId(): Promise<number>;
  /** Drops entries stored before `before` (epoch ms), so the feed stays a bounded replay window; returns how many went. */
  prune(before: number): Promise<number>;
}

/** A desk as the presence table holds it. */
export interface PresenceRecord {
  readonly presence: AgentPresence & { readonly deviceId: string };
  readonly roles: readonly Role[];
  readonly lastSeenMs: number;
  /** The session the device's heartbeats belong to; null once it signed out. */
  readonly familyId: string | null;
  /** Since when the desk has held an access token (could sync); null while locked. */
  readonly syncableSince: number | null;
}

/** What one accepted heartbeat says about its desk. */
export interface PresenceReport {
  readonly deviceId: string;
  readonly userId: string;
  readonly username: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  readonly state: AgentPresence['state'];
  readonly captureProtection: NonNullable<AgentPresence['captureProtection']>;
  readonly queueDepth: number;
  readonly appVersion: string;
  readonly auditIntegrity: NonNullable<AgentPresence['auditIntegrity']>;
  readonly familyId: string;
  /** Sent with an access token: the desk can sync (since its first such heartbeat); false for a locked desk's device-key heartbeat. */
  readonly syncable: boolean;
}

export interface PresenceRepo {
  /** Compare-and-set on the newest signing time seen for the device: false is a replay (on any instance). */
  claimHeartbeat(deviceId: string, sentAt: number): Promise<boolean>;
  /** Forgets signing times older than `before`: the freshness window refuses those heartbeats anyway. */
  pruneHeartbeats(before: number): Promise<void>;
  find(deviceId: string): Promise<PresenceRecord | null>;
  count(): Promise<number>;
  /** Removes the offline desk heard longest ago; false when every tracked desk is live. */
  evictStalestOffline(): Promise<boolean>;
  /** One upsert: keeps stateSince while the user and state stay, and syncableSince while the desk stays syncable. */
  record(report: PresenceReport, now: number): Promise<PresenceRecord>;
  /** The device turns offline at once if its heartbeats belong to this session; null when they do not. */
  signOut(deviceId: string, familyId: string, now: number): Promise<PresenceRecord | null>;
  /** Turns offline, in one statement, every live desk last heard before `cutoff`; each is returned to exactly one caller. */
  sweep(cutoff: number, now: number): Promise<PresenceRecord[]>;
  /** Every tracked desk, heard longest ago first. */
  all(): Promise<PresenceRecord[]>;
}

export interface IngestCharge {
  readonly subject: string;
  readonly at: number;
  readonly events: number;
  readonly bytes: number;
}

export interface IngestChargeRepo {
  /**
   * Charges `usage` to every subject or to none, in one statement: only when no
   * subject's window would pass any quota. Parallel callers never over-admit.
   */
  charge(
    subjects: readonly string[],
    now: number,
    usage: { events: number; bytes: number },
    quotas: readonly { windowSeconds: number; maxEvents: number; maxBytes: number }[],
  ): Promise<boolean>;
  /** The subjects' charges after `since`, oldest first (to tell a refused caller when to come back). */
  recent(subjects: readonly string[], since: number): Promise<IngestCharge[]>;
  prune(before: number): Promise<void>;
}

/** Sliding windows of hits per subject: failed sign-ins per name, per address and overall; card lookups per user. */
export interface WindowRepo {
  /** Records a hit and returns the hits of the subject within the window, this one included. */
  hit(windowName: string, subject: string, at: number, windowMs: number): Promise<number>;
  /** The open per-source alert last raised for an address, if any. */
  sourceAlert(source: string): Promise<string | null>;
  setSourceAlert(source: string, alertId: string, at: number): Promise<void>;
  /** Forgets hits before `hitsBefore` and source alerts recorded before `sourcesBefore`. */
  prune(hitsBefore: number, sourcesBefore: number): Promise<void>;
}

/** Sign-in attempts being verified per account, across instances: a counter row with an expiry, so a crashed instance's slots lapse. */
export interface AttemptSlotRepo {
  /** Takes a slot when fewer than `max` are held (or the count has lapsed); false when the account is at its bound. */
  acquire(userId: string, max: number, now: number, ttlMs: number): Promise<boolean>;
  release(userId: string): Promise<void>;
}

/** What used to live in one instance's memory, in the database so every instance shares it. */
export interface LiveStateStore {
  readonly feed: FeedRepo;
  readonly presence: PresenceRepo;
  readonly ingestCharges: IngestChargeRepo;
  readonly windows: WindowRepo;
  readonly attemptSlots: AttemptSlotRepo;
}

export interface PromisedHead {
  readonly deviceId: string;
  readonly seq: number;
  readonly hash: string;
  /** The promised seq that must reach the gateway, and since when; null when everything promised was synced. */
  readonly awaitSeq: number | null;
  readonly awaitSince: number | null;
}

/** The highest audit queue head each device has promised in a signed heartbeat, kept so a restart does not forget it. */
export interface DeviceHeadRepo {
  get(deviceId: string): Promise<PromisedHead | null>;
  put(head: PromisedHead): Promise<void>;
}

export interface GatewayStore {
  readonly engine: Engine;
  /** The Kysely handle, for repos added beside these. */
  readonly storage: Storage;
  readonly identity: IdentityRepo;
  readonly customers: CustomerRepo;
  readonly audit: AuditRepo;
  readonly alerts: AlertRepo;
  readonly heads: DeviceHeadRepo;
  /** Whether every migration this gateway knows is applied (readiness). */
  migrationsCurrent(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * An append found the device's chain head already moved past the sequence it
 * builds on: another request (or gateway instance) stored that sequence first.
 */
export class ChainHeadConflict extends Error {
  readonly deviceId: string;
  readonly expectedSeq: number;
  constructor(deviceId: string, expectedSeq: number) {
    super(`the audit chain of ${deviceId} no longer ends at sequence ${expectedSeq}`);
    this.name = 'ChainHeadConflict';
    this.deviceId = deviceId;
    this.expectedSeq = expectedSeq;
  }
}
