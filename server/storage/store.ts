// The gateway's storage, as a small set of repository interfaces. The SQLite
// implementation is the embedded default; a PostgreSQL one can implement the
// same interfaces for fleet scale. Methods are async for that reason.
import type { AuditEvent } from '../../shared/audit.ts';
import type { CardBrand } from '../../shared/pan.ts';
import type { Role } from '../../shared/roles.ts';
import type { z } from 'zod';
import type { PaymentSchema } from '../../shared/schemas/customer.ts';
import type {
  ActivityReportRow,
  Alert,
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
  setLoginState(userId: string, state: { failedAttempts: number; lockedUntil: number | null }): Promise<void>;
  setLastTotpStep(userId: string, step: number): Promise<void>;
  findDevice(deviceId: string): Promise<DeviceRecord | null>;
  enrollDevice(device: DeviceRecord): Promise<void>;
  createSessionFamily(family: { familyId: string; userId: string; deviceId: string; createdAt: number }): Promise<void>;
  isFamilyActive(familyId: string): Promise<boolean>;
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

export interface CustomerRepo {
  count(): Promise<number>;
  /** Bulk load (demo seed, CRM import), in one transaction. */
  importCustomers(records: readonly CustomerRecordSet[]): Promise<void>;
  findCustomerIds(query: { by: 'customerId' | 'order'; value: string } | { by: 'card'; panHmac: string }, limit: number): Promise<string[]>;
  summaries(customerIds: readonly string[]): Promise<{ customer: StoredCustomer; cards: CardRecord[] }[]>;
  detail(customerId: string): Promise<CustomerRecordSet | null>;
  addNote(note: Note): Promise<void>;
  findSubscription(customerId: string, subscriptionId: string): Promise<Subscription | null>;
  extendSubscription(change: {
    subscriptionId: string;
    newExpiresAt: string;
    days: number;
    reason: string;
    byUserId: string;
    at: string;
    /** The customer-history entry (days, reason, new expiry), stored in the same transaction. */
    historyNote: Note;
  }): Promise<Subscription>;
}

export interface DeviceChainHead {
  readonly seq: number;
  readonly hash: string;
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
}

export interface AuditRepo {
  head(deviceId: string): Promise<DeviceChainHead | null>;
  entryHashes(deviceId: string, fromSeq: number, toSeq: number): Promise<Map<number, string>>;
  findBatch(batchId: string): Promise<BatchRecord | null>;
  /**
   * Appends entries, moves the head and records the batch ack (when there is a
   * batch), all or nothing. Returns each entry's stream position: a number that
   * grows with every stored event, across devices, for SSE resumption.
   */
  appendBatch(entries: readonly StoredEntry[], batch: BatchRecord | null): Promise<number[]>;
  /** Stored events after a stream position, oldest first (SSE Last-Event-ID replay). */
  since(position: number, limit: number): Promise<{ position: number; event: StoredAuditEvent }[]>;
  search(query: AuditSearchQuery): Promise<{ events: StoredAuditEvent[]; nextCursor: string | null }>;
  activity(query: { from: string; to: string; userId?: string | undefined }): Promise<ActivityReportRow[]>;
}

export interface AlertRepo {
  insert(alert: Alert): Promise<void>;
  findOpen(kind: Alert['kind'], subject: { userId: string | null; deviceId: string | null }): Promise<Alert | null>;
  find(alertId: string): Promise<Alert | null>;
  list(status: 'open' | 'acknowledged' | 'all'): Promise<Alert[]>;
  acknowledge(alertId: string, ack: { by: string; at: string; note: string }): Promise<Alert | null>;
}

export interface GatewayStore {
  readonly identity: IdentityRepo;
  readonly customers: CustomerRepo;
  readonly audit: AuditRepo;
  readonly alerts: AlertRepo;
  close(): void;
}
