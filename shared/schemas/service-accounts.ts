// A system of record's service account (issue 22): one per named source,
// scoped to the record types it may write, with the mappings its webhooks'
// payloads go through.
import { z } from 'zod';
import { AdminReasonSchema } from './admin.ts';
import { recordId, TimestampSchema } from './common.ts';
import { RECORD_TYPES, RecordTypeSchema } from './records.ts';
import { WebhookMappingsSchema } from './webhook-mapping.ts';

/** A source's name, e.g. `shop`, `psp`, `carrier-dhl`: lower case, it names the account in the audit trail. */
export const SourceNameSchema = z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, { error: 'source: 2-40 of a-z 0-9 -, starting with a letter' });
export const ServiceAccountIdSchema = recordId('Service account ID');

export const ServiceAccountSchema = z.object({
  accountId: ServiceAccountIdSchema,
  source: SourceNameSchema,
  recordTypes: z.array(RecordTypeSchema).min(1),
  reason: z.string().max(500),
  createdAt: TimestampSchema,
  createdBy: z.string().max(128),
  revokedAt: TimestampSchema.nullable(),
});
export type ServiceAccount = z.infer<typeof ServiceAccountSchema>;

export const CreateServiceAccountRequestSchema = z.object({
  source: SourceNameSchema,
  recordTypes: z
    .array(RecordTypeSchema)
    .min(1)
    .max(RECORD_TYPES.length)
    .refine((types) => new Set(types).size === types.length, { error: 'recordTypes: each type once' }),
  reason: AdminReasonSchema,
  /** How the source's webhook payloads become records; none: the source only calls the API. */
  webhookMappings: WebhookMappingsSchema.default([]),
});
export type CreateServiceAccountRequest = z.infer<typeof CreateServiceAccountRequestSchema>;

/** Shown once: the gateway keeps a hash of the token and the webhook secret sealed. */
export const ServiceAccountGrantSchema = z.object({
  account: ServiceAccountSchema,
  token: z.string().regex(/^sdsa_[A-Za-z0-9_-]{43}$/),
  webhookSecret: z.string().regex(/^whsec_[A-Za-z0-9_-]{43}$/),
});
export type ServiceAccountGrant = z.infer<typeof ServiceAccountGrantSchema>;
export const ServiceAccountParamsSchema = z.object({ accountId: ServiceAccountIdSchema });

