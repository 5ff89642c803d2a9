// The attacker of issue 25, with the database and the log key: rewrites one
// old audit entry's leaf, rebuilds the whole tree over it and drops the signed
// checkpoints, so the gateway's key signs the rewritten history next. The
// leaves it recomputes come from the stored entries, in log order.
import { AuditEventSchema, type AuditEvent } from '../../../shared/audit.ts';
import { auditLeafHash } from '../../../shared/transparency/audit-leaf.ts';
import { toHex } from '../../../shared/transparency/bytes.ts';
import { appendLeaves, EMPTY_EDGE, edgeRoot } from '../../../shared/transparency/tree-edge.ts';
import { openRawDatabase, type GatewayDatabase } from './raw-database.ts';

interface LoggedRow {
  device_id: string;
  seq: number;
  prev_hash: string;
  event: string;
}

/** The stored entries in log order, as the tree's leaves. */
export async function loggedLeaves(target: GatewayDatabase, edit: (index: number, event: AuditEvent) => AuditEvent = (_, e) => e): Promise<Uint8Array[]> {
  const raw = await openRawDatabase(target);
  try {
    const rows = await raw.rows<LoggedRow>(
      'SELECT l.device_id, l.seq, e.prev_hash, e.event FROM tlog_leaves l JOIN audit_events e ON e.device_id = l.device_id AND e.seq = l.seq ORDER BY l.leaf_index',
    );
    return rows.map((row, i) => auditLeafHash({ deviceId: row.device_id, seq: row.seq, prevHash: row.prev_hash, event: edit(i, AuditEventSchema.parse(JSON.parse(row.event))) }));
  } finally {
    await raw.close();
  }
}

/** Entry `index` gets the opposite outcome; the tree is rebuilt over the edited leaf and the old checkpoints go. */
export async function rewriteLoggedEntry(target: GatewayDatabase, index: number): Promise<void> {
  const leaves = await loggedLeaves(target, (i, event) => (i === index ? { ...event, outcome: event.outcome === 'success' ? 'failure' : 'success' } : event));
  const { edge, finished } = appendLeaves(EMPTY_EDGE, leaves);
  const values = finished.map((n) => `(${n.level}, ${n.index}, '${toHex(n.hash)}')`).join(',');
  const raw = await openRawDatabase(target);
  try {
    await raw.exec(
      `DELETE FROM tlog_nodes; DELETE FROM tlog_checkpoints; INSERT INTO tlog_nodes (level, node_index, hash) VALUES ${values}; ` +
        `UPDATE tlog_head SET size = ${edge.size}, root_hash = '${toHex(edgeRoot(edge))}' WHERE id = 1;`,
    );
  } finally {
    await raw.close();
  }
}
