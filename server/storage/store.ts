// The gateway's storage, as a small set of repository interfaces. One Kysely
// implementation (server/storage/repos/) runs them on the embedded SQLite
// default and on PostgreSQL for fleet scale.
import type { TransparencyLogRepo } from './repos/tlog-repo.ts';
import type { AuditExportRepo } from './repos/audit-export-repo.ts';
import type { AuditEvent } from '../../shared/audit.ts';
import type { Audited } from '../core/audit-port.ts';
import type { TrainingRepo } from './training-store.ts';
import type { WrapupRepo } from './wrapup-store.ts';
import type { Insertable } from 'kysely';
import type { AuditArchiveLogTable, AuditEventsTable, CustomersTable, OrdersTable, PaymentsTable, ShipmentsTable, SubscriptionsTable } from './tables.ts';
import type { ContactCenterLink, ServiceAccountScope } from '../../shared/schemas/service-accounts.ts';
import type { WebhookMapping } from '../../shared/schemas/webhook-mapping.ts';
import type { SupervisorStreamEvent } from '../../shared/api.ts';
import type { AgentPresence } from '../../shared/schemas/supervision.ts';
import type { CardBrand } from '../../shared/pan.ts';
import type { CallEventKind, CallState, ContactPlatform } from '../../shared/schemas/calls.ts';
import type { Role } from '../../shared/roles.ts';
import type { z } from 'zod';
import type { DISABLED_REASONS } from '../../shared/schemas/admin.ts';
import type { PaymentSchema } from '../../shared/schemas/customer.ts';
import type { EnrolmentKind } from '../../shared/schemas/admin.ts';
import type { AuditFlag } from '../../shared/schemas/supervision.ts';
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
export type DisabledReason = (typeof DISABLED_REASONS)[number];

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
  /** Why it is disabled: by an admin, or by the inactivity rule (8.2.6); null while enabled. */
  readonly disabledReason: DisabledReason | null;
  /** The password is a one-time password: the next sign-in must change it (8.3.5). */
  readonly mustChangePassword: boolean;
  /** When a one-time password stops working for sign-in, or null. */
  readonly passwordExpiresAt: number | null;
  readonly createdAt: number;
  readonly lastSignInAt: number | null;
  /** When an admin last re-enabled the account: inactivity counts from then at the earliest. */
  readonly enabledAt: number | null;
  /** A TOTP secret being enrolled (sealed like mfaSecretSealed) and when that offer runs out. */
  readonly mfaPendingSealed: string | null;
  readonly mfaPendingExpiresAt: number | null;
  /** False only for demo accounts that sign in without MFA; any other account without a secret must enrol one. */
  readonly mfaRequired: boolean;
  /** After an admin's MFA reset: the hash of the enrolment code the new enrolment must present, and its expiry. */
  readonly mfaResetHash: string | null;
  readonly mfaResetExpiresAt: number | null;
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
  /** Since when the desk says it is locked: only an unlock (reauth) reaches the session then. */
  readonly lockedAt: number | null;
}

export interface DeviceRecord {
  readonly deviceId: string;
  readonly publicKey: string;
  readonly enrolledAt: number;
  readonly enrolledBy: string;
  /** Since when an admin has revoked it: no sign-in, refresh or heartbeat; its audit trail is still taken, flagged. */
  readonly revokedAt: number | null;
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
  /** Locks the account until `until` and revokes all its sessions, at once, returning them; null when it was already locked. */
  lockAccount(userId: string, until: number, now: number): Promise<EndedSession[] | null>;
  /** Disables the account and revokes all its sessions, at once. */
  disableAccount(userId: string, at: number): Promise<void>;
  /** Compare-and-set: consumes the TOTP time step only if it is later than the last one; false is a replay. */
  consumeTotpStep(userId: string, step: number): Promise<boolean>;
  /** A successful sign-in (login or unlock): inactivity counts from here. */
  recordSignIn(userId: string, at: number): Promise<void>;
  /** Hashes of the account's earlier passwords, newest first. */
  passwordHistory(userId: string, limit: number): Promise<string[]>;
  /** When the user last set a password themselves (ms), or null if never. */
  lastPasswordChangeAt(userId: string): Promise<number | null>;
  /**
   * Compare-and-set on the current hash: sets the new password, ends the
   * one-time-password state, records the new hash in the history and revokes
   * every other session of the account, at once. Returns the sessions it ended;
   * null when the password changed meanwhile (a parallel change won).
   */
  changePassword(change: { userId: string; currentHash: string; newHash: string; at: number; keepFamilyId: string }): Promise<EndedSession[] | null>;
  /**
   * Offers a TOTP secret for enrolment (replacing an earlier offer); false unless the password is set, no MFA is
   * enrolled and, after an MFA reset, `resetHash` is the unexpired reset code's hash (checked in the same statement).
   */
  offerMfaSecret(userId: string, sealed: string, expiresAt: number, reset: { hash: string | null; now: number }): Promise<boolean>;
  /** Compare-and-set: moves exactly this offered secret, not run out, into place (using up an MFA reset code); false when it is gone, changed or expired. */
  enrolOfferedMfaSecret(userId: string, sealed: string, now: number): Promise<boolean>;
  /**
   * Disables, with reason 'inactivity', every enabled account (or only `userId`)
   * whose latest of sign-in, creation and re-enabling is at or before `cutoff`, and
   * revokes their sessions, at once; returns the accounts it disabled. It never disables the last usable admin
   * (enabled, set up, not locked): when every usable admin is stale, the one active most recently is kept, and returned.
   */
  disableInactive(cutoff: number, at: number, userId?: string): Promise<{ disabled: UserRecord[]; keptLastAdmin: UserRecord | null }>;
  findDevice(deviceId: string): Promise<DeviceRecord | null>;
  /** Stores a login challenge for a device, and forgets those that have run out. */
  insertChallenge(challenge: { nonce: string; deviceId: string; expiresAt: number }, now: number): Promise<void>;
  /** Atomically uses up a challenge of this device that has not run out; false when there is none. */
  consumeChallenge(nonce: string, deviceId: string, now: number): Promise<boolean>;
  /**
   * Opens a session only while the account's password, roles and MFA secret are still those the sign-in verified
   * (`checked`) and it is not disabled, checked with the insert at once: false (and no session) when a change that
   * ends the account's sessions committed after the sign-in read the account, and would have missed this one.
   */
  createSessionFamily(family: Omit<SessionFamilyRecord, 'revokedAt' | 'lockedAt'>, checked: Pick<UserRecord, 'passwordHash' | 'roles' | 'mfaSecretSealed'>): Promise<boolean>;
  findSessionFamily(familyId: string): Promise<SessionFamilyRecord | null>;
  /** Which of these sessions are still live (not revoked, not past their end) at `now`: one read for many held watches. */
  liveFamilyIds(familyIds: readonly string[], now: number): Promise<Set<string>>;
  revokeFamily(familyId: string, at: number): Promise<void>;
  /** Marks a live session locked, as a desk's heartbeat signed at `signedAt` says; no-op if it was unlocked after that. */
  lockSession(familyId: string, at: number, signedAt: number): Promise<void>;
  unlockSession(familyId: string, at: number): Promise<void>;
  insertRefreshToken(token: RefreshTokenRecord): Promise<void>;
  findRefreshToken(tokenHash: string): Promise<RefreshTokenRecord | null>;
  /** Atomically marks the token used; false when it already was (a reuse). */
  consumeRefreshToken(tokenHash: string, at: number): Promise<boolean>;
  /** Marks every unused refresh token of a session used (its tokens are being reissued). */
  retireRefreshTokens(familyId: string, at: number): Promise<void>;
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
  /** The keyed hash a call matches on (customers/phone-hmac.ts); null when unknown or not a phone number. */
  readonly phoneHmac: string | null;
  readonly city: string;
  readonly postcode: string;
  readonly country: string;
  readonly memberSince: string;
}
export type StoredPayment = Omit<Payment, 'card'> & { cardId: string | null };
export type StoredOrder = Omit<Order, 'payments'> & { payments: StoredPayment[] };
export interface CustomerRecordSet {
  readonly customer: StoredCustomer;
  readonly cards: CardRecord[];
  readonly orders: StoredOrder[];
  readonly subscriptions: Subscription[];
  readonly notes: Note[];
}

/**
 * What a customer's revision is made of: the version of each record a source wrote for it (the customer, its
 * orders with their payments and shipments, its subscriptions), and how many notes it has (notes are never removed,
 * and a subscription extension adds one). Each changes with every write that changes what the desk shows.
 */
export interface CustomerRevisionFacts {
  readonly versions: readonly { readonly type: string; readonly id: string; readonly version: number }[];
  readonly notes: number;
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

export interface PrivacyRequestRecord {
  readonly requestId: string;
  readonly customerId: string;
  readonly kind: string;
  readonly law: string;
  readonly verification: string;
  readonly status: string;
  readonly receivedAt: number;
  readonly dueAt: number;
  readonly extension: { readonly reason: string; readonly at: number } | null;
  readonly openedBy: string;
  readonly completedAt: number | null;
  readonly completedBy: string | null;
}

export interface LegalHoldRecord {
  readonly holdId: string;
  readonly customerId: string;
  readonly reason: string;
  readonly owner: string;
  readonly placedBy: string;
  readonly placedAt: number;
  readonly expiresAt: number;
  readonly releasedAt: number | null;
}

export type CompleteRequestOutcome =
  | { readonly outcome: 'not_found' | 'not_open' }
  | { readonly outcome: 'on_hold'; readonly holds: LegalHoldRecord[] }
  | { readonly outcome: 'done'; readonly erased: boolean; readonly request: PrivacyRequestRecord };

/** Data-subject requests and legal holds (repos/privacy-repo.ts). */
export interface PrivacyRepo {
  openRequest(request: Omit<PrivacyRequestRecord, 'status' | 'extension' | 'completedAt' | 'completedBy'>): Promise<void>;
  requests(): Promise<PrivacyRequestRecord[]>;
  request(requestId: string): Promise<PrivacyRequestRecord | null>;
  /** Moves the due date once, while the request is open; false when it was extended already or is closed. */
  extend(requestId: string, change: { dueAt: number; reason: string; at: number }): Promise<boolean>;
  /** Closes an open request; an erasure request completed erases the customer in the same transaction, unless a live hold stops it. */
  complete(requestId: string, change: { status: 'completed' | 'refused'; by: string; at: number }): Promise<CompleteRequestOutcome>;
  /** The holds on these customers that are neither released nor expired at `now`. */
  holdsOf(customerIds: readonly string[], now: number): Promise<LegalHoldRecord[]>;
  placeHold(hold: Omit<LegalHoldRecord, 'releasedAt'>): Promise<void>;
  /** Null when there is no such hold, or it was released already. */
  releaseHold(holdId: string, by: string, at: number): Promise<LegalHoldRecord | null>;
}

/** Everything held about a customer, read by the declared data map (repos/customer-export.ts). */
export interface CustomerExport {
  readonly customerId: string;
  /** Each mapped table's rows, personal columns opened, keyed hashes left out, staff by pseudonym. */
  readonly tables: Record<string, Record<string, unknown>[]>;
  /** Who looked at the customer's data: when, in which role, through which action (the staff member by pseudonym). */
  readonly accessHistory: { at: string; action: string; outcome: string; roles: string[]; staff: string | null }[];
}

export type ErasureOutcome = { readonly outcome: 'erased' | 'not_found' } | { readonly outcome: 'already_erased'; readonly erasedAt: number };

/** Begins customers.phone_hmac for a number that is no phone number: never a hex HMAC, so it matches no call. */
export const UNUSABLE_PHONE_PREFIX = 'unusable:';

export interface CustomerRepo {
  count(): Promise<number>;
  /** Bulk load (demo seed, CRM import), in one transaction. */
  importCustomers(records: readonly CustomerRecordSet[]): Promise<void>;
  findCustomerIds(
    query: { by: 'customerId' | 'order'; value: string } | { by: 'card'; panHmac: string } | { by: 'phone'; phoneHmac: string },
    limit: number,
  ): Promise<string[]>;
  /**
   * Customers whose phone hash is not filled yet, or whose number was found unusable under another reading than
   * `unusable` (an UNUSABLE_PHONE_PREFIX mark), by customer ID after `after`: the start-up backfill pages through them.
   */
  phonesWithoutHmac(after: string | null, limit: number, unusable: string): Promise<{ customerId: string; phone: string }[]>;
  setPhoneHmacs(rows: readonly { customerId: string; phoneHmac: string }[]): Promise<void>;
  summaries(customerIds: readonly string[]): Promise<{ customer: StoredCustomer; cards: CardRecord[] }[]>;
  detail(customerId: string): Promise<CustomerRecordSet | null>;
  /** Null when there is no such customer. A few index lookups, no customer data. */
  revisionFacts(customerId: string): Promise<CustomerRevisionFacts | null>;
  /** False when the customer has no data key (erased, or unknown): nothing is stored. */
  addNote(note: Note): Promise<boolean>;
  /** Erasure by crypto-shredding (repos/customer-erasure.ts), atomic: the key and the personal fields go together. */
  erase(customerId: string, at: number): Promise<ErasureOutcome>;
  /** Deletes notes written before `notesBefore` and closed orders (with their payments and shipments) placed before `closedOrdersBefore`; ISO times. */
  purgeRetained(cutoffs: { notesBefore: string; closedOrdersBefore: string }): Promise<{ notes: number; orders: number }>;
  /** Null for an erased or unknown customer. `staff` turns a staff member's ID or name into its pseudonym. */
  exportData(customerId: string, staff: (id: string) => string): Promise<CustomerExport | null>;
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

/** One call as the contact-center platform reported it; times are epoch ms. */
export interface StoredCall {
  /** The gateway's own ID for the call (the platform's stays here, never sent to a desk or the audit trail). */
  readonly callId: string;
  readonly platform: ContactPlatform;
  readonly platformCallId: string;
  readonly queue: string | null;
  readonly callerHmac: string | null;
  readonly callerMasked: string;
  readonly agentUserId: string | null;
  readonly state: CallState;
  readonly offeredAt: number;
  readonly stateSince: number;
  readonly answeredAt: number | null;
  readonly endedAt: number | null;
  readonly wrappedAt: number | null;
  readonly abandoned: boolean;
  /** The agent whose desk was last given this call's pop (its read is on record). */
  readonly poppedTo: string | null;
  /** The time of the latest event applied: an older event arriving late does not move the state back. */
  readonly updatedAt: number;
}

export interface CallRepo {
  /**
   * Applies one platform event in one transaction, serialised per call: records it (a second delivery is
   * `duplicate` and changes nothing) and stores what `next` makes of the call (null: none yet).
   */
  apply(
    event: { platform: ContactPlatform; eventId: string; platformCallId: string; kind: CallEventKind; at: number; receivedAt: number },
    next: (current: StoredCall | null) => StoredCall,
  ): Promise<{ duplicate: boolean; call: StoredCall | null }>;
  /** The newest call on this agent's desk (ringing, on a call, held or in wrap-up), or null. */
  currentFor(agentUserId: string): Promise<StoredCall | null>;
  markPopped(callId: string, agentUserId: string): Promise<void>;
  /** Calls waiting now, calls on agents' desks now, and calls answered or ended within [from, to]. */
  floor(range: { from: number; to: number }): Promise<{ waiting: number; active: StoredCall[]; answeredIn: number; endedIn: StoredCall[] }>;
  /** Forgets the calls that ended before `cutoff` (or, never ended, were last changed before it) with their events; how many calls. */
  purgeBefore(cutoff: number): Promise<number>;
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
  readonly flag?: AuditFlag | null;
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
  /** `device_revoked`: the device was revoked when the gateway stored this batch. */
  readonly flag?: AuditFlag | null;
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
  /** Its leaf hash in the transparency log (hex); null for an entry stored before the log existed. */
  readonly leafHash: string | null;
}

/** A device's head next to what its events say, read in one statement (so an append cannot fall between). */
export interface HeadCheck {
  readonly deviceId: string;
  readonly head: { seq: number; hash: string } | null;
  readonly lastSeq: number | null;
  readonly hashAtHeadSeq: string | null;
  readonly maxAckedSeq: number | null;
  /**
   * The head the desk last promised in a signed heartbeat, `confirmed` once the gateway had stored through it
   * (nothing left to await), with the hash stored at its seq: a confirmed promise the trail no longer reaches is a vanished trail.
   */
  readonly promised: { seq: number; hash: string; confirmed: boolean; storedHash: string | null } | null;
}

export interface AuditRepo {
  head(deviceId: string): Promise<DeviceChainHead | null>;
  entryHashes(deviceId: string, fromSeq: number, toSeq: number): Promise<Map<number, string>>;
  findBatch(batchId: string): Promise<BatchRecord | null>;
  /**
   * Appends entries, moves the head and records the batch ack (when there is a
   * batch), all or nothing; an entry already stored is a conflict, never a
   * replacement. Returns each entry's stream position: a number that grows with
   * every stored event, across devices, for SSE resumption. `feed`, when given,
   * is stored in the live feed in the same transaction: a stored event cannot
   * miss the supervisor stream, nor the stream show an event not stored.
   */
  appendBatch(entries: readonly StoredEntry[], batch: BatchRecord | null, feed?: StoredFeed): Promise<number[]>;
  /** Whether the gateway's own trail shows `userId` signing in on `deviceId` at or before `at`. */
  signedInOn(userId: string, deviceId: string, at: string): Promise<boolean>;
  /** The customer records the gateway served to a desk (its own successful customer.view events naming the desk), `after` < at ≤ `through`, oldest first, at most `limit`. */
  gatewayReadsFor(deviceId: string, after: string, through: string, limit: number): Promise<{ customerId: string; at: string }[]>;
  /** The customer IDs of the desk's own customer.view events from `from` to `to` (inclusive). */
  deskViews(deviceId: string, from: string, to: string): Promise<Set<string>>;
  /** Whether the gateway's own trail shows `userId` shown the record of `customerId` (a successful customer.view) at or after `since`. */
  viewedCustomer(userId: string, customerId: string, since: string): Promise<boolean>;
  /** Stored events after a stream position, oldest first (SSE Last-Event-ID replay). */
  since(position: number, limit: number): Promise<{ position: number; event: StoredAuditEvent }[]>;
  /**
   * One page, newest first; given `maxBytes`, a page also ends before its JSON would pass it. `archive`
   * searches the months retention detached (PostgreSQL); on SQLite every event stays in the one store.
   */
  /** `unflagged`: only events without a flag, for reports and counts (a flagged event is evidence, not activity). */
  search(query: AuditSearchQuery & { readonly unflagged?: boolean }, maxBytes?: number, scope?: 'searchable' | 'archive'): Promise<{ events: StoredAuditEvent[]; nextCursor: string | null }>;
  activity(query: { from: string; to: string; userId?: string | undefined }): Promise<ActivityReportRow[]>;
  /** Chain rows in (device, seq) order after a key, for the verifier's walk. */
  chainRows(after: { deviceId: string; seq: number } | null, limit: number): Promise<RawChainRow[]>;
  /** Every device with a head, an event, a batch or a promised head. */
  headChecks(): Promise<HeadCheck[]>;
  /** Per device, the chain end of its latest month dropped by retention: its kept chain starts after it. */
  chainFloors(): Promise<Map<string, ChainFloor>>;
  /** Stored batches in (device, batch ID) order after a key, each with the hash stored at its signed head. */
  batchAnchors(after: { deviceId: string; batchId: string } | null, limit: number): Promise<BatchAnchor[]>;
  /**
   * Names of append-only triggers that are missing or altered; each is put back as it should be, unless the
   * store's role may not (the gateway's production role): then `restored` is false and the owner must.
   */
  restoreTriggers(): Promise<{ broken: string[]; restored: boolean }>;
}

/** A session a change of credentials ended, and the desk it was on. */
export interface EndedSession {
  readonly familyId: string;
  readonly deviceId: string;
}

export interface AlertRepo {
  /**
   * Folds `candidate` into the open alert of its kind and subject (adding its occurrences), or stores it when
   * there is none; one subject's calls take turns in the database. previousOccurrences is null for a new alert.
   * With a `source` (a client address, which an alert's user and device cannot name) the subject is that
   * address: the open alert is the one last raised for it, and the new one is recorded as such in the same transaction.
   * With `quietSince` (an ISO time) and no open alert, an alert of the subject acknowledged at or after it takes
   * the repeat instead: an acknowledged condition that persists does not reopen at once.
   */
  foldOrInsert(candidate: Alert, options?: { source?: string; quietSince?: string }): Promise<{ alert: Alert; previousOccurrences: number | null }>;
  /** Forgets which alert an address raised, recorded at or before `before`, once that alert is acknowledged (or gone). */
  forgetSourceAlerts(before: number): Promise<void>;
  find(alertId: string): Promise<Alert | null>;
  list(status: 'open' | 'acknowledged' | 'all'): Promise<Alert[]>;
  /** Appends an acknowledgement; earlier ones stay as they were. Null for no such alert, 'full' when it already has ALERT_MAX_ACKS. */
  appendAck(alertId: string, ack: AlertAck): Promise<Alert | null | 'full'>;
}

/** An account as the people administration reads it. */
export interface ManagedAccountRecord {
  readonly userId: string;
  readonly username: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  readonly mfaEnrolled: boolean;
  readonly mustChangePassword: boolean;
  readonly lockedUntil: number | null;
  readonly disabledAt: number | null;
  readonly disabledReason: DisabledReason | null;
  readonly createdAt: number;
  readonly lastSignInAt: number | null;
}

/** Why an admin change was refused by the store's own check, decided in the same statement as the change. */
export type AdminChangeOutcome =
  | {
      readonly ok: true;
      readonly account: ManagedAccountRecord;
      /** As it was before the change; none for a new account. */
      readonly previous: ManagedAccountRecord | null;
      /** The sessions the change ended (disable, role, MFA or password reset): their desks' watches end on every instance. */
      readonly endedSessions: readonly EndedSession[];
    }
  | { readonly ok: false; readonly refusal: 'not_found' | 'last_admin' | 'actor_inactive' | 'unchanged' | 'username_taken' | 'approval_required' };

export type BreakGlassOutcome = { readonly ok: true; readonly account: ManagedAccountRecord } | { readonly ok: false; readonly refusal: 'usable_admin_exists' | 'not_an_admin' };

/**
 * The gateway audit record of what a write decided (null: nothing to record, as for a refusal that changes
 * nothing and is answered as such): the write appends it to the gateway chain in its own transaction.
 */
export type RecordOf<T> = (outcome: T) => AuditEvent | null;
/** The gateway audit records of what a write decided (none, one, or one per aspect it changed). */
export type RecordsOf<T> = (outcome: T) => readonly AuditEvent[];

export interface NewAccount {
  readonly userId: string;
  readonly username: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  readonly passwordHash: string;
  readonly passwordExpiresAt: number;
  readonly createdAt: number;
}

export interface AccessReviewRecord {
  readonly reviewId: string;
  readonly at: number;
  readonly byUserId: string;
  readonly byUsername: string;
  readonly note: string;
  readonly accounts: number;
  /** The generatedAt (epoch ms) of the review it acknowledged; null for a sign-off from before binding. */
  readonly coversThrough: number | null;
  readonly reviewHash: string | null;
}

/**
 * People administration. Every change is one transaction that checks, changes
 * and records together (the last usable admin, the actor still being an active
 * admin, the audit record), so parallel admins cannot talk past each other and
 * no change outlives a failed audit write.
 */
export interface AdminRepo {
  listAccounts(): Promise<ManagedAccountRecord[]>;
  findAccount(userId: string): Promise<ManagedAccountRecord | null>;
  /**
   * Creates an account with a one-time password (must be changed, MFA to enrol) while `actorId` is still an
   * active admin; refuses a taken username. Each change below appends its record in the same transaction.
   */
  createAccount(change: { actorId: string; account: NewAccount }, record: RecordOf<AdminChangeOutcome>): Promise<Audited<AdminChangeOutcome>>;
  /** The first admin of an empty store and its first desk's grant; false when any account exists (checked in the same transaction). */
  createFirstAdmin(first: { account: NewAccount; grant: EnrolmentGrantRecord }, record: () => AuditEvent[]): Promise<Audited<boolean>>;
  /**
   * Sets roles and ends the account's sessions (their tokens carry the old roles); refuses to leave no usable admin,
   * and, with `requireSecondAdmin`, a change that needs a second admin's approval (shared/second-admin.ts).
   */
  setRoles(change: { actorId: string; userId: string; roles: readonly Role[]; at: number; requireSecondAdmin: boolean }, record: RecordOf<AdminChangeOutcome>): Promise<Audited<AdminChangeOutcome>>;
  /** Disables (reason 'admin') and ends every session at once; refuses to leave no usable admin. */
  disable(change: { actorId: string; userId: string; at: number }, record: RecordOf<AdminChangeOutcome>): Promise<Audited<AdminChangeOutcome>>;
  /** Re-enables: inactivity counts from `at` (enabled_at). */
  enable(change: { actorId: string; userId: string; at: number }, record: RecordOf<AdminChangeOutcome>): Promise<Audited<AdminChangeOutcome>>;
  unlock(change: { actorId: string; userId: string; at: number }, record: RecordOf<AdminChangeOutcome>): Promise<Audited<AdminChangeOutcome>>;
  /** Forgets the TOTP secret and ends the account's sessions; the next enrolment must present the reset code (its hash kept here). */
  resetMfa(change: { actorId: string; userId: string; at: number; resetHash: string; resetExpiresAt: number }, record: RecordOf<AdminChangeOutcome>): Promise<Audited<AdminChangeOutcome>>;
  /** A new one-time password that must be changed; ends the account's sessions. */
  resetPassword(change: { actorId: string; userId: string; passwordHash: string; expiresAt: number; at: number }, record: RecordOf<AdminChangeOutcome>): Promise<Audited<AdminChangeOutcome>>;
  /**
   * Break-glass, from the host: only while no usable admin exists, the named admin account is enabled, unlocked,
   * given a new one-time password and made to enrol MFA again (its sessions end).
   */
  breakGlass(
    change: { username: string; passwordHash: string; expiresAt: number; at: number },
    record: RecordOf<BreakGlassOutcome>,
  ): Promise<Audited<BreakGlassOutcome>>;
  latestReview(): Promise<AccessReviewRecord | null>;
  /** Keeps what a generated review showed (its time and the hash of its rows), so a sign-off can name it. */
  recordReviewGeneration(generation: { generatedAt: number; reviewHash: string; byUserId: string }): Promise<void>;
  /** Whether the gateway generated a review at this time with these rows. */
  reviewGenerated(generatedAt: number, reviewHash: string): Promise<boolean>;
  /** Stores a sign-off with its record; false (nothing stored) when one covering the same review or a later one is stored already. */
  insertReview(review: AccessReviewRecord, record: AuditEvent): Promise<Audited<boolean>>;
  /** The gateway's own successful audit events about accounts that carry `details.action`, after `after` (ISO), oldest first. */
  accountChangesSince(after: string | null): Promise<AuditEvent[]>;
  /** The admin who created the account; null when unknown (the first admin, demo accounts). */
  creatorOf(userId: string): Promise<string | null>;
}

/** A change waiting for, or decided by, a second admin (shared/second-admin.ts). */
export interface AdminApprovalRecord {
  readonly approvalId: string;
  readonly kind: 'create' | 'roles';
  readonly userId: string;
  readonly username: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  readonly reason: string;
  readonly requestedBy: string;
  readonly requestedByUsername: string;
  readonly requestedAt: number;
  readonly expiresAt: number;
  readonly decision: 'approved' | 'rejected' | null;
  readonly decidedByUsername: string | null;
  readonly decidedAt: number | null;
}

/** Why the store refused a request, approval or rejection, decided in its transaction. */
export type ApprovalRefusal =
  | 'not_found'
  | 'actor_inactive'
  | 'decided'
  | 'expired'
  | 'own_request'
  | 'created_by_requester'
  | 'creator_of_requester'
  | 'own_account'
  | 'requester_inactive'
  | 'username_taken'
  | 'pending_exists'
  | 'approver_exists'
  | 'host_creates_only';

export type ApprovalOutcome =
  | { readonly ok: true; readonly approval: AdminApprovalRecord; readonly change: Extract<AdminChangeOutcome, { ok: true }> | null }
  | { readonly ok: false; readonly refusal: ApprovalRefusal | Exclude<AdminChangeOutcome, { ok: true }>['refusal'] };

/**
 * Changes that need a second admin. A request, an approval (with the change it makes) and a rejection are each one
 * transaction under the admin lock with their audit records: no record, no change.
 */
export interface AdminApprovalRepo {
  list(): Promise<AdminApprovalRecord[]>;
  /** Stores a request while its requester is an active admin: for `roles` the account must exist, for `create` its username be free. */
  request(
    approval: Omit<AdminApprovalRecord, 'requestedByUsername' | 'decision' | 'decidedByUsername' | 'decidedAt'>,
    record: RecordOf<ApprovalOutcome>,
  ): Promise<Audited<ApprovalOutcome>>;
  /**
   * Approves an open, unexpired request and makes its change, while the approver is an active admin who is not its
   * requester, not an account the requester created and not the account changed, and the requester is still an active admin.
   * `actorId` null: the host approves (npm run admin -- approve), only while no usable admin could.
   */
  approve(
    decision: { approvalId: string; actorId: string | null; at: number; passwordHash: string; passwordExpiresAt: number },
    record: (outcome: ApprovalOutcome) => readonly AuditEvent[],
  ): Promise<Audited<ApprovalOutcome>>;
  /** Rejects an open request (its requester may withdraw it). */
  reject(decision: { approvalId: string; actorId: string; at: number }, record: RecordOf<ApprovalOutcome>): Promise<Audited<ApprovalOutcome>>;
}

/** An admin's approval for new desks; the secret itself is never stored, only its SHA-256. */
export interface EnrolmentGrantRecord {
  readonly grantId: string;
  readonly kind: EnrolmentKind;
  readonly secretHash: string;
  readonly reason: string;
  /** The issuing admin's user ID. */
  readonly issuedBy: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
  /** A code is used once; a policy token never is. */
  readonly usedAt: number | null;
  readonly usedByDevice: string | null;
  /** The account a code was issued for: only that account's sign-in enrols with it. Absent or null: any account's. */
  readonly forUserId?: string | null;
}

/** A grant as the admins list it, with the names of the admins involved. */
export interface EnrolmentGrantListing extends EnrolmentGrantRecord {
  readonly issuedByName: string | null;
  readonly forUsername: string | null;
  readonly revokedAt: number | null;
  readonly revokedByName: string | null;
}

/** Why an enrolment did not happen: the secret is no longer usable (a parallel login took the code), or the device ID got enrolled meanwhile. */
export type EnrolmentOutcome =
  | { readonly enrolled: true; readonly grant: EnrolmentGrantRecord; /** Desks this user enrolled within the cap's day, this one included. */ readonly userDesksToday: number }
  | { readonly enrolled: false; readonly why: 'grant_unusable' | 'device_exists' | 'grant_cap' | 'user_cap' | 'grant_other_account' };

/** A device as the admin device list shows it, with the names of the people involved. */
export interface ManagedDeviceRecord extends DeviceRecord {
  /** How it was approved; 'demo_seed' for desks enrolled before approvals existed (migration 004's default). */
  readonly enrolledVia: EnrolmentKind | 'demo_seed';
  /** Username of the admin who issued the grant that enrolled it. */
  readonly approvedBy: string | null;
  readonly lastUser: { readonly userId: string; readonly username: string } | null;
  readonly lastSeenAt: number | null;
  readonly appVersion: string | null;
  readonly revokedBy: string | null;
  readonly revokeReason: string | null;
  readonly batchesAfterRevoke: number;
}

/** Why the store refused a device administration write, decided in its transaction. */
export type DeviceAdminRefusal = 'actor_inactive' | 'not_found' | 'unchanged';
export type DeviceAdminOutcome<R extends DeviceAdminRefusal = DeviceAdminRefusal> = { readonly ok: true } | { readonly ok: false; readonly refusal: R };

export interface DeviceRepo {
  /** Stores a grant as it is (the harness's policy token); an admin's issue goes through issueGrant. */
  insertGrant(grant: EnrolmentGrantRecord): Promise<void>;
  /** Stores a grant while its issuer is still an active admin, with its record, in one transaction. */
  issueGrant(grant: EnrolmentGrantRecord, record: RecordOf<DeviceAdminOutcome<'actor_inactive' | 'not_found'>>): Promise<Audited<DeviceAdminOutcome<'actor_inactive' | 'not_found'>>>;
  /** Every grant, newest first (never a secret: only its hash is stored). */
  listGrants(): Promise<EnrolmentGrantListing[]>;
  /** Revokes a grant not yet used up, while the admin is still an active admin, with its record, in one transaction. */
  revokeGrant(
    grantId: string,
    revocation: { at: number; byUserId: string; reason: string },
    record: RecordOf<DeviceAdminOutcome>,
  ): Promise<Audited<DeviceAdminOutcome>>;
  /** The grant behind a secret of this kind that is unexpired, unrevoked and (for a code) unused, or null. Reads only. */
  findUsableGrant(kind: EnrolmentKind, secretHash: string, now: number): Promise<EnrolmentGrantRecord | null>;
  /**
   * In one transaction: uses the grant up (a code: by one conditional update, so
   * of two desks racing one code exactly one wins) and enrols the device. Nothing
   * changes when either step fails.
   */
  enrolWithGrant(
    device: { deviceId: string; publicKey: string; enrolledAt: number; enrolledBy: string; appVersion: string },
    grant: { kind: EnrolmentKind; secretHash: string },
    /** At most `perGrant` desks per policy token, and `perUserPerDay` desks enrolled at one user's sign-ins since `dayStart`, counted in the same transaction. */
    caps: { perGrant: number; perUserPerDay: number; dayStart: number },
  ): Promise<EnrolmentOutcome>;
  /** A successful sign-in on the device: its last user, last seen and app version. */
  noteSignIn(deviceId: string, sighting: { userId: string; appVersion: string; at: number }): Promise<void>;
  list(): Promise<ManagedDeviceRecord[]>;
  find(deviceId: string): Promise<ManagedDeviceRecord | null>;
  /**
   * Marks the device revoked and revokes every live session family of it, while the admin is still an active
   * admin, with its record, in one transaction; `familyIds` the sessions it ended.
   */
  revoke(
    deviceId: string,
    revocation: { at: number; byUserId: string; reason: string },
    record: RecordOf<{ outcome: DeviceAdminOutcome; familyIds: readonly string[] }>,
  ): Promise<Audited<{ outcome: DeviceAdminOutcome; familyIds: string[] }>>;
}
/** Whether the store can serve: the database answers and its schema is the one this build migrates to. */
/** A system of record's service account as stored; the token only as its hash. */
export interface ServiceAccountRecord {
  readonly accountId: string;
  readonly source: string;
  readonly recordTypes: readonly ServiceAccountScope[];
  readonly tokenHash: string;
  /** The gateway's own whsec_ secret, or a Twilio account's auth token. */
  readonly webhookSecretSealed: string;
  readonly webhookMappings: readonly WebhookMapping[];
  readonly contactCenter: ContactCenterLink | null;
  readonly reason: string;
  readonly createdAt: number;
  readonly createdBy: string;
  readonly revokedAt: number | null;
}

export interface ServiceAccountRepo {
  /** False when the source already has a live account. */
  insert(account: ServiceAccountRecord): Promise<boolean>;
  list(): Promise<ServiceAccountRecord[]>;
  findByTokenHash(tokenHash: string): Promise<ServiceAccountRecord | null>;
  findLiveBySource(source: string): Promise<ServiceAccountRecord | null>;
  /** A live account by its ID, or null. */
  findLive(accountId: string): Promise<ServiceAccountRecord | null>;
  /** Sets a live platform account's link; null when there is no such live platform account. */
  setContactCenter(accountId: string, link: ContactCenterLink): Promise<ServiceAccountRecord | null>;
  /** Revokes a live account; null when there is no such live account. */
  revoke(accountId: string, revocation: { at: number; by: string; reason: string }): Promise<ServiceAccountRecord | null>;
  /** Takes a webhook delivery once (false: a replay), and forgets those received before `forgetBefore`. */
  claimDelivery(accountId: string, delivery: string, at: number, forgetBefore: number): Promise<boolean>;
}

/** A card as a payment record brings it: never the number, only what the gateway keeps of it. */
export type CardFacetsRow = Omit<CardRecord, 'cardId' | 'customerId'>;

/** A checked record, in the gateway's columns, ready to write. */
export type PreparedRecord = { readonly id: string; readonly version: number } & (
  | { readonly type: 'customer'; readonly row: Insertable<CustomersTable> }
  | { readonly type: 'order'; readonly row: Insertable<OrdersTable> }
  | { readonly type: 'payment'; readonly row: Omit<Insertable<PaymentsTable>, 'card_id'>; readonly card: CardFacetsRow | null }
  | { readonly type: 'shipment'; readonly row: Insertable<ShipmentsTable> }
  | { readonly type: 'subscription'; readonly row: Insertable<SubscriptionsTable> }
);

/** What writing one prepared record came to. */
export type WriteOutcome =
  | { readonly outcome: 'stored' | 'updated' | 'unchanged' | 'stale' }
  | { readonly outcome: 'unknown_reference'; readonly field: string }
  /** The record belongs to the source that first wrote it, which is not this one. */
  | { readonly outcome: 'owned_by_other_source' };

/**
 * What a write takes in its own transaction besides the records. It first checks that `by.accountId` is live (on
 * PostgreSQL under a share lock, so a revocation waits for the writes in flight and none commits after it) and
 * throws SourceAccountRevoked if not. With `request`, it takes the idempotency key (throwing RequestKeyTaken when
 * another request took it first) and keeps the answer built from the outcomes; with `checkpoint`, an import's position.
 */
export interface RecordWriteOptions {
  readonly checkpoint?: ((outcomes: readonly WriteOutcome[]) => ImportCheckpoint) | undefined;
  readonly request?: { readonly key: string; readonly requestHash: string; readonly answer: (outcomes: readonly WriteOutcome[]) => string } | undefined;
}

/** A write found its service account revoked (or gone) inside its transaction: nothing of it was stored. */
export class SourceAccountRevoked extends Error {
  constructor() {
    super('the service account is no longer live');
    this.name = 'SourceAccountRevoked';
  }
}

/** Another request took this idempotency key of the account first: nothing of this one was stored. */
export class RequestKeyTaken extends Error {
  constructor() {
    super('the idempotency key was taken by another request');
    this.name = 'RequestKeyTaken';
  }
}

/** Where an import of one file stands. */
export interface ImportCheckpoint {
  readonly source: string;
  readonly fileKey: string;
  readonly linesDone: number;
  /** The running totals, JSON-safe. */
  readonly counts: Readonly<Record<string, number>>;
}

export interface RecordRepo {
  /**
   * Writes the records in one transaction, in order, each only if its version is newer than the stored one, under a
   * lock per record, so parallel writers of one record end with the newest. A reference to a customer or order that
   * neither the store nor an earlier record of the call holds refuses that record alone. With `checkpoint`, the
   * import's position (built from the outcomes) is saved in the same transaction.
   */
  upsert(records: readonly PreparedRecord[], by: { accountId: string; source: string; at: number }, options?: RecordWriteOptions): Promise<WriteOutcome[]>;
  findRequest(accountId: string, key: string): Promise<{ requestHash: string; answer: string } | null>;
  checkpoint(source: string, fileKey: string): Promise<ImportCheckpoint | null>;
}

export type StoreReadiness = { readonly ready: true } | { readonly ready: false; readonly reason: string };

/**
 * A session that ended (sign-out, a revocation, a disabled account), told to every instance through the feed so
 * that the watches and streams it holds end at once. Never sent to a supervisor.
 */
export interface SessionEndNotice {
  readonly type: 'session_end';
  readonly data: { readonly familyId: string };
}

/** What the live feed carries: supervisor stream events, and the notices of ended sessions between instances. */
export type FeedEvent = SupervisorStreamEvent | SessionEndNotice;

/** Feed events stored together with something else (an audit append), at `at` (epoch ms). */
export interface StoredFeed {
  readonly events: readonly FeedEvent[];
  readonly at: number;
}

/** One feed entry as the live feed stored it; `id` is its SSE event id. */
export interface FeedEntry {
  readonly id: number;
  readonly event: FeedEvent;
}

/**
 * The live feed every instance tails: supervisor stream events (audit, presence,
 * alerts) in commit order. Ids only grow, and a reader that has seen id N never
 * later finds a smaller one committed, so `after(N)` misses nothing.
 */
export interface FeedRepo {
  /** Stores the events in one commit, in order, and returns their ids; on PostgreSQL that commit sends one NOTIFY carrying the last id. */
  append(events: readonly FeedEvent[], at: number): Promise<number[]>;
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
  /** `record`, unless the user already has `maxLivePerUser` other desks not offline: then null, and nothing is written. */
  recordWithinCap(report: PresenceReport, now: number, maxLivePerUser: number): Promise<PresenceRecord | null>;
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
  /** Forgets hits at or before `before`. */
  prune(before: number): Promise<void>;
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

/** How far a signed release is let out, as an admin set it; a release with no row is held. */
export interface RolloutRecord {
  readonly version: string;
  readonly stage: 'held' | 'pilot' | 'broad';
  readonly percent: number;
  readonly paused: boolean;
  readonly pulled: boolean;
  readonly changedAt: number;
  readonly changedBy: string;
}

/** A desk's last update check. */
export interface UpdateCheckRecord {
  readonly deviceId: string;
  readonly version: string;
  readonly checkedAt: number;
  readonly userId: string | null;
}

export interface UpdateRepo {
  rollouts(): Promise<RolloutRecord[]>;
  /** Writes a release's rollout with its admin record in one transaction (under the admin lock); `decide` sees the current row. */
  changeRollout(version: string, decide: (current: RolloutRecord | null) => RolloutRecord, record: RecordOf<RolloutRecord>): Promise<Audited<RolloutRecord>>;
  /** Sets a desk's ring with its admin record in one transaction. */
  setRing(deviceId: string, ring: 'pilot' | 'broad', record: RecordOf<'pilot' | 'broad'>): Promise<Audited<'pilot' | 'broad'>>;
  ringOf(deviceId: string): Promise<'pilot' | 'broad'>;
  rings(): Promise<Map<string, 'pilot' | 'broad'>>;
  noteCheck(check: UpdateCheckRecord): Promise<void>;
  lastCheck(deviceId: string): Promise<UpdateCheckRecord | null>;
  checks(): Promise<UpdateCheckRecord[]>;
}

/** A month of audit events that retention detached from audit_events, as audit_archive_log records it. */
export type ArchivedMonth = AuditArchiveLogTable;

/** The chain end the verifier starts a device from once earlier months are dropped. */
export interface ChainFloor {
  readonly seq: number;
  readonly hash: string;
}

/**
 * Month partitions of audit_events for retention (PostgreSQL). Where the engine
 * keeps every event in place (SQLite) `partitioned` is false and every method
 * is a no-op: nothing is attached, detached or archived.
 */
export interface RetentionRepo {
  readonly partitioned: boolean;
  ensurePartition(month: string): Promise<void>;
  /** Months with their own partition still attached to audit_events, oldest first. */
  attachedMonths(): Promise<string[]>;
  /** Detaches a month into audit_archive and records it; null when it was not attached (another instance did it). */
  detach(month: string, at: string): Promise<ArchivedMonth | null>;
  archiveLog(): Promise<ArchivedMonth[]>;
  /** The rows of a detached, not yet dropped month, in stream order. */
  archivedRows(month: string): Promise<AuditEventsTable[]>;
  markArchived(month: string, at: string, file: string): Promise<void>;
  /** Drops a month recorded as archived; refuses one that is not. */
  drop(month: string, at: string): Promise<boolean>;
  /** Per device, where its chain stood at the end of its latest dropped month. */
  chainFloors(): Promise<Map<string, ChainFloor>>;
}

/** One started single sign-on: what its one redemption must match. */
export interface SsoAttemptRecord {
  readonly state: string;
  readonly nonce: string;
  readonly providerId: string;
  readonly deviceId: string;
  readonly redirectUri: string;
  readonly expiresAt: number;
}

export interface SsoRepo {
  /** Stores a started attempt, and forgets those that have run out. */
  insertAttempt(attempt: SsoAttemptRecord, now: number): Promise<void>;
  /** Atomically uses up the attempt with this state, of this device, not run out; null when there is none (so of parallel redemptions one wins). */
  consumeAttempt(state: string, deviceId: string, now: number): Promise<SsoAttemptRecord | null>;
  /** The account a provider's subject is linked to, or null. */
  findLinkedUser(providerId: string, subject: string): Promise<string | null>;
  /**
   * Links a subject to an account with the link's audit record in one transaction (no record, no link); false when
   * the subject was linked meanwhile (to whichever account won), with no record.
   */
  link(link: { providerId: string; subject: string; userId: string; at: number }, record: () => AuditEvent): Promise<Audited<boolean>>;
  /** Whether the account signs in through a provider only (it has a link, or SCIM created it so): its local password is refused. */
  isSsoOnly(userId: string): Promise<boolean>;
}

/** A person an identity provider provisioned over SCIM, as stored: the account, its provider ID and its SCIM profile (JSON). */
export interface ScimAccountRecord extends ManagedAccountRecord {
  readonly externalId: string | null;
  readonly profileJson: string;
  readonly version: number;
  /** When a SCIM change last touched it (created, or the latest of disabled, enabled). */
  readonly modifiedAt: number;
}

/** What a SCIM write sets on a provisioned account. */
export interface ScimAccountFields {
  readonly username: string;
  readonly displayName: string;
  readonly externalId: string | null;
  readonly profileJson: string;
  readonly roles: readonly Role[];
  readonly active: boolean;
}

/** A session a SCIM change ended: its desk shows signed out and its streams close. */
export interface EndedSession {
  readonly deviceId: string;
  readonly familyId: string;
}

export type ScimChangeOutcome =
  | { readonly ok: true; readonly account: ScimAccountRecord; readonly before: ScimAccountRecord; readonly endedSessions: readonly EndedSession[] }
  | { readonly ok: false; readonly refusal: 'not_found' | 'version_mismatch' | 'username_taken' };

/**
 * The accounts an identity provider provisions over SCIM: only those it created (with a SCIM profile, not removed)
 * are found or changed here, so a provider never reaches a local account such as the break-glass admin.
 */
export interface ScimRepo {
  find(userId: string): Promise<ScimAccountRecord | null>;
  /** One page (offset, limit) of the provisioned accounts, optionally those whose `userName` or `externalId` equals `value`, and how many match. */
  list(query: { where?: { attribute: 'userName' | 'externalId'; value: string }; offset: number; limit: number }): Promise<{ total: number; accounts: ScimAccountRecord[] }>;
  /**
   * Creates an SSO-only account that no password opens; false when the username is taken. Each write here appends
   * the records `records` makes of its outcome in its own transaction, as an admin's change does: no record, no change.
   */
  create(account: ScimAccountFields & { userId: string; passwordHash: string; at: number }, records: RecordsOf<boolean>): Promise<Audited<boolean>>;
  /**
   * Sets the fields when the version is still `expectedVersion` (any, when null), and bumps it. Deactivating, or
   * changing the roles, ends every session of the account in the same transaction.
   */
  update(userId: string, change: { expectedVersion: number | null; fields: ScimAccountFields; at: number }, records: RecordsOf<ScimChangeOutcome>): Promise<Audited<ScimChangeOutcome>>;
  /** A DELETE: disables the account, ends its sessions and hides it from SCIM; the row stays for the audit trail. */
  remove(userId: string, change: { expectedVersion: number | null; at: number }, records: RecordsOf<ScimChangeOutcome>): Promise<Audited<ScimChangeOutcome>>;
}

/** A subscription or connection to end. */
export interface Closable {
  close(): Promise<void>;
}

/** A scheduled report as stored (migration 020): `content` is the canonical JSON whose SHA-256 is `contentHash`. */
export interface StoredReportRecord {
  readonly reportId: string;
  readonly period: string;
  readonly from: string;
  readonly to: string;
  readonly generatedAt: string;
  readonly content: string;
  readonly contentHash: string;
}

/** One retrieval check of an archived audit month (PCI DSS 10.5.1): how many rows came back, and how fast. */
export interface RetrievalCheckRecord {
  readonly checkId: string;
  readonly runAt: string;
  readonly month: string;
  /** Where the month was read from: `archive-file`, `archive-schema` or `live-store` (SQLite keeps every month in place). */
  readonly source: string;
  readonly expectedRows: number;
  readonly retrievedRows: number;
  readonly millis: number;
  readonly outcome: string;
}

export interface ReportRepo {
  /** False when a report of that period and start is already stored (another instance made it). */
  insert(report: StoredReportRecord): Promise<boolean>;
  find(reportId: string): Promise<StoredReportRecord | null>;
  /** Newest first; `from`/`to` bound the reports' ranges. */
  list(query: { period?: string | undefined; from?: string | undefined; to?: string | undefined; limit: number }): Promise<StoredReportRecord[]>;
  /** Alerts raised per user in [from, to): the reports' alert figure. */
  alertsPerUser(from: string, to: string): Promise<Map<string, number>>;
  insertRetrievalCheck(check: RetrievalCheckRecord): Promise<void>;
  retrievalChecks(from: string, to: string): Promise<RetrievalCheckRecord[]>;
}

/** One access-review sign-off (PCI DSS 7.2.4) as the evidence pack lists it. */
export interface AccessReviewSignOff {
  readonly reviewId: string;
  readonly at: number;
  readonly byUsername: string;
  readonly accounts: number;
  readonly coversThrough: number | null;
  readonly note: string;
}

export interface EvidenceRepo {
  /** Every column of the tables that hold card data, as the database declares them. */
  cardColumns(): Promise<{ table: string; column: string; dataType: string }[]>;
  /** Up to `limit` stored cards, as kept: what a scan for a full card number reads. */
  cardValues(limit: number): Promise<CardRecord[]>;
  cardCount(): Promise<number>;
  /** Access-review sign-offs at epoch ms in [from, to). */
  accessReviews(from: number, to: number): Promise<AccessReviewSignOff[]>;
  /** Stored audit events per type in [from, to) (ISO), archived months still kept included. */
  eventCounts(from: string, to: string): Promise<Map<string, number>>;
}

export interface TeamRecord {
  readonly teamId: string;
  readonly name: string;
  readonly createdAt: number;
  readonly createdBy: string;
  /** User IDs, sorted. */
  readonly members: readonly string[];
}

export type TeamChangeOutcome =
  | { readonly ok: true; readonly team: TeamRecord; readonly previousTeamId: string | null }
  | { readonly ok: false; readonly refusal: 'not_found' | 'no_account' | 'name_taken' | 'actor_inactive' | 'unchanged' };

/** Teams and their members (migration 018); each change appends its record in its own transaction, under the admin lock. */
export interface TeamRepo {
  list(): Promise<TeamRecord[]>;
  create(change: { actorId: string; teamId: string; name: string; at: number }, record: RecordOf<TeamChangeOutcome>): Promise<Audited<TeamChangeOutcome>>;
  /** Puts the account in the team, out of any other. */
  assign(change: { actorId: string; teamId: string; userId: string; at: number }, record: RecordOf<TeamChangeOutcome>): Promise<Audited<TeamChangeOutcome>>;
  /** The team of every account that has one: user ID to team ID. */
  memberships(): Promise<ReadonlyMap<string, string>>;
}

/** Gateway-recorded customer access of one user in one hour (UTC), by kind. */
export interface AccessCount {
  readonly userId: string;
  /** YYYY-MM-DD */
  readonly day: string;
  /** 0-23 */
  readonly hour: number;
  readonly kind: 'card_lookup' | 'other_lookup' | 'record_read';
  readonly count: number;
}

export interface FindingRecord {
  readonly findingId: string;
  readonly day: string;
  readonly rule: string;
  readonly severity: string;
  readonly subjectKind: string;
  readonly subjectId: string;
  readonly summary: string;
  readonly numbers: Readonly<Record<string, number>>;
  readonly note: string | null;
}

export interface ReviewDayRecord {
  readonly day: string;
  readonly generatedAt: number;
  readonly signedAt: number | null;
  readonly signedByUserId: string | null;
  readonly signedBy: string | null;
  readonly overdueAlertedAt: number | null;
  readonly findings: readonly FindingRecord[];
}

export type SignOffOutcome =
  | { readonly ok: true; readonly day: ReviewDayRecord }
  | { readonly ok: false; readonly refusal: 'not_found' | 'already_signed' | 'notes_mismatch' | 'own_finding' };

/** The daily log review's reads of the trail and its stored days (migration 018). */
export interface ReviewRepo {
  /** Successful customer lookups and reads the gateway itself recorded, at in [from, to), counted per user, day, hour and kind. */
  accessCounts(from: string, to: string): Promise<AccessCount[]>;
  /** Customers whose record at least `minUsers` different users were shown (gateway customer.view) in [from, to). */
  customersReadByMany(from: string, to: string, minUsers: number): Promise<{ customerId: string; users: string[] }[]>;
  /** Stored events of these types, from any desk or the gateway, at in [from, to), oldest first, at most `limit`. */
  eventsOfTypes(from: string, to: string, types: readonly string[], limit: number): Promise<StoredAuditEvent[]>;
  lastGeneratedDay(): Promise<string | null>;
  /** Stores a generated day with its findings; false when that day is stored already. */
  storeDay(day: string, generatedAt: number, findings: readonly FindingRecord[]): Promise<boolean>;
  days(from: string, to: string): Promise<ReviewDayRecord[]>;
  /** Signs the day off with a note per finding, appending the sign-off's record in the same transaction. */
  signOff(
    change: { day: string; byUserId: string; by: string; at: number; notes: ReadonlyMap<string, string> },
    record: RecordOf<SignOffOutcome>,
  ): Promise<Audited<SignOffOutcome>>;
  /** Days generated at or before `generatedBefore`, unsigned, whose overdue alert is not raised yet. */
  overdueDays(generatedBefore: number): Promise<string[]>;
  markOverdueAlerted(day: string, at: number): Promise<void>;
}

export interface IncidentClosure {
  readonly rootCause: string;
  readonly restoration: string;
  readonly securityIssues: string;
  readonly riskAssessment: string;
  readonly prevention: string;
}

export interface IncidentRecord {
  readonly incidentId: string;
  readonly control: string;
  readonly deviceIds: readonly string[];
  readonly failingDeviceIds: readonly string[];
  readonly detectedAt: number;
  readonly startedAt: number;
  readonly endedAt: number | null;
  readonly closedAt: number | null;
  readonly closedBy: string | null;
  readonly closure: IncidentClosure | null;
}

/** What one control report changed: a new incident, a desk joining or leaving one, its end, or nothing. */
export type IncidentChange =
  | { readonly kind: 'none' }
  | { readonly kind: 'opened' | 'joined' | 'left' | 'ended'; readonly incident: IncidentRecord; readonly deviceId: string };

export type CloseIncidentOutcome =
  | { readonly ok: true; readonly incident: IncidentRecord }
  | { readonly ok: false; readonly refusal: 'not_found' | 'ongoing' | 'already_closed' };

/** Control-failure incidents (migration 018); every change appends its records in its own transaction. */
export interface IncidentRepo {
  /**
   * One report of one control by one desk (or `gateway`): opens an incident, adds or removes the desk, or ends it
   * when no desk still fails. Serialised across instances. `at`: when the reporter saw it; `now`: detection time.
   */
  report(
    report: { control: string; deviceId: string; failing: boolean; at: number; now: number; newId: string },
    records: (change: IncidentChange) => readonly AuditEvent[],
  ): Promise<Audited<IncidentChange>>;
  close(change: { incidentId: string; closure: IncidentClosure; by: string; at: number }, record: RecordOf<CloseIncidentOutcome>): Promise<Audited<CloseIncidentOutcome>>;
  find(incidentId: string): Promise<IncidentRecord | null>;
  list(status: 'open' | 'closed' | 'all'): Promise<IncidentRecord[]>;
  /** Incidents that started before `to` and had not ended before `from` (epoch ms). */
  overlapping(from: number, to: number): Promise<IncidentRecord[]>;
  /** Controls with an incident not yet ended, with the desks still failing: what a heartbeat compares against. */
  failing(): Promise<ReadonlyMap<string, ReadonlySet<string>>>;
}

export interface GatewayStore {
  readonly identity: IdentityRepo;
  readonly admin: AdminRepo;
  readonly approvals: AdminApprovalRepo;
  readonly devices: DeviceRepo;
  readonly customers: CustomerRepo;
  readonly calls: CallRepo;
  readonly audit: AuditRepo;
  readonly transparencyLog: TransparencyLogRepo;
  readonly auditExport: AuditExportRepo;
  readonly alerts: AlertRepo;
  readonly heads: DeviceHeadRepo;
  readonly updates: UpdateRepo;
  readonly serviceAccounts: ServiceAccountRepo;
  readonly records: RecordRepo;
  readonly sso: SsoRepo;
  readonly scim: ScimRepo;
  readonly training: TrainingRepo;
  readonly wrapup: WrapupRepo;
  readonly privacy: PrivacyRepo;
  readonly reports: ReportRepo;
  readonly evidence: EvidenceRepo;
  readonly teams: TeamRepo;
  readonly review: ReviewRepo;
  readonly incidents: IncidentRepo;
  /** What instances share beyond the repos above: presence, the live feed, rolling windows, sign-in slots. */
  readonly live: LiveStateStore;
  readonly retention: RetentionRepo;
  /**
   * The commit hook of the live feed: `hook` runs whenever another instance may have committed to it (PostgreSQL
   * NOTIFY, and once on each reconnect). SQLite has one gateway per file, whose feed wakes itself: there it never runs.
   * A hook that throws is reported to `onError`; later commits still run it.
   */
  onFeedCommit(hook: () => void, onError: (error: unknown) => void): Promise<Closable>;
  /** Asks the database itself (a round trip) whether it answers and its migrations are current, for the /ready probe. */
  ready(): Promise<StoreReadiness>;
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
