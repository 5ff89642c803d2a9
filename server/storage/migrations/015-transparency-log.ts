// Migration 015: the transparency log over every stored audit entry (issue 25).
// tlog_leaves gives each entry its leaf index, in stored order; tlog_nodes keeps
// every complete subtree hash (level 0 are the leaves), so an append reads only
// the tree's right edge and a proof reads only its own nodes; tlog_head is the
// one row appends lock and move; tlog_checkpoints keeps each signed checkpoint
// and tlog_cosignatures each witness's cosignature of one.
import { EMPTY_ROOT } from '../../../shared/transparency/tree-hash.ts';
import { toHex } from '../../../shared/transparency/bytes.ts';
import type { Migration } from './migration.ts';

const emptyRoot = toHex(EMPTY_ROOT);

const tables = (int64: string, strict: string): string[] => [
  `CREATE TABLE tlog_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    size ${int64} NOT NULL,
    root_hash TEXT NOT NULL
  )${strict}`,
  `INSERT INTO tlog_head (id, size, root_hash) VALUES (1, 0, '${emptyRoot}')`,
  `CREATE TABLE tlog_leaves (
    leaf_index ${int64} PRIMARY KEY,
    device_id TEXT NOT NULL,
    seq ${int64} NOT NULL,
    UNIQUE (device_id, seq)
  )${strict}`,
  `CREATE TABLE tlog_nodes (
    level INTEGER NOT NULL,
    node_index ${int64} NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (level, node_index)
  )${strict}`,
  `CREATE TABLE tlog_checkpoints (
    tree_size ${int64} PRIMARY KEY,
    root_hash TEXT NOT NULL,
    note TEXT NOT NULL,
    issued_at ${int64} NOT NULL
  )${strict}`,
  `CREATE TABLE tlog_cosignatures (
    tree_size ${int64} NOT NULL,
    witness TEXT NOT NULL,
    signature_line TEXT NOT NULL,
    received_at ${int64} NOT NULL,
    PRIMARY KEY (tree_size, witness)
  )${strict}`,
];

export const transparencyLog: Migration = {
  version: 15,
  name: 'transparency-log',
  sqlite: tables('INTEGER', ' STRICT'),
  postgres: tables('BIGINT', ''),
};
