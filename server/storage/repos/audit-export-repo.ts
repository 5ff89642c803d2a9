// Reads for the audit evidence bundle (audit/audit-export.ts), each a keyset
// page or a bounded lookup, so an export of millions of entries holds one page
// at a time. A leaf whose event is gone is read as its stored leaf hash (the
// exporter tells a dropped month from a deletion).
import { AuditEventSchema, type AuditEvent } from '../../../shared/audit.ts';
import type { Storage } from '../dialect.ts';

export type ExportLeaf =
  | { readonly i: number; readonly deviceId: string; readonly seq: number; readonly prevHash: string; readonly hash: string; readonly receivedAt: string; readonly event: AuditEvent }
  | { readonly i: number; readonly gone: true; readonly deviceId: string; readonly seq: number; readonly leafHashHex: string };

export interface ExportBatch {
  readonly deviceId: string;
  readonly batchId: string;
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly headHash: string;
  readonly signature: string;
  readonly leafIndex: number;
}

export interface ExportDevice {
  readonly deviceId: string;
  readonly publicKey: string;
  readonly revokedAt: number | null;
  readonly promisedSeq: number | null;
}

export interface AuditExportRepo {
  /** The first leaf stored at or after `at`, the last stored before `before`; null when there is none. */
  leafBounds(at: string, before: string): Promise<{ first: number; last: number } | null>;
  /** Leaves with index in [from, to), in order, at most `limit`. */
  leaves(from: number, to: number, limit: number): Promise<ExportLeaf[]>;
  /** Stored checkpoint sizes in [from, to], ascending. */
  checkpointSizes(from: number, to: number): Promise<number[]>;
  /** Batches whose last entry is a leaf in [from, to), after a key, at most `limit`. */
  batches(from: number, to: number, after: string | null, limit: number): Promise<ExportBatch[]>;
  /** Every enrolled device (revoked ones too) and the head it promised, once confirmed stored. */
  devices(): Promise<ExportDevice[]>;
}

export function kyselyAuditExportRepo({ db }: Storage): AuditExportRepo {
  return {
    async leafBounds(at, before) {
      const bound = (direction: 'first' | 'last') =>
        db
          .selectFrom('tlog_leaves as l')
          .innerJoin('audit_events_retained as e', (j) => j.onRef('e.device_id', '=', 'l.device_id').onRef('e.seq', '=', 'l.seq'))
          .select((eb) => (direction === 'first' ? eb.fn.min('l.leaf_index') : eb.fn.max('l.leaf_index')).as('i'))
          .where('e.received_at', direction === 'first' ? '>=' : '<', direction === 'first' ? at : before)
          .executeTakeFirst();
      const [first, last] = await Promise.all([bound('first'), bound('last')]);
      if (first?.i == null || last?.i == null || first.i > last.i) return null;
      return { first: first.i, last: last.i };
    },
    async leaves(from, to, limit) {
      const rows = await db
        .selectFrom('tlog_leaves as l')
        .leftJoin('audit_events_retained as e', (j) => j.onRef('e.device_id', '=', 'l.device_id').onRef('e.seq', '=', 'l.seq'))
        .leftJoin('tlog_nodes as n', (j) => j.on('n.level', '=', 0).onRef('n.node_index', '=', 'l.leaf_index'))
        .select(['l.leaf_index', 'l.device_id', 'l.seq', 'e.prev_hash', 'e.hash', 'e.received_at', 'e.event', 'n.hash as leaf_hash'])
        .where('l.leaf_index', '>=', from)
        .where('l.leaf_index', '<', to)
        .orderBy('l.leaf_index')
        .limit(limit)
        .execute();
      return rows.map((r): ExportLeaf => {
        if (r.event === null || r.prev_hash === null || r.hash === null || r.received_at === null) {
          return { i: r.leaf_index, gone: true, deviceId: r.device_id, seq: r.seq, leafHashHex: r.leaf_hash ?? '' };
        }
        // As stored: a row edited in place is exported as it is, for the verifier to find.
        return { i: r.leaf_index, deviceId: r.device_id, seq: r.seq, prevHash: r.prev_hash, hash: r.hash, receivedAt: r.received_at, event: AuditEventSchema.parse(JSON.parse(r.event)) };
      });
    },
    async checkpointSizes(from, to) {
      const rows = await db.selectFrom('tlog_checkpoints').select('tree_size').where('tree_size', '>=', from).where('tree_size', '<=', to).orderBy('tree_size').execute();
      return rows.map((r) => r.tree_size);
    },
    async batches(from, to, after, limit) {
      const rows = await db
        .selectFrom('audit_batches as b')
        .innerJoin('tlog_leaves as l', (j) => j.onRef('l.device_id', '=', 'b.device_id').onRef('l.seq', '=', 'b.acked_through_seq'))
        .select(['b.device_id', 'b.batch_id', 'b.first_seq', 'b.acked_through_seq', 'b.head_hash', 'b.signature', 'l.leaf_index'])
        .where('l.leaf_index', '>=', from)
        .where('l.leaf_index', '<', to)
        .$if(after !== null, (q) => q.where('b.batch_id', '>', after ?? ''))
        .orderBy('b.batch_id')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ deviceId: r.device_id, batchId: r.batch_id, firstSeq: r.first_seq, lastSeq: r.acked_through_seq, headHash: r.head_hash, signature: r.signature, leafIndex: r.leaf_index }));
    },
    async devices() {
      const rows = await db
        .selectFrom('devices as d')
        .leftJoin('device_promised_heads as p', 'p.device_id', 'd.device_id')
        .select(['d.device_id', 'd.public_key', 'd.revoked_at', 'p.seq', 'p.await_seq'])
        .orderBy('d.device_id')
        .execute();
      return rows.map((r) => ({ deviceId: r.device_id, publicKey: r.public_key, revokedAt: r.revoked_at, promisedSeq: r.seq !== null && r.await_seq === null ? r.seq : null }));
    },
  };
}
