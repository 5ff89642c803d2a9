// Device audit chains in SQLite: heads, append-only entries, batch acks, search,
// the per-agent activity aggregation behind reports, and the raw reads the
// chain verifier walks.
import type Database from 'better-sqlite3';
import { AuditEventSchema } from '../../../shared/audit.ts';
import type { ActivityReportRow, StoredAuditEvent } from '../../../shared/index.ts';
import { AuditFlagSchema } from '../../../shared/schemas/supervision.ts';
import type { AuditRepo, BatchRecord, DeviceChainHead, HeadCheck, RawChainRow } from '../store.ts';
import { APPEND_ONLY_TRIGGERS } from './schema.ts';
import { GATEWAY_DEVICE_ID } from '../../audit/gateway-audit.ts';

interface RawRow {
  device_id: string;
  seq: number;
  prev_hash: string;
  hash: string;
  event: string;
  type: string;
  outcome: string;
  user_id: string | null;
  at: string;
  customer_id: string | null;
}

interface BatchRow {
  batch_id: string;
  device_id: string;
  content_hash: string;
  acked_through_seq: number;
  first_seq: number;
  head_hash: string;
  signature: string;
}
const batchOf = (row: BatchRow): BatchRecord => ({
  batchId: row.batch_id,
  deviceId: row.device_id,
  contentHash: row.content_hash,
  ackedThroughSeq: row.acked_through_seq,
  firstSeq: row.first_seq,
  headHash: row.head_hash,
  signature: row.signature,
});

interface EntryRow {
  row_id: number;
  device_id: string;
  seq: number;
  event: string;
  received_at: string;
  flag: string | null;
}

/** The customer an event concerns, kept in its own column so searches by customer use an index. */
const customerOf = (target: { kind: string; id: string | null }): string | null => (target.kind === 'customer' ? target.id : null);

/** `triggersMissingAtOpen`: triggers that were gone before the schema was (re)created; the first restoreTriggers() reports them. */
export function sqliteAuditRepo(db: Database.Database, options: { triggersMissingAtOpen?: readonly string[] } = {}): AuditRepo {
  let missingAtOpen = [...(options.triggersMissingAtOpen ?? [])];
  const head = db.prepare<[string], { seq: number; hash: string; high_at: string }>('SELECT seq, hash, high_at FROM device_heads WHERE device_id = ?');
  const hashes = db.prepare<[string, number, number], { seq: number; hash: string }>(
    'SELECT seq, hash FROM audit_events WHERE device_id = ? AND seq BETWEEN ? AND ?',
  );
  const batch = db.prepare<[string], BatchRow>('SELECT * FROM audit_batches WHERE batch_id = ?');
  const anchorsAfter = db.prepare<[string, string, number], BatchRow & { stored_hash: string | null }>(
    `SELECT b.*, (SELECT hash FROM audit_events e WHERE e.device_id = b.device_id AND e.seq = b.acked_through_seq) AS stored_hash
     FROM audit_batches b WHERE (b.device_id, b.batch_id) > (?, ?) ORDER BY b.device_id, b.batch_id LIMIT ?`,
  );
  const insertEntry = db.prepare(
    `INSERT INTO audit_events (device_id, seq, prev_hash, hash, event, received_at, type, outcome, user_id, at, customer_id, flag)
     VALUES (@deviceId, @seq, @prevHash, @hash, @event, @receivedAt, @type, @outcome, @userId, @at, @customerId, @flag)`,
  );
  // Update, else insert: an upsert would trip the trigger that refuses a second head row.
  const moveHead = db.prepare<{ deviceId: string; seq: number; hash: string; highAt: string }>(
    'UPDATE device_heads SET seq = @seq, hash = @hash, high_at = MAX(high_at, @highAt) WHERE device_id = @deviceId',
  );
  const insertHead = db.prepare<{ deviceId: string; seq: number; hash: string; highAt: string }>(
    'INSERT INTO device_heads (device_id, seq, hash, high_at) VALUES (@deviceId, @seq, @hash, @highAt)',
  );
  const insertBatch = db.prepare<BatchRecord & { flag: string | null }>(
    `INSERT INTO audit_batches (batch_id, device_id, content_hash, acked_through_seq, first_seq, head_hash, signature, flag)
     VALUES (@batchId, @deviceId, @contentHash, @ackedThroughSeq, @firstSeq, @headHash, @signature, @flag)`,
  );

  const append = db.transaction((entries: Parameters<AuditRepo['appendBatch']>[0], record: BatchRecord | null): number[] => {
    const positions: number[] = [];
    for (const e of entries) {
      const inserted = insertEntry.run({
        deviceId: e.deviceId,
        seq: e.seq,
        prevHash: e.prevHash,
        hash: e.hash,
        event: JSON.stringify(e.event),
        receivedAt: e.receivedAt,
        type: e.event.type,
        outcome: e.event.outcome,
        userId: e.event.actor.userId,
        at: e.event.at,
        customerId: customerOf(e.event.target),
        flag: e.flag ?? null,
      });
      positions.push(Number(inserted.lastInsertRowid));
    }
    const last = entries.at(-1);
    if (last !== undefined) {
      const highAt = entries.reduce((latest, e) => (e.event.at > latest ? e.event.at : latest), last.event.at);
      const next = { deviceId: last.deviceId, seq: last.seq, hash: last.hash, highAt };
      if (moveHead.run(next).changes === 0) insertHead.run(next);
    }
    if (record !== null) insertBatch.run({ ...record, flag: record.flag ?? null });
    return positions;
  });
  const signedIn = db.prepare<[string, string, string], { found: number }>(
    `SELECT 1 AS found FROM audit_events INDEXED BY audit_by_user
     WHERE user_id = ? AND at <= ? AND device_id = 'gateway' AND type = 'auth.login' AND outcome = 'success'
       AND json_extract(event, '$.details.deviceId') = ? LIMIT 1`,
  );
  const rowsAfter = db.prepare<[string, number, number], RawRow>(
    `SELECT device_id, seq, prev_hash, hash, event, type, outcome, user_id, at, customer_id FROM audit_events
     WHERE (device_id, seq) > (?, ?) ORDER BY device_id, seq LIMIT ?`,
  );
  // Every device with a head or an event, its head beside its last stored event and its highest ack.
  const headChecks = db.prepare<[], { device_id: string; head_seq: number | null; head_hash: string | null; last_seq: number | null; hash_at_head: string | null; max_acked: number | null }>(
    `SELECT d.device_id, h.seq AS head_seq, h.hash AS head_hash,
       (SELECT MAX(seq) FROM audit_events e WHERE e.device_id = d.device_id) AS last_seq,
       (SELECT hash FROM audit_events e WHERE e.device_id = d.device_id AND e.seq = h.seq) AS hash_at_head,
       (SELECT MAX(acked_through_seq) FROM audit_batches b WHERE b.device_id = d.device_id) AS max_acked
     FROM (SELECT device_id FROM device_heads UNION SELECT DISTINCT device_id FROM audit_events UNION SELECT DISTINCT device_id FROM audit_batches) d
     LEFT JOIN device_heads h ON h.device_id = d.device_id`,
  );
  const triggerSql = db.prepare<[string], { sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?");
  /** How SQLite keeps a CREATE TRIGGER IF NOT EXISTS statement in sqlite_master. */
  const asStored = (sql: string): string => sql.replace('CREATE TRIGGER IF NOT EXISTS ', 'CREATE TRIGGER ').replace(/;\s*$/, '');

  const after = db.prepare<[number, number], EntryRow>(
    'SELECT rowid AS row_id, device_id, seq, event, received_at, flag FROM audit_events WHERE rowid > ? ORDER BY rowid LIMIT ?',
  );

  const toStored = (row: EntryRow): StoredAuditEvent => ({
    deviceId: row.device_id,
    seq: row.seq,
    receivedAt: row.received_at,
    event: AuditEventSchema.parse(JSON.parse(row.event)),
    ...(row.flag === null ? {} : { flag: AuditFlagSchema.parse(row.flag) }),
  });

  return {
    head: (deviceId) => {
      const row = head.get(deviceId);
      const result: DeviceChainHead | null = row ? { seq: row.seq, hash: row.hash, highAt: row.high_at } : null;
      return Promise.resolve(result);
    },
    entryHashes: (deviceId, fromSeq, toSeq) =>
      Promise.resolve(new Map(hashes.all(deviceId, fromSeq, toSeq).map((r) => [r.seq, r.hash]))),
    findBatch: (batchId) => {
      const row = batch.get(batchId);
      const record: BatchRecord | null = row ? batchOf(row) : null;
      return Promise.resolve(record);
    },
    // A refused insert (a conflict, a trigger) becomes a rejection, not a throw from the call.
    appendBatch: (entries, record) => new Promise((resolve) => resolve(append(entries, record))),
    since: (position, limit) => Promise.resolve(after.all(position, limit).map((row) => ({ position: row.row_id, event: toStored(row) }))),
    search: (query, maxBytes = Number.POSITIVE_INFINITY) => {
      // Filters are bound parameters; only this fixed set of clauses is ever joined into the SQL.
      const clauses: string[] = [];
      const params: (string | number)[] = [];
      const add = (clause: string, value: string | number | undefined): void => {
        if (value === undefined) return;
        clauses.push(clause);
        params.push(value);
      };
      add('user_id = ?', query.userId);
      add('type = ?', query.type);
      add('customer_id = ?', query.customerId);
      add('at >= ?', query.from === undefined ? undefined : new Date(query.from).toISOString());
      add('at < ?', query.to === undefined ? undefined : new Date(query.to).toISOString());
      add('rowid < ?', query.cursor === undefined ? undefined : Number.parseInt(query.cursor, 10) || 0);
      const where = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
      const rows = db
        .prepare<(string | number)[], EntryRow>(
          `SELECT rowid AS row_id, device_id, seq, event, received_at, flag FROM audit_events ${where} ORDER BY rowid DESC LIMIT ?`,
        )
        .all(...params, query.limit + 1);
      // A page ends at `limit` events or before `maxBytes` of JSON, whichever comes first, but always holds one event.
      const page: { rowId: number; event: StoredAuditEvent }[] = [];
      let bytes = 0;
      for (const row of rows.slice(0, query.limit)) {
        const event = toStored(row);
        bytes += Buffer.byteLength(JSON.stringify(event), 'utf8') + 1;
        if (page.length > 0 && bytes > maxBytes) break;
        page.push({ rowId: row.row_id, event });
      }
      const more = rows.length > page.length;
      return Promise.resolve({ events: page.map((p) => p.event), nextCursor: more ? String(page.at(-1)?.rowId ?? '') : null });
    },
    activity: (query) => {
      const rows = db
        .prepare<
          { from: string; to: string; userId: string | null; gateway: string },
          Omit<ActivityReportRow, 'username'> & { username: string | null }
        >(
          // The gateway records each customer access and sign-in itself: only its own events count, so a
          // desk's copy neither doubles a count nor adds an access that never reached the gateway.
          `SELECT a.user_id AS userId, COALESCE(u.username, a.user_id) AS username,
             SUM(a.device_id = @gateway AND a.type = 'customer.lookup' AND a.outcome = 'success' AND json_extract(a.event, '$.details.by') = 'customerId') AS lookupsByCustomerId,
             SUM(a.device_id = @gateway AND a.type = 'customer.lookup' AND a.outcome = 'success' AND json_extract(a.event, '$.details.by') = 'order') AS lookupsByOrder,
             SUM(a.device_id = @gateway AND a.type = 'customer.lookup' AND a.outcome = 'success' AND json_extract(a.event, '$.details.by') = 'card') AS lookupsByCard,
             SUM(a.device_id = @gateway AND a.type = 'customer.view' AND a.outcome = 'success') AS recordsViewed,
             SUM(a.device_id = @gateway AND a.type = 'customer.note.add' AND a.outcome = 'success') AS notesAdded,
             SUM(a.device_id = @gateway AND a.type = 'subscription.extend' AND a.outcome = 'success') AS extensions,
             SUM(a.device_id = @gateway AND a.type = 'auth.login' AND a.outcome = 'failure') AS failedLogins,
             SUM(a.type = 'session.lock' AND a.outcome = 'success') AS locks
           FROM audit_events a LEFT JOIN users u ON u.user_id = a.user_id
           WHERE a.user_id IS NOT NULL AND a.at >= @from AND a.at < @to AND (@userId IS NULL OR a.user_id = @userId)
           GROUP BY a.user_id ORDER BY username`,
        )
        .all({ from: new Date(query.from).toISOString(), to: new Date(query.to).toISOString(), userId: query.userId ?? null, gateway: GATEWAY_DEVICE_ID });
      return Promise.resolve(rows.map((r) => ({ ...r, username: r.username ?? r.userId })));
    },
    signedInOn: (userId, deviceId, at) => Promise.resolve(signedIn.get(userId, at, deviceId) !== undefined),
    chainRows: (position, limit) =>
      Promise.resolve(
        rowsAfter.all(position?.deviceId ?? '', position?.seq ?? 0, limit).map(
          (r): RawChainRow => ({
            deviceId: r.device_id,
            seq: r.seq,
            prevHash: r.prev_hash,
            hash: r.hash,
            eventJson: r.event,
            columns: { type: r.type, outcome: r.outcome, userId: r.user_id, at: r.at, customerId: r.customer_id },
          }),
        ),
      ),
    headChecks: () =>
      Promise.resolve(
        headChecks.all().map(
          (r): HeadCheck => ({
            deviceId: r.device_id,
            head: r.head_seq === null || r.head_hash === null ? null : { seq: r.head_seq, hash: r.head_hash },
            lastSeq: r.last_seq,
            hashAtHeadSeq: r.hash_at_head,
            maxAckedSeq: r.max_acked,
          }),
        ),
      ),
    batchAnchors: (position, limit) =>
      Promise.resolve(
        anchorsAfter.all(position?.deviceId ?? '', position?.batchId ?? '', limit).map((row) => ({ batch: batchOf(row), storedHash: row.stored_hash })),
      ),
    restoreTriggers: () => {
      const broken = APPEND_ONLY_TRIGGERS.filter((t) => triggerSql.get(t.name)?.sql !== asStored(t.sql));
      db.transaction(() => {
        for (const trigger of broken) {
          db.exec(`DROP TRIGGER IF EXISTS ${trigger.name}`);
          db.exec(trigger.sql);
        }
      })();
      const found = [...new Set([...missingAtOpen, ...broken.map((t) => t.name)])];
      missingAtOpen = [];
      return Promise.resolve(found);
    },
  };
}
