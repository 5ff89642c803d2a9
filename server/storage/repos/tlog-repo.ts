// The transparency log's storage. appendToLog runs inside the transaction that
// stores the entries: it locks the tree head (PostgreSQL: FOR UPDATE, so two
// instances take turns and grow one tree; SQLite's writes are serial anyway),
// reads only the tree's right edge, and writes the new leaves, every subtree
// they complete and the new head, in multi-row inserts: one tree update per batch.
import type { Transaction } from 'kysely';
import { AuditEventSchema } from '../../../shared/audit.ts';
import { auditLeafHash, type LoggedEntry } from '../../../shared/transparency/audit-leaf.ts';
import { toHex } from '../../../shared/transparency/bytes.ts';
import { appendLeaves, edgeFromHashes, edgeNodes, edgeRoot } from '../../../shared/transparency/tree-edge.ts';
import type { NodeId } from '../../../shared/transparency/tree-geometry.ts';
import { sha256Bytes } from '../../core/hashing.ts';
import { rowPosition, type Engine, type Executor, type Storage } from '../dialect.ts';
import type { Database } from '../tables.ts';

/** Rows per INSERT: three columns each, well inside both engines' bound-parameter limits. */
const INSERT_CHUNK = 500;

const fromHex = (hex: string): Uint8Array => new Uint8Array(Buffer.from(hex, 'hex'));

async function readNodes(db: Executor, nodes: readonly NodeId[]): Promise<Map<string, Uint8Array>> {
  if (nodes.length === 0) return new Map();
  const rows = await db
    .selectFrom('tlog_nodes')
    .select(['level', 'node_index', 'hash'])
    .where((eb) => eb.or(nodes.map((n) => eb.and([eb('level', '=', n.level), eb('node_index', '=', n.index)]))))
    .execute();
  return new Map(rows.map((r) => [`${r.level}/${r.node_index}`, fromHex(r.hash)]));
}

async function nodeHashes(db: Executor, nodes: readonly NodeId[]): Promise<Uint8Array[]> {
  const found = await readNodes(db, nodes);
  return nodes.map((n) => {
    const hash = found.get(`${n.level}/${n.index}`);
    if (hash === undefined) throw new Error(`transparency log subtree ${n.level}/${n.index} is missing`);
    return hash;
  });
}

/** The tree head, locked until the transaction ends: the one place appends take turns. */
const lockHead = (trx: Transaction<Database>, engine: Engine): Promise<{ size: number }> =>
  trx
    .selectFrom('tlog_head')
    .select('size')
    .where('id', '=', 1)
    .$if(engine === 'postgres', (q) => q.forUpdate())
    .executeTakeFirstOrThrow();

export async function appendToLog(trx: Transaction<Database>, engine: Engine, entries: readonly LoggedEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const head = await lockHead(trx, engine);
  const edge = edgeFromHashes(head.size, await nodeHashes(trx, edgeNodes(head.size)));
  const grown = appendLeaves(
    edge,
    entries.map((e) => auditLeafHash(e, sha256Bytes)),
  );
  const leaves = entries.map((e, i) => ({ leaf_index: head.size + i, device_id: e.deviceId, seq: e.seq }));
  for (let i = 0; i < leaves.length; i += INSERT_CHUNK) await trx.insertInto('tlog_leaves').values(leaves.slice(i, i + INSERT_CHUNK)).execute();
  const nodes = grown.finished.map((n) => ({ level: n.level, node_index: n.index, hash: toHex(n.hash) }));
  for (let i = 0; i < nodes.length; i += INSERT_CHUNK) await trx.insertInto('tlog_nodes').values(nodes.slice(i, i + INSERT_CHUNK)).execute();
  await trx.updateTable('tlog_head').set({ size: grown.edge.size, root_hash: toHex(edgeRoot(grown.edge)) }).where('id', '=', 1).execute();
}

export interface StoredCheckpoint {
  readonly size: number;
  readonly note: string;
}

export interface TransparencyLogRepo {
  /**
   * Logs up to `limit` stored entries the log does not hold (a store from before migration 015), oldest stored
   * first, in one transaction under the head's lock; returns how many. Zero once every entry is a leaf.
   */
  logUnlogged(limit: number): Promise<number>;
  head(): Promise<{ size: number; rootHash: Uint8Array }>;
  nodeHashes(nodes: readonly NodeId[]): Promise<Uint8Array[]>;
  leafIndex(deviceId: string, seq: number): Promise<number | null>;
  latestCheckpoint(): Promise<StoredCheckpoint | null>;
  checkpointAt(size: number): Promise<StoredCheckpoint | null>;
  /** Keeps the first note stored for a size (Ed25519 is deterministic: every instance signs the same one). */
  saveCheckpoint(size: number, rootHash: Uint8Array, note: string, at: number): Promise<void>;
  saveCosignature(size: number, witness: string, signatureLine: string, at: number): Promise<void>;
  cosignatures(size: number): Promise<{ witness: string; signatureLine: string }[]>;
}

export function kyselyTransparencyLogRepo({ db, engine }: Storage): TransparencyLogRepo {
  const checkpoint = (row: { tree_size: number; note: string } | undefined): StoredCheckpoint | null => (row ? { size: row.tree_size, note: row.note } : null);
  const position = rowPosition(engine, 'audit_events');
  return {
    logUnlogged: (limit) =>
      db.transaction().execute(async (trx) => {
        await lockHead(trx, engine);
        const rows = await trx
          .selectFrom('audit_events')
          .leftJoin('tlog_leaves as l', (join) => join.onRef('l.device_id', '=', 'audit_events.device_id').onRef('l.seq', '=', 'audit_events.seq'))
          .select(['audit_events.device_id', 'audit_events.seq', 'audit_events.prev_hash', 'audit_events.event'])
          .where('l.leaf_index', 'is', null)
          .orderBy(position)
          .limit(limit)
          .execute();
        await appendToLog(
          trx,
          engine,
          rows.map((r) => ({ deviceId: r.device_id, seq: r.seq, prevHash: r.prev_hash, event: AuditEventSchema.parse(JSON.parse(r.event)) })),
        );
        return rows.length;
      }),
    async head() {
      const row = await db.selectFrom('tlog_head').select(['size', 'root_hash']).where('id', '=', 1).executeTakeFirstOrThrow();
      return { size: row.size, rootHash: fromHex(row.root_hash) };
    },
    nodeHashes: (nodes) => nodeHashes(db, nodes),
    async leafIndex(deviceId, seq) {
      const row = await db.selectFrom('tlog_leaves').select('leaf_index').where('device_id', '=', deviceId).where('seq', '=', seq).executeTakeFirst();
      return row?.leaf_index ?? null;
    },
    async latestCheckpoint() {
      return checkpoint(await db.selectFrom('tlog_checkpoints').select(['tree_size', 'note']).orderBy('tree_size', 'desc').limit(1).executeTakeFirst());
    },
    async checkpointAt(size) {
      return checkpoint(await db.selectFrom('tlog_checkpoints').select(['tree_size', 'note']).where('tree_size', '=', size).executeTakeFirst());
    },
    async saveCheckpoint(size, rootHash, note, at) {
      await db
        .insertInto('tlog_checkpoints')
        .values({ tree_size: size, root_hash: toHex(rootHash), note, issued_at: at })
        .onConflict((oc) => oc.column('tree_size').doNothing())
        .execute();
    },
    async saveCosignature(size, witness, signatureLine, at) {
      await db
        .insertInto('tlog_cosignatures')
        .values({ tree_size: size, witness, signature_line: signatureLine, received_at: at })
        .onConflict((oc) => oc.columns(['tree_size', 'witness']).doUpdateSet({ signature_line: signatureLine, received_at: at }))
        .execute();
    },
    async cosignatures(size) {
      const rows = await db.selectFrom('tlog_cosignatures').select(['witness', 'signature_line']).where('tree_size', '=', size).orderBy('witness').execute();
      return rows.map((r) => ({ witness: r.witness, signatureLine: r.signature_line }));
    },
  };
}
