// POST /v1/audit/batches: verifies a device's batch (its signature over the head,
// sequence continuity from the stored head, every hash of the chain), stores it
// append-only and answers ackedThroughSeq. Replays get the same ack. A break
// answers 409 with the reason and raises an integrity alert.
import type { AuditAck, AuditBatch, AUDIT_REJECT_REASONS } from '../../shared/api.ts';
import { chainMessage, GENESIS_HASH } from '../../shared/audit-chain.ts';
import { canonicalJson } from '../../shared/canonical-json.ts';
import type { Clock } from '../config.ts';
import { GatewayError } from '../errors.ts';
import type { Principal } from '../identity/tokens.ts';
import type { SerialQueue } from '../serial-queue.ts';
import type { AlertService } from '../supervision/alerts.ts';
import type { EventBus } from '../supervision/event-bus.ts';
import type { AuditRepo, IdentityRepo, StoredEntry } from '../storage/store.ts';
import type { DeviceHeads } from '../supervision/device-heads.ts';
import { verifyBatchSignature } from './device-signature.ts';
import { sha256Hex, type GatewayAudit } from './gateway-audit.ts';

type RejectReason = (typeof AUDIT_REJECT_REASONS)[number];

const REJECT_MESSAGES: Record<RejectReason, string> = {
  gap: 'The batch does not continue the stored chain: sequence numbers are missing',
  hash_mismatch: 'An event hash does not match its content, or differs from the stored event',
  bad_signature: 'The batch signature does not verify with the device key',
  unknown_device: 'The device is not enrolled',
  prev_hash_mismatch: 'The batch does not link to the stored chain head',
};

export interface AuditIngest {
  ingest(principal: Principal, batch: AuditBatch): Promise<AuditAck>;
}

export function createAuditIngest(deps: {
  repo: AuditRepo;
  identity: IdentityRepo;
  clock: Clock;
  bus: EventBus;
  alerts: AlertService;
  audit: GatewayAudit;
  queue: SerialQueue;
  heads?: DeviceHeads;
}): AuditIngest {
  const reject = async (principal: Principal, batch: AuditBatch, reason: RejectReason, expectedSeq: number): Promise<never> => {
    await deps.alerts.raise({
      kind: 'audit_chain_break',
      severity: 'critical',
      userId: principal.userId,
      deviceId: batch.deviceId,
      message: `Audit chain of ${batch.deviceId} refused (${reason}) at sequence ${expectedSeq}: ${REJECT_MESSAGES[reason]}`,
    });
    await deps.audit.record({
      type: 'audit.integrity.failure',
      outcome: 'failure',
      reason,
      actor: principal,
      target: { kind: 'audit-log', id: batch.deviceId },
      details: { batchId: batch.batchId, expectedSeq },
    });
    throw new GatewayError('conflict', REJECT_MESSAGES[reason], { extra: { reason, expectedSeq } });
  };

  const ingestLocked = async (principal: Principal, batch: AuditBatch): Promise<AuditAck> => {
    const contentHash = sha256Hex(canonicalJson(batch));
    const known = await deps.repo.findBatch(batch.batchId);
    if (known !== null) {
      if (known.contentHash !== contentHash || known.deviceId !== batch.deviceId) {
        throw new GatewayError('invalid_request', 'This batchId was already used for a different batch');
      }
      return { batchId: batch.batchId, ackedThroughSeq: known.ackedThroughSeq };
    }

    const first = batch.entries[0];
    const last = batch.entries.at(-1);
    if (first === undefined || last === undefined) throw new GatewayError('invalid_request', 'A batch needs at least one event');
    const head = await deps.repo.head(batch.deviceId);
    const headSeq = head?.seq ?? 0;

    const device = await deps.identity.findDevice(batch.deviceId);
    if (device === null) return reject(principal, batch, 'unknown_device', headSeq + 1);
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
    const stored = await deps.repo.entryHashes(batch.deviceId, first.seq, Math.min(last.seq, headSeq));
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

    await deps.heads?.checkBatch({ userId: principal.userId, deviceId: batch.deviceId }, batch);
    const receivedAt = new Date(deps.clock.now()).toISOString();
    const rows: StoredEntry[] = fresh.map((e) => ({ deviceId: batch.deviceId, seq: e.seq, prevHash: e.prevHash, hash: e.hash, event: e.event, receivedAt }));
    const positions = await deps.repo.appendBatch(rows, { batchId: batch.batchId, deviceId: batch.deviceId, contentHash, ackedThroughSeq: last.seq });
    for (const [i, row] of rows.entries()) {
      deps.bus.publish({ type: 'audit', data: { deviceId: row.deviceId, seq: row.seq, receivedAt, event: row.event } }, positions[i]);
      if (row.event.type === 'audit.integrity.failure') {
        await deps.alerts.raise({
          kind: 'audit_chain_break',
          severity: 'critical',
          userId: row.event.actor.userId,
          deviceId: row.deviceId,
          message: `${row.deviceId} reported a local audit integrity failure (${row.event.reason ?? 'unspecified'})`,
        });
      }
    }
    return { batchId: batch.batchId, ackedThroughSeq: last.seq };
  };

  return {
    ingest(principal, batch) {
      if (batch.deviceId !== principal.deviceId) {
        return Promise.reject(new GatewayError('forbidden', 'A session may only send the audit trail of its own device'));
      }
      return deps.queue.run(() => ingestLocked(principal, batch));
    },
  };
}
