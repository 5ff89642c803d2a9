// Holds each desk to the audit queue head it promised in its signed heartbeats.
// A later heartbeat or batch that goes back (lower seq, or the same seq with
// another hash), a sync cursor ahead of what the gateway stored, or a promised
// head that never arrives while the desk can sync, raises a critical alert:
// that is how a truncated, edited or deleted local trail is noticed.
import type { AuditBatch, QueueHead } from '../../shared/api.ts';
import type { Clock } from '../config.ts';
import type { AlertService } from '../core/alert-port.ts';
import type { KeyedSerialQueue } from '../serial-queue.ts';
import type { AuditRepo, DeviceChainHead, DeviceHeadRepo, PromisedHead } from '../storage/store.ts';

export interface HeadSubject {
  /** Null for a revoked desk, which sends its trail without a session. */
  readonly userId: string | null;
  readonly deviceId: string;
}

export interface HeadReport {
  readonly queueHead: QueueHead;
  readonly syncedThroughSeq: number;
}

export interface DeviceHeads {
  /** `syncableSince`: since when the desk has held an access token (so could sync), or null while it is locked. */
  checkHeartbeat(subject: HeadSubject, report: HeadReport, syncableSince: number | null): Promise<void>;
  /** Called by ingest for a batch whose signature and chain verified. */
  checkBatch(subject: HeadSubject, batch: AuditBatch): Promise<void>;
}

/** What the gateway stored of a chain; a device with none yet stands at seq 0. */
type StoredHead = Pick<DeviceChainHead, 'seq' | 'hash'>;

const samePromise = (a: PromisedHead, b: PromisedHead): boolean => a.seq === b.seq && a.hash === b.hash && a.awaitSeq === b.awaitSeq && a.awaitSince === b.awaitSince;

export function createDeviceHeads(deps: {
  repo: DeviceHeadRepo;
  audit: Pick<AuditRepo, 'head' | 'entryHashes'>;
  alerts: AlertService;
  clock: Clock;
  /** One check at a time per device. */
  queue: KeyedSerialQueue;
  stallMinutes: number;
}): DeviceHeads {
  const alarm = (subject: HeadSubject, problem: string): Promise<unknown> =>
    deps.alerts.raise({
      kind: 'audit_chain_break',
      severity: 'critical',
      userId: subject.userId,
      deviceId: subject.deviceId,
      message: `Audit trail of ${subject.deviceId}: ${problem}`,
    });

  const contradictions = async (subject: HeadSubject, report: HeadReport, promised: PromisedHead | null, stored: StoredHead): Promise<string[]> => {
    const head = report.queueHead;
    const found: string[] = [];
    if (promised !== null && head.seq < promised.seq) {
      found.push(`the desk's queue went back from seq ${promised.seq} to ${head.seq} (truncated, deleted or replaced)`);
    } else if (promised !== null && head.seq === promised.seq && head.hash !== promised.hash) {
      found.push(`seq ${head.seq} changed its hash since the desk promised it (edited)`);
    }
    if (head.seq < stored.seq) {
      found.push(`the desk holds ${head.seq} events but the gateway already stored ${stored.seq} (the queue was replaced)`);
    } else if (head.seq > 0) {
      // The usual case, a desk fully synced, needs no read: the stored head is that event.
      const storedHash = head.seq === stored.seq ? stored.hash : (await deps.audit.entryHashes(subject.deviceId, head.seq, head.seq)).get(head.seq);
      if (storedHash !== undefined && storedHash !== head.hash) found.push(`seq ${head.seq} differs from the event the gateway stored (edited)`);
    }
    if (report.syncedThroughSeq > stored.seq || report.syncedThroughSeq > head.seq) {
      found.push(`the desk's sync cursor says ${report.syncedThroughSeq} but the gateway stored ${stored.seq} (cursor edited: events would never sync)`);
    }
    return found;
  };

  const stalled = async (subject: HeadSubject, promised: PromisedHead, syncableSince: number | null, stored: number): Promise<PromisedHead> => {
    const now = deps.clock.now();
    let next = promised;
    if (next.awaitSeq !== null && stored >= next.awaitSeq) next = { ...next, awaitSeq: null, awaitSince: null };
    if (next.awaitSeq === null && next.seq > stored) next = { ...next, awaitSeq: next.seq, awaitSince: now };
    if (next.awaitSeq !== null && next.awaitSince !== null && syncableSince !== null) {
      const waitedMs = now - Math.max(next.awaitSince, syncableSince);
      if (waitedMs > deps.stallMinutes * 60_000) {
        await alarm(subject, `seq ${next.awaitSeq} was promised ${Math.round(waitedMs / 60_000)} minutes ago and has not been synced (stalled sync or edited cursor)`);
      }
    }
    return next;
  };

  return {
    checkHeartbeat(subject, report, syncableSince) {
      return deps.queue.run(subject.deviceId, async () => {
        const promised = await deps.repo.get(subject.deviceId);
        const stored = (await deps.audit.head(subject.deviceId)) ?? { seq: 0, hash: '' };
        const problems = await contradictions(subject, report, promised, stored);
        // One alert carries every contradiction: a second would be folded into the open one anyway.
        if (problems.length > 0) await alarm(subject, problems.join('; ').slice(0, 440));
        const head = report.queueHead;
        // A contradicted head is evidence, not a new promise: the highest one stays the yardstick.
        const raised = problems.length === 0 && (promised === null || head.seq > promised.seq);
        const base: PromisedHead = raised
          ? { deviceId: subject.deviceId, seq: head.seq, hash: head.hash, awaitSeq: promised?.awaitSeq ?? null, awaitSince: promised?.awaitSince ?? null }
          : (promised ?? { deviceId: subject.deviceId, seq: head.seq, hash: head.hash, awaitSeq: null, awaitSince: null });
        const next = await stalled(subject, base, syncableSince, stored.seq);
        // Most heartbeats repeat the promise already stored: nothing to write.
        if (promised === null || !samePromise(next, promised)) await deps.repo.put(next);
      });
    },
    checkBatch(subject, batch) {
      return deps.queue.run(subject.deviceId, async () => {
        const promised = await deps.repo.get(subject.deviceId);
        if (promised === null) return;
        const atPromise = batch.entries.find((e) => e.seq === promised.seq);
        if (atPromise !== undefined && atPromise.hash !== promised.hash) {
          await alarm(subject, `the batch's event ${promised.seq} is not the one the desk promised in its heartbeat (the trail was rewritten)`);
        }
      });
    },
  };
}
