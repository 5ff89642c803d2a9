// The local audit queue: every action's event, hash-chained over its canonical
// JSON, sealed with AES-256-GCM, and committed to SQLite (WAL, synchronous=FULL)
// before append() returns. At open it verifies the whole chain and every tag;
// a mismatch is recorded as an integrity event and the evidence is kept as is.
import Database from 'better-sqlite3';
import { createHash, randomUUID, sign } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import type { AuditBatchEntry } from '../../shared/api.ts';
import { AuditEventSchema, type AuditEvent } from '../../shared/audit.ts';
import { chainMessage, GENESIS_HASH } from '../../shared/audit-chain.ts';
import { canonicalJson } from '../../shared/canonical-json.ts';
import type { Clock } from '../clock.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import { loadAuditKeys, rotateAuditKey, type AuditKeys } from './audit-keys.ts';
import { openRow, sealRow } from './seal.ts';

/** What a caller supplies; id, time and origin are filled in by the queue. */
export type AuditEventInput = Pick<AuditEvent, 'type' | 'outcome' | 'actor' | 'target'> &
  Partial<Pick<AuditEvent, 'reason' | 'details'>>;

/** The actor of events the desk itself causes (start, sync, keys), with no user behind them. */
export const SYSTEM_ACTOR: AuditEventInput['actor'] = { userId: null, username: null, roles: [] };

export interface AuditQueueOptions {
  readonly dbPath: string;
  readonly deviceId: string;
  readonly appVersion: string;
  readonly host: string;
  readonly secrets: SecretStore;
  readonly clock: Clock;
  /** Unsynced events the queue holds at most; past it, append() refuses (and says so once, in the trail). */
  readonly maxUnsynced: number;
  readonly retentionDays: number;
}

export type IntegrityProblem = 'gap' | 'link' | 'tag' | 'hash' | 'key' | 'content';
export type IntegrityReport = { readonly ok: true; readonly verified: number } | { readonly ok: false; readonly verified: number; readonly seq: number; readonly problem: IntegrityProblem };

/** The queue's own verification at open, as heartbeats report it to the gateway. */
export type QueueIntegrity = { readonly status: 'ok' } | { readonly status: 'failed'; readonly reason: string; readonly at: number };

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
  private readonly verified: IntegrityReport;
  private readonly verifiedAt: number;
  private readonly db: Database.Database;
  private keys: AuditKeys;
  private readonly options: AuditQueueOptions;
  private head: { seq: number; hash: string };
  private syncedThrough: number;
  private fullReported = false;
  private readonly insert: Database.Statement;
  private readonly createdAt: Database.Statement<[number], { created_at: number }>;

  private constructor(options: AuditQueueOptions, db: Database.Database, keys: AuditKeys, integrity: IntegrityReport) {
    this.options = options;
    this.deviceId = options.deviceId;
    this.db = db;
    this.keys = keys;
    this.verified = integrity;
    this.verifiedAt = options.clock.now();
    const last = db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1').get();
    this.head = last ?? purgedThrough(db);
    this.syncedThrough = Number(readMeta(db, 'synced_through_seq') ?? purgedThrough(db).seq);
    this.insert = db.prepare('INSERT INTO events (seq, prev_hash, hash, key_id, nonce, sealed, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.createdAt = db.prepare('SELECT created_at FROM events WHERE seq = ?');
  }

  private get depth(): number {
    return this.head.seq - this.syncedThrough;
  }

  static async open(options: AuditQueueOptions): Promise<AuditQueue> {
    const { keys, createdDataKey } = await loadAuditKeys(options.secrets, options.deviceId);
    // Created 0600 before SQLite opens it; SQLite gives its -wal and -shm files the same mode.
    closeSync(openSync(options.dbPath, 'a', 0o600));
    const db = new Database(options.dbPath);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(SCHEMA);
    const owner = db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'device_id'").get();
    if (owner === undefined) db.prepare("INSERT INTO meta (key, value) VALUES ('device_id', ?)").run(options.deviceId);
    else if (owner.value !== options.deviceId) {
      db.close();
      throw new AuditAppendError(`${options.dbPath} belongs to device ${owner.value}, not ${options.deviceId}`);
    }
    const integrity = verifyChain(db, keys, options.deviceId);
    const queue = new AuditQueue(options, db, keys, integrity);
    if (createdDataKey) queue.append({ type: 'key.create', outcome: 'success', actor: SYSTEM_ACTOR, target: { kind: 'key', id: keys.currentKeyId } });
    if (!integrity.ok) {
      queue.append({
        type: 'audit.integrity.failure',
        outcome: 'failure',
        reason: integrity.problem,
        actor: SYSTEM_ACTOR,
        target: { kind: 'audit-log', id: options.deviceId },
        details: { seq: integrity.seq, verified: integrity.verified },
      });
    }
    queue.append({ type: 'audit.queue.open', outcome: 'success', actor: SYSTEM_ACTOR, target: { kind: 'audit-log', id: options.deviceId }, details: { lastSeq: queue.head.seq } });
    return queue;
  }

  /** The last appended event's seq and hash; seq 0 and the genesis hash when empty. */
  chainHead(): { seq: number; hash: string } {
    return { ...this.head };
  }

  /** What the verification at open found; a failure stays reported until IT replaces the queue. */
  integrity(): QueueIntegrity {
    const report = this.verified;
    return report.ok ? { status: 'ok' } : { status: 'failed', reason: `${report.problem} at seq ${report.seq} (${report.verified} verified)`, at: this.verifiedAt };
  }

  get publicKey(): string {
    return this.keys.publicKey;
  }

  /**
   * Appends one event and returns once it is committed. Throws AuditAppendError
   * when it cannot commit (full queue, bad event, disk error): the caller must
   * then refuse the action.
   */
  append(input: AuditEventInput): AuditEvent {
    if (this.depth >= this.options.maxUnsynced) this.refuseFull();
    return this.commit(input);
  }

  /** Whether append() would accept an event now; checked before actions with side effects. */
  canAppend(): boolean {
    return this.depth < this.options.maxUnsynced;
  }

  /** Unsynced entries in order, decrypted, as a sync batch carries them. */
  pending(limit: number): AuditBatchEntry[] {
    const rows = this.db.prepare<[number, number], Row>('SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?').all(this.syncedThrough, limit);
    return rows.map((row) => {
      const key = this.keys.key(row.key_id);
      const plain = key === undefined ? null : openRow(key, { nonce: row.nonce, sealed: row.sealed }, { deviceId: this.deviceId, seq: row.seq, prevHash: row.prev_hash });
      if (plain === null) throw new AuditAppendError(`audit row ${row.seq} no longer verifies; sync must stop`);
      return { seq: row.seq, prevHash: row.prev_hash, hash: row.hash, event: AuditEventSchema.parse(JSON.parse(plain)) };
    });
  }

  /** Marks events synced up to the server's ack; never beyond what is stored. Returns how many changed. */
  markSynced(throughSeq: number): number {
    const through = Math.min(throughSeq, this.head.seq);
    if (through <= this.syncedThrough) return 0;
    const record = this.db.transaction(() => {
      writeMeta(this.db, 'synced_through_seq', String(through));
      this.db.prepare('INSERT OR REPLACE INTO sync_marks (through_seq, at) VALUES (?, ?)').run(through, this.options.clock.now());
    });
    record();
    const changed = through - this.syncedThrough;
    this.syncedThrough = through;
    this.fullReported = false;
    return changed;
  }

  status(): AuditQueueStatus {
    const oldest = this.depth > 0 ? (this.createdAt.get(this.syncedThrough + 1)?.created_at ?? null) : null;
    return { depth: this.depth, oldestUnsyncedAt: oldest, lastSeq: this.head.seq };
  }

  /**
   * Deletes synced events older than the retention, keeping the chain verifiable:
   * the last purged row's hash is remembered as the new starting point.
   */
  purgeSynced(): number {
    const cutoff = this.options.clock.now() - this.options.retentionDays * 86_400_000;
    const purge = this.db.transaction(() => {
      // Only what was acknowledged before the cutoff; unsynced events are never deleted.
      const mark = this.db
        .prepare<[number], { through_seq: number }>('SELECT MAX(through_seq) AS through_seq FROM sync_marks WHERE at < ?')
        .get(cutoff);
      const through = Math.min(mark?.through_seq ?? 0, this.syncedThrough);
      const last = this.db.prepare<[number], { seq: number; hash: string }>('SELECT seq, hash FROM events WHERE seq = ?').get(through);
      if (last === undefined) return 0;
      const deleted = this.db.prepare('DELETE FROM events WHERE seq <= ?').run(last.seq).changes;
      this.db.prepare('DELETE FROM sync_marks WHERE through_seq < ?').run(last.seq);
      writeMeta(this.db, 'purged_through_seq', String(last.seq));
      writeMeta(this.db, 'purged_through_hash', last.hash);
      return deleted;
    });
    const deleted = purge();
    if (deleted > 0) {
      this.append({
        type: 'audit.purge',
        outcome: 'success',
        actor: SYSTEM_ACTOR,
        target: { kind: 'audit-log', id: this.deviceId },
        details: { deleted, retentionDays: this.options.retentionDays },
      });
    }
    return deleted;
  }

  /** Ed25519 signature (base64url) with the device key, for sync batches. */
  sign(message: string): string {
    return sign(null, Buffer.from(message, 'utf8'), this.keys.signingKey).toString('base64url');
  }

  async rotateKey(): Promise<string> {
    this.keys = await rotateAuditKey(this.options.secrets, this.deviceId);
    this.append({
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

  private refuseFull(): never {
    if (!this.fullReported) {
      // The one event allowed past the bound: the trail records that it is full.
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
    throw new AuditQueueFullError(
      `The audit queue holds ${this.depth} unsynced events (limit ${this.options.maxUnsynced}); actions are refused until it syncs`,
    );
  }

  private commit(input: AuditEventInput): AuditEvent {
    const parsed = AuditEventSchema.safeParse({
      id: randomUUID(),
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

function purgedThrough(db: Database.Database): { seq: number; hash: string } {
  const seq = readMeta(db, 'purged_through_seq');
  const hash = readMeta(db, 'purged_through_hash');
  return seq === undefined || hash === undefined ? { seq: 0, hash: GENESIS_HASH } : { seq: Number(seq), hash };
}

/** Walks every row: sequence continuity, links, GCM tags, and each hash over the decrypted event. */
function verifyChain(db: Database.Database, keys: AuditKeys, deviceId: string): IntegrityReport {
  let expected = purgedThrough(db);
  let verified = 0;
  for (const row of db.prepare<[], Row>('SELECT * FROM events ORDER BY seq').iterate()) {
    const fail = (problem: IntegrityProblem): IntegrityReport => ({ ok: false, verified, seq: row.seq, problem });
    if (row.seq !== expected.seq + 1) return fail('gap');
    if (row.prev_hash !== expected.hash) return fail('link');
    const key = keys.key(row.key_id);
    if (key === undefined) return fail('key');
    const plain = openRow(key, { nonce: row.nonce, sealed: row.sealed }, { deviceId, seq: row.seq, prevHash: row.prev_hash });
    if (plain === null) return fail('tag');
    let canonical: string;
    try {
      canonical = canonicalJson(AuditEventSchema.parse(JSON.parse(plain)));
    } catch {
      return fail('content');
    }
    if (sha256(chainMessage(row.prev_hash, row.seq, canonical)) !== row.hash) return fail('hash');
    expected = { seq: row.seq, hash: row.hash };
    verified += 1;
  }
  return { ok: true, verified };
}
