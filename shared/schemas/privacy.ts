// Data-subject requests and legal holds (issue 27): what an agent opens for the
// customer on the call, and what the privacy officer works through to the end.
import { z } from 'zod';
import { panFreeText, recordId, TimestampSchema } from './common.ts';
import { CustomerIdSchema } from './customer.ts';

/** Access/export (GDPR Art. 15, CCPA right to know), rectification (Art. 16), erasure (Art. 17, CCPA delete), restriction (Art. 18). */
export const PRIVACY_REQUEST_KINDS = ['access', 'rectification', 'erasure', 'restriction'] as const;
export const PrivacyRequestKindSchema = z.enum(PRIVACY_REQUEST_KINDS);
/** Whose timeline the request runs on. */
export const PrivacyLawSchema = z.enum(['gdpr', 'ccpa']);
export type PrivacyLaw = z.infer<typeof PrivacyLawSchema>;
/** How the caller's identity was checked before the request was opened. */
export const IdentityVerificationSchema = z.enum(['security_questions', 'account_sign_in', 'document_check', 'verified_email', 'authorised_agent']);
export const PrivacyRequestStatusSchema = z.enum(['open', 'completed', 'refused']);

const PrivacyReasonSchema = panFreeText('reason', 3, 500);
export const PrivacyRequestIdSchema = recordId('Request ID');
export const LegalHoldIdSchema = recordId('Hold ID');

export const OpenPrivacyRequestSchema = z.object({
  customerId: CustomerIdSchema,
  kind: PrivacyRequestKindSchema,
  law: PrivacyLawSchema,
  verification: IdentityVerificationSchema,
});

/** Where a request stands against its deadline at the gateway's time. */
export const DueStateSchema = z.enum(['on_time', 'due_soon', 'overdue', 'closed']);

export const PrivacyRequestSchema = z.object({
  requestId: PrivacyRequestIdSchema,
  customerId: CustomerIdSchema,
  kind: PrivacyRequestKindSchema,
  law: PrivacyLawSchema,
  verification: IdentityVerificationSchema,
  status: PrivacyRequestStatusSchema,
  receivedAt: TimestampSchema,
  dueAt: TimestampSchema,
  extension: z.object({ reason: z.string(), at: TimestampSchema }).nullable(),
  openedBy: z.string(),
  completedAt: TimestampSchema.nullable(),
  completedBy: z.string().nullable(),
  due: DueStateSchema,
  /** Why an erasure cannot be completed now: the holds on the customer. */
  waitingFor: z.array(z.object({ holdId: LegalHoldIdSchema, reason: z.string(), owner: z.string(), expiresAt: TimestampSchema })),
});
export type PrivacyRequest = z.infer<typeof PrivacyRequestSchema>;

export const PrivacyRequestListSchema = z.object({ requests: z.array(PrivacyRequestSchema) });
export const PrivacyRequestParamsSchema = z.object({ requestId: PrivacyRequestIdSchema });
export const ExtendPrivacyRequestSchema = z.object({ reason: PrivacyReasonSchema });
export const CompletePrivacyRequestSchema = z.object({ outcome: z.enum(['completed', 'refused']) });

export const PlaceLegalHoldSchema = z.object({
  customerId: CustomerIdSchema,
  reason: PrivacyReasonSchema,
  /** Who answers for the hold (the legal team, a named counsel). */
  owner: panFreeText('owner', 2, 120),
  expiresAt: TimestampSchema,
});
export const LegalHoldSchema = PlaceLegalHoldSchema.extend({ holdId: LegalHoldIdSchema, placedBy: z.string(), placedAt: TimestampSchema, releasedAt: TimestampSchema.nullable() });
export type LegalHold = z.infer<typeof LegalHoldSchema>;
export const LegalHoldParamsSchema = z.object({ holdId: LegalHoldIdSchema });
export const ReleaseLegalHoldSchema = z.object({ reason: PrivacyReasonSchema });

/** A data-subject export: the machine-readable package and the same content as a readable HTML page. */
export const PrivacyExportSchema = z.object({
  requestId: PrivacyRequestIdSchema,
  generatedAt: TimestampSchema,
  json: z.object({
    customerId: CustomerIdSchema,
    tables: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))),
    accessHistory: z.array(z.object({ at: z.string(), action: z.string(), outcome: z.string(), roles: z.array(z.string()), staff: z.string().nullable() })),
  }),
  html: z.string(),
});
export type PrivacyExport = z.infer<typeof PrivacyExportSchema>;
