// POST /v1/audit/batches (and, for a revoked desk with no session left,
// POST /v1/audit/revoked-device-batches on the device key alone): charges the device's and the user's ingest quota
// (body bytes before the body is parsed, events after), verifies the batch (its signature over the head, sequence continuity from the
// stored head, every hash of the chain), checks that each new event names an
// actor the session may speak for and a time its chain can justify, stores it
// append-only and answers ackedThroughSeq. What a revoked device sends is
// verified the same way, stored and flagged `device_revoked`, so no evidence is
// lost; but only what the desk held when it was revoked: events dated before
// the revocation (plus skew), up to the head it last promised in a signed
// heartbeat, and only for `revokedUploadDays` after. Replays get the same ack. A break
// answers 409, a refused event 422 (the desk quarantines the batch), each with
// an alert; an exhausted quota answers 429 with Retry-After.
import type { AuditAck, AuditBatch, AUDIT_REJECT_REASONS } from '../../shared/api.ts';
import { chainMessage, GENESIS_HASH } from '../../shared/audit-chain.ts';
import { canonicalJson } from '../../shared/canonical-json.ts';
import type { AuditEvent } from '../../shared/audit.ts';
import { isSystemActorEvent } from '../../shared/system-actor-events.ts';
import type { Clock, GatewayConfig } from '../config.ts';
import type { AlertService } from '../core/alert-port.ts';
import type { GatewayAudit } from '../core/audit-port.ts';
import { verifyBatchSignature } from '../core/device-signature.ts';
import { GATEWAY_DEVICE_ID } from '../../shared/gateway-device.ts';
import { sha256Hex } from '../core/hashing.ts';
import type { Principal } from '../core/principal.ts';
import { GatewayError } from '../errors.ts';
import type { KeyedSerialQueue } from '../serial-queue.ts';
import type { LiveFeed } from '../supervision/live-feed.ts';
import { isUniqueViolation } from '../storage/dialect.ts';
import { ChainHeadConflict, type AuditRepo, type DeviceHeadRepo, type DeviceRecord, type IdentityRepo, type IngestChargeRepo, type StoredEntry } from '../storage/store.ts';
import type { DeviceHeads } from '../supervision/device-heads.ts';
import type { DeskReadCheck } from './desk-read-check.ts';
import type { TransparencyLog } from './transparency-log.ts';
import { IngestQuotas } from './ingest-quota.ts';

type RejectReason = (typeof AUDIT_REJECT_REASONS)[number];

const REJECT_MESSAGES: Record<RejectReason, string> = {
  gap: 'The batch does not continue the stored chain: sequence numbers are missing',
  hash_mismatch: 'An event hash does not match its content, or differs from the stored event',
  bad_signature: 'The batch signature does not verify with the device key',
  unknown_device: 'The device is not enrolled',
  prev_hash_mismatch: 'The batch does not link to the stored chain head',
};

/** Why a well-chained event is still refused: it speaks for someone else, or claims a time its chain cannot justify. */
export type EventRefusal = 'foreign_actor' | 'at_in_future' | 'at_before_chain' | 'after_revocation' | 'beyond_promised_head';

const REFUSAL_MESSAGES: Record<EventRefusal, string> = {
  foreign_actor: 'names as its actor a user other than the signed-in one or an earlier user of this desk, or the system on an event that is not the desk’s own',
  at_in_future: 'is dated later than the gateway clock allows',
  at_before_chain: "is dated before its device's enrolment or before the events the device already sent",
  after_revocation: 'is dated after its device was revoked',
  beyond_promised_head: 'lies beyond the last queue head its revoked device promised in a signed heartbeat',
};

export interface AuditIngest {
  /**
   * Charges a request's body bytes before the body is read: once a desk's quota
   * is spent, a flood is refused without the gateway parsing a byte of it.
   */
  admit(principal: Principal, bodyBytes: number): Promise<void>;
  ingest(principal: Principal, batch: AuditBatch): Promise<AuditAck>;
  /** A revoked device's batch, proven by its signature alone; refused for a device that is not revoked (it has a session to send with). */
  ingestFromRevokedDevice(batch: AuditBatch): Promise<AuditAck>;
}

/** Without a session the batch speaks for the device alone: its events are checked against who signed in on it. */
const NO_SESSION = { userId: null, username: null, roles: [] } as const;
type Sender = Principal | null;

export function createAuditIngest(deps: {
  /** Every ack carries the log's receipt for the batch's last entry. */
  log: Pick<TransparencyLog, 'receipt'>;
  repo: AuditRepo;
  identity: IdentityRepo;
  clock: Clock;
  live: Pick<LiveFeed, 'wake'>;
  alerts: AlertService;
  charges: IngestChargeRepo;
  audit: GatewayAudit;
  /** One chain at a time per device; devices side by side. */
  queue: KeyedSerialQueue;
  settings: GatewayConfig['audit'];
  heads?: DeviceHeads;
  /** The heads desks promised in their signed heartbeats: a revoked desk uploads up to its last one. */
  promisedHeads: Pick<DeviceHeadRepo, 'get'>;
  /** Compares what a signed-in desk's trail shows with the records the gateway served it. */
  readCheck: DeskReadCheck;
}): AuditIngest {
  const quotas = new IngestQuotas(deps.charges, deps.settings.quotas);
  const skewMs = deps.settings.clockSkewSeconds * 1000;
  const beforeEnrolmentMs = deps.settings.beforeEnrolmentHours * 3_600_000;
  const revokedUploadMs = deps.settings.revokedUploadDays * 86_400_000;

  const reject = async (principal: Sender, batch: AuditBatch, reason: RejectReason, expectedSeq: number): Promise<never> => {
    await deps.audit.record({
      type: 'audit.integrity.failure',
      outcome: 'failure',
      reason,
      actor: principal ?? NO_SESSION,
      target: { kind: 'audit-log', id: batch.deviceId },
      details: { batchId: batch.batchId, expectedSeq },
    });
    await deps.alerts.raise({
      kind: 'audit_chain_break',
      severity: 'critical',
      userId: principal?.userId ?? null,
      deviceId: batch.deviceId,
      message: `Audit chain of ${batch.deviceId} refused (${reason}) at sequence ${expectedSeq}: ${REJECT_MESSAGES[reason]}`,
    });
    throw new GatewayError('conflict', REJECT_MESSAGES[reason], { extra: { reason, expectedSeq } });
  };

  const refuse = async (principal: Sender, batch: AuditBatch, seq: number, problem: EventRefusal): Promise<never> => {
    await deps.audit.record({
      type: 'audit.integrity.failure',
      outcome: 'failure',
      reason: problem,
      actor: principal ?? NO_SESSION,
      target: { kind: 'audit-log', id: batch.deviceId },
      details: { batchId: batch.batchId, seq },
    });
    await deps.alerts.raise({
      kind: 'audit_quarantine',
      severity: problem === 'foreign_actor' ? 'critical' : 'warning',
      userId: principal?.userId ?? null,
      deviceId: batch.deviceId,
      message: `Audit batch of ${batch.deviceId} refused: event ${seq} ${REFUSAL_MESSAGES[problem]}`,
    });
    throw new GatewayError('audit_event_refused', `Event ${seq} ${REFUSAL_MESSAGES[problem]}; the batch was not stored`, {
      extra: { reason: problem, seq },
    });
  };

  /** A device may speak for the system (on its lifecycle events only), its signed-in user, or a user who signed in on it before the event. */
  const actorAllowed = async (principal: Sender, deviceId: string, event: AuditEvent): Promise<boolean> => {
    const { actor } = event;
    if (actor.userId === null) return actor.roles.length === 0 && isSystemActorEvent(event);
    const sameRoles = (roles: readonly string[]): boolean => actor.roles.every((r) => roles.includes(r));
    if (principal !== null && actor.userId === principal.userId) return actor.username === principal.username && sameRoles(principal.roles);
    // A shared desk syncs the previous user's last events (their logout) with the next user's session.
    const signedInBy = new Date(Date.parse(event.at) + skewMs).toISOString();
    if (!(await deps.repo.signedInOn(actor.userId, deviceId, signedInBy))) return false;
    const user = await deps.identity.findUserById(actor.userId);
    return user !== null && actor.username === user.username && sameRoles(user.roles);
  };

  /**
   * The time rule. A desk syncs an offline backlog of any age, so `at` is not
   * bounded by receipt from below; it is bounded by the chain: never later than
   * the gateway clock plus skew, never earlier than what the device already sent
   * (its latest `at` minus skew), and never long before the device's enrolment.
   * So a desk cannot write itself into a past the gateway has already recorded.
   */
  const timeProblem = (at: number, receivedAt: number, floor: number): EventRefusal | null => {
    if (at > receivedAt + skewMs) return 'at_in_future';
    if (at < floor) return 'at_before_chain';
    return null;
  };

  /** What a revoked desk may still add: events it wrote before the revocation, up to the head it promised while it could. */
  const revokedProblem = async (device: DeviceRecord, seq: number, at: number): Promise<EventRefusal | null> => {
    if (device.revokedAt === null) return null;
    if (at > device.revokedAt + skewMs) return 'after_revocation';
    const promised = await deps.promisedHeads.get(device.deviceId);
    return promised === null || seq > promised.seq ? 'beyond_promised_head' : null;
  };

  const checkFresh = async (principal: Sender, batch: AuditBatch, device: DeviceRecord, fresh: AuditBatch['entries'], highAt: string | null): Promise<void> => {
    const receivedAt = deps.clock.now();
    let latest = highAt === null ? Number.NEGATIVE_INFINITY : Date.parse(highAt);
    for (const entry of fresh) {
      const at = Date.parse(entry.event.at);
      const problem = timeProblem(at, receivedAt, Math.max(device.enrolledAt - beforeEnrolmentMs, latest - skewMs)) ?? (await revokedProblem(device, entry.seq, at));
      if (problem !== null) return refuse(principal, batch, entry.seq, problem);
      if (!(await actorAllowed(principal, batch.deviceId, entry.event))) return refuse(principal, batch, entry.seq, 'foreign_actor');
      latest = Math.max(latest, at);
    }
  };

  const ingestLocked = async (principal: Sender, batch: AuditBatch): Promise<AuditAck> => {
    const contentHash = sha256Hex(canonicalJson(batch));
    const known = await deps.repo.findBatch(batch.batchId);
    if (known !== null) {
      if (known.contentHash !== contentHash || known.deviceId !== batch.deviceId) {
        throw new GatewayError('invalid_request', 'This batchId was already used for a different batch');
      }
      return acknowledged(batch.batchId, known.deviceId, known.ackedThroughSeq);
    }

    const first = batch.entries[0];
    const last = batch.entries.at(-1);
    if (first === undefined || last === undefined) throw new GatewayError('invalid_request', 'A batch needs at least one event');
    const head = await deps.repo.head(batch.deviceId);
    const headSeq = head?.seq ?? 0;

    const device = await deps.identity.findDevice(batch.deviceId);
    // The session-less route is for revoked desks only; anyone else is turned away before a record or an alert is made of it.
    if (principal === null && device?.revokedAt == null) {
      throw new GatewayError('unauthenticated', 'Only a revoked desk sends its trail without a session; sign in');
    }
    if (device === null) return reject(principal, batch, 'unknown_device', headSeq + 1);
    if (principal === null && device.revokedAt !== null && deps.clock.now() > device.revokedAt + revokedUploadMs) {
      throw new GatewayError('forbidden', `This desk was revoked more than ${deps.settings.revokedUploadDays} days ago; it may no longer upload its trail`);
    }
    const signed = verifyBatchSignature(
      device.publicKey,
      { deviceId: batch.deviceId, batchId: batch.batchId, firstSeq: first.seq, lastSeq: last.seq, headHash: last.hash },
      batch.signature,
    );
    if (!signed) return reject(principal, batch, 'bad_signature', headSeq + 1);
    if (first.seq > headSeq + 1) return reject(principal, batch, 'gap', headSeq + 1);

    // The batch must be a correct chain in itself...
    for (const [i, entry] of batch.entries.entries()) {
      const previous = batch.entries[i - 1];
      if (previous !== undefined && entry.prevHash !== previous.hash) return reject(principal, batch, 'prev_hash_mismatch', entry.seq);
      if (sha256Hex(chainMessage(entry.prevHash, entry.seq, canonicalJson(entry.event))) !== entry.hash) {
        return reject(principal, batch, 'hash_mismatch', entry.seq);
      }
    }
    // ...whose already-stored part (a retry after a lost ack) matches what is stored...
    // A batch that is all new (the usual case) has nothing stored to compare: no read.
    const stored = first.seq > headSeq ? new Map<number, string>() : await deps.repo.entryHashes(batch.deviceId, first.seq, Math.min(last.seq, headSeq));
    for (const entry of batch.entries) {
      if (entry.seq <= headSeq && stored.get(entry.seq) !== entry.hash) return reject(principal, batch, 'hash_mismatch', entry.seq);
    }
    // ...and whose new part links to the stored head.
    const fresh = batch.entries.filter((e) => e.seq > headSeq);
    const firstFresh = fresh[0];
    if (firstFresh !== undefined && firstFresh.prevHash !== (head?.hash ?? GENESIS_HASH)) {
      return reject(principal, batch, 'prev_hash_mismatch', firstFresh.seq);
    }
    for (const entry of batch.entries) {
      if (entry.event.origin.deviceId !== batch.deviceId) {
        throw new GatewayError('invalid_request', `Event ${entry.seq} names another device as its origin`);
      }
    }
    await checkFresh(principal, batch, device, fresh, head?.highAt ?? null);

    await deps.heads?.checkBatch({ userId: principal?.userId ?? null, deviceId: batch.deviceId }, batch);
    const receivedAt = new Date(deps.clock.now()).toISOString();
    // Read inside the serial queue, after the checks: a batch stored once the revocation landed is flagged, whichever route it came by.
    const flag = (await deps.identity.findDevice(batch.deviceId))?.revokedAt != null ? ('device_revoked' as const) : null;
    const rows: StoredEntry[] = fresh.map((e) => ({ deviceId: batch.deviceId, seq: e.seq, prevHash: e.prevHash, hash: e.hash, event: e.event, receivedAt, flag }));
    // On the feed in the append's own transaction: whatever a desk was told is stored, every instance's supervisors can replay.
    const feed = rows.map((row) => ({
      type: 'audit' as const,
      data: { deviceId: row.deviceId, seq: row.seq, receivedAt, event: row.event, ...(flag === null ? {} : { flag }) },
    }));
    await deps.repo.appendBatch(
      rows,
      {
        batchId: batch.batchId,
        deviceId: batch.deviceId,
        contentHash,
        ackedThroughSeq: last.seq,
        firstSeq: first.seq,
        headHash: last.hash,
        signature: batch.signature,
        flag,
      },
      { events: feed, at: deps.clock.now() },
    );
    deps.live.wake();
    const newHigh = rows.reduce((high, row) => (row.event.at > high ? row.event.at : high), head?.highAt ?? '');
    if (principal !== null && newHigh !== '') await deps.readCheck.afterBatch({ userId: principal.userId, deviceId: batch.deviceId }, head?.highAt ?? null, newHigh);
    // A desk's own integrity reports fold into one alert per device, however many it sends.
    const integrityReports = rows.filter((row) => row.event.type === 'audit.integrity.failure');
    const firstReport = integrityReports[0];
    if (firstReport !== undefined) {
      await deps.alerts.raise({
        kind: 'audit_chain_break',
        severity: 'critical',
        userId: principal?.userId ?? null,
        deviceId: batch.deviceId,
        message: `${batch.deviceId} reported a local audit integrity failure (${firstReport.event.reason ?? 'unspecified'})`,
        occurrences: integrityReports.length,
      });
    }
    // A desk that refused an update (issue 28) is looking at a tampered, old or stale repository: the admins hear of it.
    const refusedUpdates = rows.filter((row) => row.event.type === 'update.refused');
    const firstRefusal = refusedUpdates[0];
    if (firstRefusal !== undefined) {
      await deps.alerts.raise({
        kind: 'update_refused',
        severity: 'critical',
        userId: principal?.userId ?? null,
        deviceId: batch.deviceId,
        message: `${batch.deviceId} refused update ${firstRefusal.event.target.id ?? ''} (${firstRefusal.event.reason ?? 'unspecified'}) and kept its version`,
        occurrences: refusedUpdates.length,
      });
    }
    // A desk that caught the transparency log forking or rolling back: its event carries both signed checkpoints.
    const inconsistencies = rows.filter((row) => row.event.type === 'audit.log_inconsistent');
    if (inconsistencies.length > 0) {
      await deps.alerts.raise({
        kind: 'audit_log_inconsistent',
        severity: 'critical',
        userId: principal?.userId ?? null,
        deviceId: batch.deviceId,
        message: `${batch.deviceId} found the audit transparency log inconsistent with a checkpoint it had verified (a fork or a rollback)`,
        occurrences: inconsistencies.length,
      });
    }
    return acknowledged(batch.batchId, batch.deviceId, last.seq);
  };

  const acknowledged = async (batchId: string, deviceId: string, ackedThroughSeq: number): Promise<AuditAck> => {
    const receipt = await deps.log.receipt(deviceId, ackedThroughSeq);
    return { batchId, ackedThroughSeq, ...(receipt === null ? {} : { receipt }) };
  };

  const charge = async (principal: Sender, deviceId: string, usage: { events: number; bytes: number }): Promise<void> => {
    const keys = principal === null ? [`device:${deviceId}`] : [`device:${deviceId}`, `user:${principal.userId}`];
    const decision = await quotas.charge(keys, deps.clock.now(), usage);
    if (decision.ok) return;
    throw decision.retryAfterMs === null
      ? new GatewayError('payload_too_large', 'This batch alone is larger than the ingest quota; send smaller batches')
      : new GatewayError('rate_limited', 'The audit ingest quota of this desk is used up; retry later', {
          retryAfterSeconds: Math.ceil(decision.retryAfterMs / 1000),
        });
  };

  return {
    admit(principal, bodyBytes) {
      return charge(principal, principal.deviceId, { events: 0, bytes: bodyBytes });
    },
    async ingest(principal, batch) {
      if (batch.deviceId !== principal.deviceId || batch.deviceId === GATEWAY_DEVICE_ID) {
        throw new GatewayError('forbidden', 'A session may only send the audit trail of its own device');
      }
      // Events are counted on arrival, before any verification work, so refused batches cost their sender quota too.
      await charge(principal, batch.deviceId, { events: batch.entries.length, bytes: 0 });
      return await deps.queue.run(batch.deviceId, async () => {
        try {
          return await ingestLocked(principal, batch);
        } catch (error) {
          // Another instance stored this device's next batch first: verified again against what it stored, this one is a replay (same ack) or a clean refusal.
          if (!(error instanceof ChainHeadConflict) && !isUniqueViolation(error)) throw error;
          return await ingestLocked(principal, batch);
        }
      });
    },
    async ingestFromRevokedDevice(batch) {
      if (batch.deviceId === GATEWAY_DEVICE_ID) throw new GatewayError('forbidden', 'The gateway trail is written by the gateway only');
      await charge(null, batch.deviceId, { events: batch.entries.length, bytes: 0 });
      return await deps.queue.run(batch.deviceId, async () => {
        try {
          return await ingestLocked(null, batch);
        } catch (error) {
          if (!(error instanceof ChainHeadConflict) && !isUniqueViolation(error)) throw error;
          return await ingestLocked(null, batch);
        }
      });
    },
  };
}
