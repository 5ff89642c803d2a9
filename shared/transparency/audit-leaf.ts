// The bytes of one audit entry as a leaf of the transparency log: its device,
// then the very string its chain hash covers (prev_hash ‖ seq ‖ canonical JSON,
// shared/audit-chain.ts). The gateway appends these, desks and the offline
// verifier recompute them from the stored entry.
import type { AuditEvent } from '../audit.ts';
import { chainMessage } from '../audit-chain.ts';
import { canonicalJson } from '../canonical-json.ts';
import { utf8 } from './bytes.ts';
import type { Sha256 } from './sha256.ts';
import { leafHash } from './tree-hash.ts';

export interface LoggedEntry {
  readonly deviceId: string;
  readonly seq: number;
  readonly prevHash: string;
  readonly event: AuditEvent;
}

export function auditLeafBytes(entry: LoggedEntry): Uint8Array {
  return utf8(`sentinel-audit-leaf-v1\n${entry.deviceId}\n${chainMessage(entry.prevHash, entry.seq, canonicalJson(entry.event))}`);
}

export function auditLeafHash(entry: LoggedEntry, hash?: Sha256): Uint8Array {
  return leafHash(auditLeafBytes(entry), hash);
}
