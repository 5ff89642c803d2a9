// Re-verifies every stored audit chain (the devices' and the gateway's own): at
// start and then on a timer. It walks each chain in (device, seq) order and
// checks seq continuity, every prev_hash link, every hash against the stored
// event, the searchable columns against the event, and each head against its
// last event and the acks already given, and each stored batch's head against
// the device's signature over it (so a chain rewritten with fresh hashes still
// breaks: its new hashes are not what the device key signed); it also checks
// that the append-only triggers are in place. Each break raises one critical
// alert per device (repeats fold). Months retention detached are still walked
// (audit_archive); once a month is dropped, a device's chain starts from the
// chain end recorded when it was detached, so only that recorded link is trusted.
// Every device that promised a head in a signed heartbeat is accounted for: a
// head the gateway confirmed storing must still be in the stored trail, so a
// desk's whole trail (events, batches and head) cannot vanish unnoticed.
import { GENESIS_HASH, chainMessage } from '../../shared/audit-chain.ts';
import { AuditEventSchema, type AuditEvent } from '../../shared/audit.ts';
import { auditLeafHash } from '../../shared/transparency/audit-leaf.ts';
import { toHex } from '../../shared/transparency/bytes.ts';
import { canonicalJson } from '../../shared/canonical-json.ts';
import type { AlertService } from '../core/alert-port.ts';
import { verifyBatchSignature } from '../core/device-signature.ts';
import { sha256Hex } from '../core/hashing.ts';
import type { AuditRepo, BatchAnchor, HeadCheck, IdentityRepo, RawChainRow } from '../storage/store.ts';

export interface ChainBreak {
  /** Null for a break of the store itself (a trigger). */
  readonly deviceId: string | null;
  readonly problem: string;
}

export interface ChainVerifier {
  /** One full pass; resolves with every break found (each already alerted). */
  verifyNow(): Promise<ChainBreak[]>;
  /** Verifies now and then every `intervalMs`; stop() ends the timer and waits for a pass in progress. */
  start(): void;
  stop(): Promise<void>;
}

/** The timer seam: tests pass one they fire by hand. */
export interface Scheduler {
  every(intervalMs: number, run: () => void): { cancel(): void };
}
export const realScheduler: Scheduler = {
  every(intervalMs, run) {
    const timer = setInterval(run, intervalMs);
    timer.unref();
    return { cancel: () => clearInterval(timer) };
  },
};

/** Rows read per step; the walk yields to the event loop between steps so /health and ingest stay responsive. */
const WALK_PAGE = 2000;

type ChainFloor = { seq: number; hash: string } | undefined;

function rowProblem(row: RawChainRow, previous: RawChainRow | null, floor: ChainFloor): string | null {
  const expectedSeq = previous === null ? (floor?.seq ?? 0) + 1 : previous.seq + 1;
  if (row.seq !== expectedSeq) return `sequence ${expectedSeq} is missing (next stored is ${row.seq})`;
  if (row.prevHash !== (previous?.hash ?? floor?.hash ?? GENESIS_HASH)) return `event ${row.seq} does not link to event ${row.seq - 1}`;
  let canonical: string;
  let columns: RawChainRow['columns'];
  let event: AuditEvent;
  try {
    event = AuditEventSchema.parse(JSON.parse(row.eventJson));
    canonical = canonicalJson(event);
    columns = {
      type: event.type,
      outcome: event.outcome,
      userId: event.actor.userId,
      at: event.at,
      customerId: event.target.kind === 'customer' ? event.target.id : null,
    };
  } catch {
    return `event ${row.seq} is no longer a valid audit event`;
  }
  if (sha256Hex(chainMessage(row.prevHash, row.seq, canonical)) !== row.hash) return `event ${row.seq} does not match its hash`;
  // A chain re-hashed from an edit on (the gateway's own has no device signature) still differs from the leaf the log took in.
  if (row.leafHash !== null && toHex(auditLeafHash({ deviceId: row.deviceId, seq: row.seq, prevHash: row.prevHash, event })) !== row.leafHash) {
    return `event ${row.seq} is not the entry the transparency log holds (rewritten)`;
  }
  const edited = (Object.keys(columns) as (keyof RawChainRow['columns'])[]).filter((k) => columns[k] !== row.columns[k]);
  if (edited.length > 0) return `event ${row.seq}: stored ${edited.join(', ')} differ from the event`;
  return null;
}

function headProblem(check: HeadCheck, floor: ChainFloor): string | null {
  // Nothing of the device is stored: only a promise the gateway already confirmed can say a trail vanished.
  if (check.head === null && check.lastSeq === null && check.maxAckedSeq === null) return promiseProblem(check, floor);
  // Every event of this device was in dropped months: its head must be where the last one ended.
  if (check.lastSeq === null && floor !== undefined && check.head !== null) {
    return check.head.seq === floor.seq && check.head.hash === floor.hash ? null : `the head differs from the chain end recorded when its events were archived`;
  }
  if (check.head === null) return check.lastSeq === null ? `acks were given but no event is stored` : `events are stored but the chain head is missing`;
  if (check.lastSeq !== check.head.seq) return `the head says sequence ${check.head.seq}, the last stored event is ${check.lastSeq ?? 'none'}`;
  if (check.hashAtHeadSeq !== check.head.hash) return `the head hash differs from event ${check.head.seq}`;
  if (check.maxAckedSeq !== null && check.maxAckedSeq > check.head.seq) {
    return `sequence ${check.maxAckedSeq} was acknowledged to the desk but the chain ends at ${check.head.seq}`;
  }
  return promiseProblem(check, floor);
}

/** A head the desk promised in a signed heartbeat, once the gateway had stored through it, must stay in the stored trail. */
function promiseProblem(check: HeadCheck, floor: ChainFloor): string | null {
  const promised = check.promised;
  if (promised === null || !promised.confirmed || promised.seq === 0) return null;
  // The promised event was in a month retention dropped.
  if (floor !== undefined && promised.seq <= floor.seq) return null;
  if (promised.storedHash === null) {
    const stored = check.lastSeq === null ? 'no event of it is stored (the trail was deleted)' : `the stored trail ends at ${check.lastSeq}`;
    return `the desk promised sequence ${promised.seq} in a signed heartbeat and the gateway stored it, but ${stored}`;
  }
  return promised.storedHash === promised.hash ? null : `event ${promised.seq} differs from the head the desk promised in a signed heartbeat`;
}

function anchorProblem(anchor: BatchAnchor, publicKey: string | null, floor: ChainFloor): string | null {
  const { batch } = anchor;
  // The signed head was in a dropped month: its event went to the archive file with it.
  if (anchor.storedHash === null && floor !== undefined && batch.ackedThroughSeq <= floor.seq) return null;
  if (anchor.storedHash !== batch.headHash) return `event ${batch.ackedThroughSeq} is not the one the device signed in batch ${batch.batchId}`;
  if (publicKey === null) return `batch ${batch.batchId} was signed by a device that is no longer enrolled`;
  const head = { deviceId: batch.deviceId, batchId: batch.batchId, firstSeq: batch.firstSeq, lastSeq: batch.ackedThroughSeq, headHash: batch.headHash };
  return verifyBatchSignature(publicKey, head, batch.signature) ? null : `the device signature of batch ${batch.batchId} no longer verifies`;
}

export function createChainVerifier(deps: {
  repo: AuditRepo;
  devices: Pick<IdentityRepo, 'findDevice'>;
  alerts: AlertService;
  intervalMs: number;
  scheduler?: Scheduler;
  /** A pass that could not run (the store failed): the operator's log must hear of it. */
  onError: (error: unknown) => void;
}): ChainVerifier {
  const scheduler = deps.scheduler ?? realScheduler;
  let timer: { cancel(): void } | null = null;
  let running: Promise<ChainBreak[]> | null = null;

  const walk = async (): Promise<ChainBreak[]> => {
    const guards = await deps.repo.restoreTriggers();
    const putBack = guards.restored ? 'now restored' : 'this role may not restore them: run npm run migrate as the owner role';
    const breaks: ChainBreak[] =
      guards.broken.length === 0 ? [] : [{ deviceId: null, problem: `append-only triggers ${guards.broken.join(', ')} were missing or altered (${putBack})` }];
    const floors = await deps.repo.chainFloors();
    let previous: RawChainRow | null = null;
    let brokenDevice: string | null = null;
    for (;;) {
      const rows = await deps.repo.chainRows(previous === null ? null : { deviceId: previous.deviceId, seq: previous.seq }, WALK_PAGE);
      for (const row of rows) {
        const before = previous?.deviceId === row.deviceId ? previous : null;
        previous = row;
        if (row.deviceId === brokenDevice) continue;
        const problem = rowProblem(row, before, floors.get(row.deviceId));
        if (problem !== null) {
          breaks.push({ deviceId: row.deviceId, problem });
          brokenDevice = row.deviceId;
        }
      }
      if (rows.length < WALK_PAGE) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const keys = new Map<string, string | null>();
    const anchorBroken = new Set(breaks.map((b) => b.deviceId));
    let lastAnchor: BatchAnchor | null = null;
    for (;;) {
      const anchors = await deps.repo.batchAnchors(lastAnchor === null ? null : { deviceId: lastAnchor.batch.deviceId, batchId: lastAnchor.batch.batchId }, WALK_PAGE);
      for (const anchor of anchors) {
        lastAnchor = anchor;
        const { deviceId } = anchor.batch;
        if (anchorBroken.has(deviceId)) continue;
        if (!keys.has(deviceId)) keys.set(deviceId, (await deps.devices.findDevice(deviceId))?.publicKey ?? null);
        const problem = anchorProblem(anchor, keys.get(deviceId) ?? null, floors.get(deviceId));
        if (problem !== null) {
          breaks.push({ deviceId, problem });
          anchorBroken.add(deviceId);
        }
      }
      if (anchors.length < WALK_PAGE) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const chainBroken = new Set(breaks.map((b) => b.deviceId));
    for (const check of await deps.repo.headChecks()) {
      const problem = chainBroken.has(check.deviceId) ? null : headProblem(check, floors.get(check.deviceId));
      if (problem !== null) breaks.push({ deviceId: check.deviceId, problem });
    }
    for (const b of breaks) {
      await deps.alerts.raise({
        kind: 'audit_chain_break',
        severity: 'critical',
        userId: null,
        deviceId: b.deviceId,
        message: `Stored audit trail${b.deviceId === null ? '' : ` of ${b.deviceId}`} failed verification: ${b.problem}`.slice(0, 500),
      });
    }
    return breaks;
  };

  const scheduled = (): void => {
    verifyNow().catch(deps.onError);
  };

  const verifyNow = (): Promise<ChainBreak[]> => {
    // One pass at a time: a tick that comes while one runs shares its result.
    running ??= walk().finally(() => {
      running = null;
    });
    return running;
  };

  return {
    verifyNow,
    start() {
      scheduled();
      timer ??= scheduler.every(deps.intervalMs, scheduled);
    },
    async stop() {
      timer?.cancel();
      timer = null;
      await running?.catch(() => undefined);
    },
  };
}
