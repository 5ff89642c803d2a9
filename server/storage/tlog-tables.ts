// The transparency log's tables (migration 015) as Kysely sees them. Hashes are
// lowercase hex, as the audit chain's are.
export interface TransparencyLogTables {
  tlog_head: { id: number; size: number; root_hash: string };
  tlog_leaves: { leaf_index: number; device_id: string; seq: number };
  tlog_nodes: { level: number; node_index: number; hash: string };
  tlog_checkpoints: { tree_size: number; root_hash: string; note: string; issued_at: number };
  tlog_cosignatures: { tree_size: number; witness: string; signature_line: string; received_at: number };
}
