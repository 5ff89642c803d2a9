// The audit evidence bundle (issue 25): what `npm run audit-export` writes and
// `npm run verify` reads, one file per kind, each line one JSON object. The
// exporter and the offline verifier share these shapes and nothing else.
import { z } from 'zod';
import { AuditEventSchema } from './audit.ts';
import { ConsistencyProofSchema, InclusionProofSchema, SignedCheckpointSchema, TreeHashSchema, TreeSizeSchema } from './transparency/proof-schemas.ts';

export const BUNDLE_FORMAT = 'sentinel-audit-bundle/1';

export const BUNDLE_FILES = {
  manifest: 'bundle.json',
  entries: 'entries.ndjson',
  checkpoints: 'checkpoints.ndjson',
  consistency: 'consistency.ndjson',
  inclusion: 'inclusion.ndjson',
  batches: 'batches.ndjson',
  devices: 'devices.ndjson',
} as const;

const HexHash = z.string().regex(/^[0-9a-f]{64}$/);
const Index = TreeSizeSchema;

export const BundleManifestSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  origin: z.string().min(1).max(200),
  /** The log's verifier key as the gateway publishes it; an assessor pins their own copy. */
  logKey: z.string().min(1).max(512),
  from: z.string(),
  to: z.string(),
  /** Leaf indexes [start, end): end is the size of the last checkpoint. */
  start: Index,
  end: Index,
  /** The tree's right edge at `start` (base64 subtree hashes, largest first): the entries before the bundle, as hashes. */
  startEdge: z.array(TreeHashSchema).max(64),
  exportedAt: z.string(),
});
export type BundleManifest = z.infer<typeof BundleManifestSchema>;

/**
 * One leaf: a stored entry; or only its leaf hash, when its month was dropped after archiving (`archived`) or
 * when the store no longer holds it though no month of it was dropped (`missing`: deleted, which the verifier rejects).
 */
export const BundleEntrySchema = z.union([
  z.object({ i: Index, deviceId: z.string().min(1).max(200), seq: z.number().int().min(1), prevHash: HexHash, hash: HexHash, receivedAt: z.string(), event: AuditEventSchema }),
  z.object({ i: Index, archived: z.literal(true), leafHash: TreeHashSchema }),
  z.object({ i: Index, missing: z.literal(true), deviceId: z.string().min(1).max(200), seq: z.number().int().min(1), leafHash: TreeHashSchema }),
]);
export type BundleEntry = z.infer<typeof BundleEntrySchema>;

export const BundleCheckpointSchema = z.object({ size: Index, note: SignedCheckpointSchema });
export type BundleCheckpoint = z.infer<typeof BundleCheckpointSchema>;
/** Between each two consecutive checkpoints. */
export const BundleConsistencySchema = ConsistencyProofSchema;
/** Each batch head's entry, proven included in the bundle's last checkpoint. */
export const BundleInclusionSchema = InclusionProofSchema;
export const BundleBatchSchema = z.object({
  deviceId: z.string().min(1).max(200),
  batchId: z.string().min(1).max(200),
  firstSeq: z.number().int().min(1),
  lastSeq: z.number().int().min(1),
  headHash: HexHash,
  signature: z.string().min(1).max(200),
  /** The leaf index of the batch's last entry. */
  leafIndex: Index,
});
export type BundleBatch = z.infer<typeof BundleBatchSchema>;
export const BundleDeviceSchema = z.object({
  deviceId: z.string().min(1).max(200),
  /** Ed25519, base64url (as enrolled). */
  publicKey: z.string().min(1).max(200),
  revokedAt: z.number().nullable(),
  /** The head it last promised in a signed heartbeat, once the gateway had stored through it. */
  promisedSeq: z.number().int().min(0).nullable(),
});
export type BundleDevice = z.infer<typeof BundleDeviceSchema>;
