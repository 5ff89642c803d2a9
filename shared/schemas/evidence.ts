// The assessor's evidence pack: the range it covers (whole UTC days, from and
// to inclusive, at most a year) and its manifest, the hash of every file,
// which is recorded on the gateway's audit chain.
import { z } from 'zod';
import { Sha256HexSchema } from '../audit-chain.ts';
import { DateSchema, TimestampSchema } from './common.ts';

export const EVIDENCE_MAX_DAYS = 366;
const DAY_MS = 86_400_000;

/** The checks of a pack's days, `from` and `to` inclusive, wherever they arrive (the route, the command line). */
function rangeChecked<S extends z.ZodType<{ from: string; to: string }>>(schema: S): S {
  return schema
    .refine((r) => r.from <= r.to, { error: '`from` must not be after `to`', path: ['to'] })
    .refine((r) => Date.parse(r.to) - Date.parse(r.from) < EVIDENCE_MAX_DAYS * DAY_MS, { error: `The range is at most ${EVIDENCE_MAX_DAYS} days`, path: ['to'] });
}
export const EvidenceRangeSchema = rangeChecked(z.object({ from: DateSchema, to: DateSchema }));
export type EvidenceRange = z.infer<typeof EvidenceRangeSchema>;
export const parseEvidenceRange = (input: unknown): EvidenceRange => EvidenceRangeSchema.parse(input);

export const EvidencePackQuerySchema = rangeChecked(z.object({ from: DateSchema, to: DateSchema, format: z.enum(['zip', 'json', 'inline']).default('zip') }));

export const EvidenceFileEntrySchema = z.object({ path: z.string().max(200), sha256: Sha256HexSchema, bytes: z.number().int().nonnegative() });
export const EvidenceManifestSchema = z.object({
  from: DateSchema,
  to: DateSchema,
  generatedAt: TimestampSchema,
  /** The requirement folders, in pack order. */
  requirements: z.array(z.object({ requirement: z.string().max(16), title: z.string().max(200) })),
  files: z.array(EvidenceFileEntrySchema),
  /** SHA-256 of the manifest's canonical JSON without this field: what the audit record holds. */
  manifestSha256: Sha256HexSchema,
});
export type EvidenceManifest = z.infer<typeof EvidenceManifestSchema>;
/** The pack route's JSON answer: the manifest, and with `format=inline` (the desk's) the zip as base64. */
export const EvidencePackAnswerSchema = EvidenceManifestSchema.extend({ zipBase64: z.base64().max(50_000_000).optional() });
