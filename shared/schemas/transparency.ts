// The transparency log on the wire (issue 25): the log key a desk pins, the
// receipt an audit batch ack carries, the consistency view a heartbeat ack
// carries, and the witness routes' bodies.
import { z } from 'zod';
import { ConsistencyProofSchema, InclusionProofSchema, SignedCheckpointSchema, TreeSizeSchema } from '../transparency/proof-schemas.ts';

/** GET /.well-known/sentinel-audit-log: what a desk's policy and a witness pin. */
export const LogKeyAnswerSchema = z.object({
  origin: z.string().min(1).max(200),
  /** c2sp.org/signed-note verifier key: `<origin>+<key ID>+base64(0x01 ‖ Ed25519 public key)`. */
  verifierKey: z.string().min(1).max(512),
});
export type LogKeyAnswer = z.infer<typeof LogKeyAnswerSchema>;

/** A signed checkpoint and the inclusion proof of one entry (an audit batch's last) in it. */
export const LogReceiptSchema = z.object({ checkpoint: SignedCheckpointSchema, proof: InclusionProofSchema });
export type LogReceipt = z.infer<typeof LogReceiptSchema>;

/** The newest signed checkpoint and the consistency proof from the size the asker holds. */
export const LogViewSchema = z.object({ checkpoint: SignedCheckpointSchema, consistency: ConsistencyProofSchema });
export type LogView = z.infer<typeof LogViewSchema>;

export const CheckpointAnswerSchema = z.object({ checkpoint: SignedCheckpointSchema });

export const ConsistencyQuerySchema = z.object({ from: z.coerce.number().pipe(TreeSizeSchema), to: z.coerce.number().pipe(TreeSizeSchema) });
export const CosignaturesQuerySchema = z.object({ size: z.coerce.number().pipe(TreeSizeSchema) });

/** A witness's cosignature: the checkpoint note with (at least) its own signature line added. */
export const CosignRequestSchema = z.object({ cosigned: SignedCheckpointSchema });
