// The local audit queue: every action's event, hash-chained over its canonical
// JSON, sealed with AES-256-GCM, and committed to SQLite (WAL, synchronous=FULL)
// before append() returns. At open it verifies the meta cursor's HMAC, the whole
// chain and every tag; sync re-verifies each row it sends. A mismatch puts the
// queue in a failed integrity state (recorded as an event, evidence kept as is)
// until IT clears it through policy, which archives the file and starts a new chain.
import Database from 'better-sqlite3';
import { createHash, randomUUID, sign } from 'node:crypto';
import { closeSync, existsSync, openSync, renameSync } from 'node:fs';
import { basename } from 'node:path';
import type { AuditBatchEntry } from '../../shared/api.ts';
import { AuditEventSchema, SYSTEM_ACTOR, type AuditEvent } from '../../shared/audit.ts';
import { chainMessage, GENESIS_HASH } from '../../shared/audit-chain.ts';
import { canonicalJson } from '../../shared/canonical-json.ts';
import { panFreeId, redactPans } from '../../shared/pan.ts';
import type { Clock } from '../clock.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import { loadAuditKeys, rotateAuditKey, type AuditKeys } from './audit-keys.ts';
import { checkpointMessage, cursorVerifies, macCursor, macMessage, messageVerifies, type MetaCursor } from './cursor-mac.ts';
import { openRow, sealRow } from './seal.ts';
/** What a caller supplies; id, time and origin are filled in by the queue. */
export type AuditEventInput = Pick<AuditEvent, 'type' | 'outcome' | 'actor' | 'target'> &
  Partial<Pick<AuditEvent, 'reason' | 'details'>>;

export { SYSTEM_ACTOR };

/** Events about the queue itself that may pass the cap, so a full desk can still start, sign in and sync. */
export const DEFAULT_SYSTEM_RESERVE = 1000;

export interface AuditQueueOptions {
  readonly dbPath: string;
  readonly deviceId: string;
  readonly appVersion: string;
  readonly host: string;
  readonly secrets: SecretStore;
  readonly clock: Clock;
  /** Unsynced events the queue holds at most for user actions; past it, they are refused (and that is said once, in the trail). */
  readonly maxUnsynced: number;
  /** How far past maxUnsynced system events (start, integrity, sync) and, with half of it, sign-in may go. */
  readonly systemReserve?: number;
  readonly retentionDays: number;
  /** IT's clearance code from policy: when it names the current integrity failure, the evidence is archived and a new chain starts. */
  readonly integrityClearance?: string;
}

export type IntegrityProblem = 'gap' | 'link' | 'tag' | 'hash' | 'key' | 'content' | 'cursor';
export type IntegrityReport = { readonly ok: true; readonly verified: number } | { readonly ok: false; readonly verified: number; readonly seq: number; readonly problem: IntegrityProblem };
export type AuditIntegrity = { readonly status: 'ok' } | { readonly status: 'failed'; readonly reason: string; readonly at: number };

/** Who may use how much of the capacity: user actions the cap, sign-in half the reserve, system events all of it. */
export type AuditTier = 'user' | 'session' | 'system';

export class AuditAppendError extends Error {
  override readonly name: string = 'AuditAppendError';
}
export class AuditQueueFullError extends AuditAppendError {
  override readonly name: string = 'AuditQueueFullError';
}

export interface AuditQueueStatus {
  readonly depth: number;
  readonly oldestUnsyncedAt: number | null;
  readonly lastSeq: number;
  /** System events not written because even the reserve was used up. */
  readonly systemEventsRefused: number;
}

/** Capacity held for one action: its attempt, its outcome and a DLP note can always be written once granted. */
export interface AuditReservation {
  append(input: AuditEventInput): AuditEvent;
  release(): void;
}

interface Row {
  seq: number;
  prev_hash: string;
  hash: string;
  key_id: string;
  nonce: Buffer;
  sealed: Buffer;
  created_at: number;
}

// Sync acks arrive in order, so "synced" is one number (synced_through_seq in
// meta) rather than a column: appends touch one table and no index, and an ack
// is one small write. sync_marks remembers when each ack came, for retention.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  key_id TEXT NOT NULL,
  nonce BLOB NOT NULL,
  sealed BLOB NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sync_marks (through_seq INTEGER PRIMARY KEY, at INTEGER NOT NULL);
`;

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export class AuditQueue {
  readonly deviceId: string;
  /** What the verification at open found. */
  readonly verification: IntegrityReport;
  private readonly db: Database.Database;
  private keys: AuditKeys;
  private readonly options: AuditQueueOptions;
  private readonly reserve: number;
  private head: { seq: number; hash: string };
  private cursor: MetaCursor;
  private integrityState: AuditIntegrity = { status: 'ok' };
  private failure: { problem: IntegrityProblem; seq: number } | null = null;
  private reservedSlots = 0;
  private systemEventsRefused = 0;
  private fullReported = false;
  private readonly insert: Database.Statement;
  private readonly createdAt: Database.Statement<[number], { created_at: number }>;

  private constructor(options: AuditQueueOptions, db: Database.Database, keys: AuditKeys, opened: { verification: IntegrityReport; cursor: MetaCursor }) {
    this.options = options;
    this.deviceId = options.deviceId;
    this.reserve = options.systemReserve ?? DEFAULT_SYSTEM_RESERVE;
    this.db = db;
    this.keys = keys;
    this.verification = opened.verification;
    this.cursor = opened.cursor;
    const last = db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1').get();
    this.head = last ?? { seq: opened.cursor.purgedThroughSeq, hash: opened.cursor.purgedThroughHash };
    this.insert = db.prepare('INSERT INTO events (seq, prev_hash, hash, key_id, nonce, sealed, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.createdAt = db.prepare('SELECT created_at FROM events WHERE seq = ?');
  }

  private get depth(): number {
    return this.head.seq - this.cursor.syncedThroughSeq;
  }

  static async open(options: AuditQueueOptions): Promise<AuditQueue> {
    const { keys, createdDataKey } = await loadAuditKeys(options.secrets, options.deviceId);
    let db = openDatabase(options);
    let opened = verifyOnOpen(db, keys, options.deviceId);
    let cleared: Record<string, string | number> | null = null;
    if (!opened.verification.ok && options.integrityClearance !== undefined) {
      const { problem, seq } = opened.verification;
      const code = clearanceCode(options.deviceId, opened.cursor.chainId, problem, seq);
      if (code === options.integrityClearance) {
        // IT has looked at this failure: keep the file as evidence and continue a new chain from what the gateway acknowledged.
        const restart = restartPoint(db, opened.verification, opened.cursor, opened.cursorAuthentic);
        db.close();
        const archivedAs = archiveEvidence(options.dbPath, options.clock.now());
        db = openDatabase(options);
        opened = startChain(db, keys, options.deviceId, restart);
        cleared = { code, problem, failedSeq: seq, restartSeq: restart.seq, archivedAs };
      }
    }
    const queue = new AuditQueue(options, db, keys, opened);
    if (createdDataKey || readMeta(db, 'key_rotated_at') === undefined) writeMeta(db, 'key_rotated_at', String(options.clock.now()));
    if (createdDataKey) queue.appendSystem({ type: 'key.create', outcome: 'success', actor: SYSTEM_ACTOR, target: { kind: 'key', id: keys.currentKeyId } });
    if (cleared !== null) {
      queue.appendSystem({ type: 'audit.integrity.cleared', outcome: 'success', actor: SYSTEM_ACTOR, target: { kind: 'audit-log', id: options.deviceId }, details: cleared });
    }
    if (!opened.verification.ok) queue.fail(opened.verification.problem, opened.verification.seq, opened.verification.verified);
    queue.appendSystem({ type: 'audit.queue.open', outcome: 'success', actor: SYSTEM_ACTOR, target: { kind: 'audit-log', id: options.deviceId }, details: { lastSeq: queue.head.seq } });
    return queue;
  }

  get publicKey(): string {
    return this.keys.publicKey;
  }

  /**
   * Appends one user event and returns once it is committed. Throws AuditAppendError
   * when it cannot commit (full queue, bad event, disk error): the caller must
   * then refuse the action.
   */
  append(input: AuditEventInput): AuditEvent {
    if (!this.fits('user', 1)) this.refuseFull();
    return this.commit(input);
  }

  /**
   * Appends an event the desk itself causes (start, stop, sync, keys, integrity).
   * It may use the reserve past the cap; when even that is used up the event is
   * counted in status() instead of blocking start or sync. Returns null then.
   */
  appendSystem(input: AuditEventInput): AuditEvent | null {
    if (!this.fits('system', 1)) {
      this.systemEventsRefused += 1;
      this.reportFull();
      return null;
    }
    return this.commit(input);
  }

  /** Whether a user event would be accepted now. */
  canAppend(): boolean {
    return this.fits('user', 1);
  }

  /**
   * Holds `slots` events of capacity for one action, so its attempt and outcome
   * are both written even when many actions race for the last places. Throws
   * AuditQueueFullError when they do not fit.
   */
  reserveSlots(slots: number, tier: AuditTier): AuditReservation {
    if (!this.fits(tier, slots)) this.refuseFull();
    this.reservedSlots += slots;
    let left = slots;
    return {
      append: (input) => {
        if (left === 0) throw new AuditAppendError('this action has used all the audit capacity it held');
        const event = this.commit(input);
        left -= 1;
        this.reservedSlots -= 1;
        return event;
      },
      release: () => {
        this.reservedSlots -= left;
        left = 0;
      },
    };
  }

  integrity(): AuditIntegrity {
    return this.integrityState;
  }

  /** The code IT puts in policy (auditIntegrityClearance) to clear the current failure, or null when there is none. */
  integrityClearance(): string | null {
    return this.failure === null ? null : clearanceCode(this.deviceId, this.cursor.chainId, this.failure.problem, this.failure.seq);
  }

  /** The last event's place in the chain: what heartbeats promise the gateway. */
  chainHead(): { seq: number; hash: string } {
    return { ...this.head };
  }

  /**
   * Unsynced entries in order, decrypted and re-verified, as a sync batch carries
   * them. A row that no longer verifies fails the queue's integrity: the rows
   * before it are returned, nothing from it on.
   */
  pending(limit: number): AuditBatchEntry[] {
    if (this.integrityState.status === 'failed') return [];
    const rows = this.db.prepare<[number, number], Row>('SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?').all(this.cursor.syncedThroughSeq, limit);
    let expected = this.hashAt(this.cursor.syncedThroughSeq);
    const entries: AuditBatchEntry[] = [];
    for (const row of rows) {
      const checked = verifyRow(row, expected, this.keys, this.deviceId);
      if (!checked.ok) {
        this.fail(checked.problem, row.seq, null);
        break;
      }
      entries.push({ seq: row.seq, prevHash: row.prev_hash, hash: row.hash, event: checked.event });
      expected = { seq: row.seq, hash: row.hash };
    }
    return entries;
  }

  /**
   * Every stored row decrypted, synced or not, for IT's review and leak scans:
   * a row whose seal no longer opens is listed with a null event. No chain
   * checks (that is verification's job); nothing here changes the queue.
   */
  readStored(): { seq: number; event: AuditEvent | null }[] {
    return this.db
      .prepare<[], Row>('SELECT * FROM events ORDER BY seq')
      .all()
      .map((row) => {
        const key = this.keys.key(row.key_id);
        const plain = key === undefined ? null : openRow(key, { nonce: row.nonce, sealed: row.sealed }, { deviceId: this.deviceId, seq: row.seq, prevHash: row.prev_hash });
        return { seq: row.seq, event: plain === null ? null : parseEvent(plain) };
      });
  }

  /** Marks events synced up to the server's ack; never beyond what is stored. Returns how many changed. */
  markSynced(throughSeq: number): number {
    const through = Math.min(throughSeq, this.head.seq);
    const before = this.cursor.syncedThroughSeq;
    if (through <= before) return 0;
    const record = this.db.transaction(() => {
      this.cursor = writeCursor(this.db, this.keys, this.deviceId, { ...this.cursor, syncedThroughSeq: through });
      this.db.prepare('INSERT OR REPLACE INTO sync_marks (through_seq, at) VALUES (?, ?)').run(through, this.options.clock.now());
    });
    record();
    this.fullReported = false;
    return through - before;
  }

  status(): AuditQueueStatus {
    const oldest = this.depth > 0 ? (this.createdAt.get(this.cursor.syncedThroughSeq + 1)?.created_at ?? null) : null;
    return { depth: this.depth, oldestUnsyncedAt: oldest, lastSeq: this.head.seq, systemEventsRefused: this.systemEventsRefused };
  }

  /**
   * Deletes synced events older than the retention, keeping the chain verifiable:
   * the last purged row's hash is remembered (under the cursor's HMAC) as the new starting point.
   */
  purgeSynced(): number {
    const cutoff = this.options.clock.now() - this.options.retentionDays * 86_400_000;
    const purge = this.db.transaction(() => {
      // Only what was acknowledged before the cutoff; unsynced events are never deleted.
      const mark = this.db
        .prepare<[number], { through_seq: number }>('SELECT MAX(through_seq) AS through_seq FROM sync_marks WHERE at < ?')
        .get(cutoff);
      const through = Math.min(mark?.through_seq ?? 0, this.cursor.syncedThroughSeq);
      const last = this.db.prepare<[number], { seq: number; hash: string }>('SELECT seq, hash FROM events WHERE seq = ?').get(through);
      if (last === undefined) return 0;
      const deleted = this.db.prepare('DELETE FROM events WHERE seq <= ?').run(last.seq).changes;
      this.db.prepare('DELETE FROM sync_marks WHERE through_seq < ?').run(last.seq);
      this.cursor = writeCursor(this.db, this.keys, this.deviceId, { ...this.cursor, purgedThroughSeq: last.seq, purgedThroughHash: last.hash });
      return deleted;
    });
    const deleted = purge();
    if (deleted > 0) {
      this.appendSystem({
        type: 'audit.purge',
        outcome: 'success',
        actor: SYSTEM_ACTOR,
        target: { kind: 'audit-log', id: this.deviceId },
        details: { deleted, retentionDays: this.options.retentionDays },
      });
    }
    return deleted;
  }

  /** The last transparency log checkpoint this desk verified; null when there is none or its tag does not verify. */
  witnessedCheckpoint(): string | null {
    const note = readMeta(this.db, 'log_checkpoint');
    const tag = readMeta(this.db, 'log_checkpoint_mac');
    if (note === undefined || tag === undefined) return null;
    return messageVerifies(tag, (id) => this.keys.key(id), this.deviceId, checkpointMessage(this.deviceId, note)) ? note : null;
  }

  keepWitnessedCheckpoint(note: string): void {
    const key = this.keys.key(this.keys.currentKeyId);
    if (key === undefined) throw new AuditAppendError('the current audit key is missing');
    const tag = macMessage(this.keys.currentKeyId, key, this.deviceId, checkpointMessage(this.deviceId, note));
    this.db.transaction(() => {
      writeMeta(this.db, 'log_checkpoint', note);
      writeMeta(this.db, 'log_checkpoint_mac', tag);
    })();
  }

  /** Ed25519 signature (base64url) with the device key, for sync batches. */
  sign(message: string): string {
    return sign(null, Buffer.from(message, 'utf8'), this.keys.signingKey).toString('base64url');
  }

  /** When the current data key was made current (epoch ms), for the rotation schedule. */
  keyRotatedAt(): number {
    return Number(readMeta(this.db, 'key_rotated_at') ?? 0);
  }

  async rotateKey(): Promise<string> {
    this.keys = await rotateAuditKey(this.options.secrets, this.deviceId);
    writeMeta(this.db, 'key_rotated_at', String(this.options.clock.now()));
    this.appendSystem({
      type: 'key.rotate',
      outcome: 'success',
      actor: SYSTEM_ACTOR,
      target: { kind: 'key', id: this.keys.currentKeyId },
    });
    return this.keys.currentKeyId;
  }

  close(): void {
    this.db.close();
  }

  private fits(tier: AuditTier, slots: number): boolean {
    const limit = this.options.maxUnsynced + (tier === 'user' ? 0 : tier === 'session' ? Math.floor(this.reserve / 2) : this.reserve);
    return this.depth + this.reservedSlots + slots <= limit;
  }

  private hashAt(seq: number): { seq: number; hash: string } {
    if (seq === this.cursor.purgedThroughSeq) return { seq, hash: this.cursor.purgedThroughHash };
    const row = this.db.prepare<[number], { hash: string }>('SELECT hash FROM events WHERE seq = ?').get(seq);
    return { seq, hash: row?.hash ?? '' };
  }

  /** Enters the failed state once and records it in the trail (the evidence rows stay as they are). */
  private fail(problem: IntegrityProblem, seq: number, verified: number | null): void {
    if (this.failure !== null) return;
    this.failure = { problem, seq };
    // The seq may come from the edited file (a cursor set to a card number): the trail refuses PANs, so it is named redacted.
    const place = redactPans(String(seq));
    // The clearance code rides in the reason: heartbeats carry it to the supervisor and IT while sync is halted.
    this.integrityState = { status: 'failed', reason: `${problem} at seq ${place}; clearance ${this.integrityClearance() ?? ''}`, at: this.options.clock.now() };
    this.appendSystem({
      type: 'audit.integrity.failure',
      outcome: 'failure',
      reason: problem,
      actor: SYSTEM_ACTOR,
      target: { kind: 'audit-log', id: this.deviceId },
      details: { seq: place === String(seq) ? seq : place, verified, clearance: this.integrityClearance() },
    });
  }

  private reportFull(): void {
    if (this.fullReported || !this.fits('system', 1)) return;
    // The one event allowed past the bound for users: the trail records that it is full.
    this.commit({
      type: 'audit.queue.full',
      outcome: 'failure',
      reason: 'queue_full',
      actor: SYSTEM_ACTOR,
      target: { kind: 'audit-log', id: this.deviceId },
      details: { depth: this.depth, max: this.options.maxUnsynced },
    });
    this.fullReported = true;
  }

  private refuseFull(): never {
    this.reportFull();
    throw new AuditQueueFullError(
      `The audit queue holds ${this.depth} unsynced events (limit ${this.options.maxUnsynced}); actions are refused until it syncs`,
    );
  }

  private commit(input: AuditEventInput): AuditEvent {
    const parsed = AuditEventSchema.safeParse({
      id: panFreeId(randomUUID),
      type: input.type,
      at: new Date(this.options.clock.now()).toISOString(),
      outcome: input.outcome,
      reason: input.reason ?? null,
      actor: input.actor,
      origin: { deviceId: this.deviceId, appVersion: this.options.appVersion, host: this.options.host },
      target: input.target,
      details: input.details ?? {},
    });
    if (!parsed.success) throw new AuditAppendError(`audit event refused: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
    const event = parsed.data;
    const canonical = canonicalJson(event);
    const seq = this.head.seq + 1;
    const prevHash = this.head.hash;
    const hash = sha256(chainMessage(prevHash, seq, canonical));
    const key = this.keys.key(this.keys.currentKeyId);
    if (key === undefined) throw new AuditAppendError('the current audit key is missing');
    const row = sealRow(key, canonical, { deviceId: this.deviceId, seq, prevHash });
    try {
      this.insert.run(seq, prevHash, hash, this.keys.currentKeyId, row.nonce, row.sealed, this.options.clock.now());
    } catch (error) {
      throw new AuditAppendError(`the audit event could not be committed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    this.head = { seq, hash };
    return event;
  }
}

function readMeta(db: Database.Database, key: string): string | undefined {
  return db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?').get(key)?.value;
}

function writeMeta(db: Database.Database, key: string, value: string): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
}

function openDatabase(options: AuditQueueOptions): Database.Database {
  // Created 0600 before SQLite opens it; SQLite gives its -wal and -shm files the same mode.
  closeSync(openSync(options.dbPath, 'a', 0o600));
  const db = new Database(options.dbPath);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(SCHEMA);
  const owner = readMeta(db, 'device_id');
  if (owner === undefined) writeMeta(db, 'device_id', options.deviceId);
  else if (owner !== options.deviceId) {
    db.close();
    throw new AuditAppendError(`${options.dbPath} belongs to device ${owner}, not ${options.deviceId}`);
  }
  return db;
}

function writeCursor(db: Database.Database, keys: AuditKeys, deviceId: string, cursor: MetaCursor): MetaCursor {
  const key = keys.key(keys.currentKeyId);
  if (key === undefined) throw new AuditAppendError('the current audit key is missing');
  writeMeta(db, 'chain_id', cursor.chainId);
  writeMeta(db, 'synced_through_seq', String(cursor.syncedThroughSeq));
  writeMeta(db, 'purged_through_seq', String(cursor.purgedThroughSeq));
  writeMeta(db, 'purged_through_hash', cursor.purgedThroughHash);
  writeMeta(db, 'cursor_mac', macCursor(keys.currentKeyId, key, deviceId, cursor));
  return cursor;
}

/** A fresh chain in an empty file, continuing from `from` (genesis for a new desk). */
function startChain(db: Database.Database, keys: AuditKeys, deviceId: string, from: { seq: number; hash: string }): { verification: IntegrityReport; cursor: MetaCursor; cursorAuthentic: boolean } {
  const cursor = writeCursor(db, keys, deviceId, { chainId: panFreeId(randomUUID), syncedThroughSeq: from.seq, purgedThroughSeq: from.seq, purgedThroughHash: from.hash });
  return { verification: { ok: true, verified: 0 }, cursor, cursorAuthentic: true };
}

/** Reads the meta cursor, checks its HMAC, then walks the chain from it. */
function verifyOnOpen(db: Database.Database, keys: AuditKeys, deviceId: string): { verification: IntegrityReport; cursor: MetaCursor; cursorAuthentic: boolean } {
  const tag = readMeta(db, 'cursor_mac');
  const empty = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM events').get()?.n === 0;
  if (tag === undefined && empty && readMeta(db, 'synced_through_seq') === undefined) return startChain(db, keys, deviceId, { seq: 0, hash: GENESIS_HASH });
  const cursor: MetaCursor = {
    chainId: readMeta(db, 'chain_id') ?? '',
    syncedThroughSeq: Number(readMeta(db, 'synced_through_seq') ?? 0),
    purgedThroughSeq: Number(readMeta(db, 'purged_through_seq') ?? 0),
    purgedThroughHash: readMeta(db, 'purged_through_hash') ?? GENESIS_HASH,
  };
  const authentic =
    tag !== undefined &&
    Number.isSafeInteger(cursor.syncedThroughSeq) &&
    Number.isSafeInteger(cursor.purgedThroughSeq) &&
    cursorVerifies(tag, (id) => keys.key(id), deviceId, cursor);
  const chain = verifyChain(db, keys, deviceId, { seq: cursor.purgedThroughSeq, hash: cursor.purgedThroughHash });
  if (authentic) return { verification: chain, cursor, cursorAuthentic: true };
  // Nothing past the first stored row is trusted as synced: sync is halted anyway until IT clears the failure.
  const firstSeq = db.prepare<[], { seq: number | null }>('SELECT MIN(seq) AS seq FROM events').get()?.seq ?? 1;
  return {
    verification: { ok: false, verified: chain.verified, seq: Number.isSafeInteger(cursor.syncedThroughSeq) ? cursor.syncedThroughSeq : -1, problem: 'cursor' },
    cursor: { ...cursor, syncedThroughSeq: Math.max(0, firstSeq - 1), purgedThroughSeq: Math.max(0, firstSeq - 1) },
    cursorAuthentic: false,
  };
}

/** Where a cleared chain continues: the last verified row the gateway acknowledged (or the verified end when the cursor itself was forged). */
function restartPoint(db: Database.Database, report: IntegrityReport, cursor: MetaCursor, cursorAuthentic: boolean): { seq: number; hash: string } {
  const verifiedThrough = cursor.purgedThroughSeq + report.verified;
  const seq = cursorAuthentic ? Math.min(cursor.syncedThroughSeq, verifiedThrough) : verifiedThrough;
  if (seq === cursor.purgedThroughSeq) return { seq, hash: cursor.purgedThroughHash };
  const row = db.prepare<[number], { hash: string }>('SELECT hash FROM events WHERE seq = ?').get(seq);
  return row === undefined ? { seq: 0, hash: GENESIS_HASH } : { seq, hash: row.hash };
}

/** Renames the database (and its WAL files) aside as evidence; nothing is deleted. Returns the evidence file's name. */
function archiveEvidence(dbPath: string, now: number): string {
  const archived = `${dbPath}.evidence-${new Date(now).toISOString().replace(/[:.]/g, '-')}`;
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(`${dbPath}${suffix}`)) renameSync(`${dbPath}${suffix}`, `${archived}${suffix}`);
  }
  return basename(archived);
}

/** Names one failure of one chain: a clearance in policy never clears a later failure or another desk's. */
function clearanceCode(deviceId: string, chainId: string, problem: IntegrityProblem, seq: number): string {
  return sha256(['sentinel-audit-clearance-v1', deviceId, chainId, problem, seq].join('\n')).slice(0, 16);
}

function parseEvent(plain: string): AuditEvent | null {
  try {
    return AuditEventSchema.parse(JSON.parse(plain));
  } catch {
    return null;
  }
}

type RowCheck = { readonly ok: true; readonly event: AuditEvent } | { readonly ok: false; readonly problem: IntegrityProblem };

/** One row against its expected place: continuity, link, GCM tag, content and the hash over the decrypted event. */
function verifyRow(row: Row, expected: { seq: number; hash: string }, keys: AuditKeys, deviceId: string): RowCheck {
  if (row.seq !== expected.seq + 1) return { ok: false, problem: 'gap' };
  if (row.prev_hash !== expected.hash) return { ok: false, problem: 'link' };
  const key = keys.key(row.key_id);
  if (key === undefined) return { ok: false, problem: 'key' };
  const plain = openRow(key, { nonce: row.nonce, sealed: row.sealed }, { deviceId, seq: row.seq, prevHash: row.prev_hash });
  if (plain === null) return { ok: false, problem: 'tag' };
  const event = parseEvent(plain);
  if (event === null) return { ok: false, problem: 'content' };
  if (sha256(chainMessage(row.prev_hash, row.seq, canonicalJson(event))) !== row.hash) return { ok: false, problem: 'hash' };
  return { ok: true, event };
}

/** Walks every row from the purge point. */
function verifyChain(db: Database.Database, keys: AuditKeys, deviceId: string, from: { seq: number; hash: string }): IntegrityReport {
  let expected = from;
  let verified = 0;
  for (const row of db.prepare<[], Row>('SELECT * FROM events ORDER BY seq').iterate()) {
    const checked = verifyRow(row, expected, keys, deviceId);
    if (!checked.ok) return { ok: false, verified, seq: row.seq, problem: checked.problem };
    expected = { seq: row.seq, hash: row.hash };
    verified += 1;
  }
  return { ok: true, verified };
}
