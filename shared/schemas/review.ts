// The daily log review (PCI DSS 10.4.1.1) as it crosses the API: a day's
// findings, each with its severity and the numbers that explain it, and the
// named reviewer's sign-off with a note per finding.
import { z } from 'zod';
import { DateSchema, panFreeText, TimestampSchema } from './common.ts';

export const REVIEW_RULES = [
  'failed_sign_in_burst',
  'lockout',
  'card_lookups_above_baseline',
  'record_reads_above_baseline',
  'off_hours_access',
  'customer_many_agents',
  'role_change',
  'mfa_change',
  'device_change',
  'audit_integrity',
  'capture_protection_off',
  'queue_halted',
  'clock_skew',
  'control_failure',
] as const;
export const ReviewRuleSchema = z.enum(REVIEW_RULES);
export type ReviewRule = z.infer<typeof ReviewRuleSchema>;

export const FINDING_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const FindingSeveritySchema = z.enum(FINDING_SEVERITIES);
export type FindingSeverity = z.infer<typeof FindingSeveritySchema>;

/** A finding's note, and a closure's fields: stored and shown, so never a card number. */
export const REVIEW_NOTE_MAX = 1000;
export const ReviewNoteSchema = panFreeText('note', 3, REVIEW_NOTE_MAX);

/** Letters only: an ID of digits could read as a card number to the DLP scan that masks every answer. */
export const FindingIdSchema = z.string().regex(/^f-[a-p]{32}$/, { error: 'findingId: f- and 32 letters a-p' });

export const FindingSchema = z.object({
  findingId: FindingIdSchema,
  day: DateSchema,
  rule: ReviewRuleSchema,
  severity: FindingSeveritySchema,
  /** Who or what it is about: an account, a desk, a customer or a control. */
  subject: z.object({ kind: z.enum(['account', 'device', 'customer', 'control', 'gateway']), id: z.string().max(128) }),
  /** One sentence that explains it with its numbers. */
  summary: z.string().max(600),
  numbers: z.record(z.string().max(64), z.number()),
  /** The reviewer's note, once the day is signed off. */
  note: z.string().max(REVIEW_NOTE_MAX).nullable(),
});
export type Finding = z.infer<typeof FindingSchema>;

export const ReviewSignOffSchema = z.object({ by: z.string().max(128), byUserId: z.string().max(64), at: TimestampSchema });

export const ReviewDaySchema = z.object({
  day: DateSchema,
  generatedAt: TimestampSchema,
  /** `overdue`: still unsigned a day after it was generated; an alert says so. */
  status: z.enum(['pending', 'overdue', 'signed']),
  findings: z.array(FindingSchema).max(5000),
  signOff: ReviewSignOffSchema.nullable(),
});
export type ReviewDay = z.infer<typeof ReviewDaySchema>;

/** A range of days asked for at once; a longer one is refused rather than read. */
export const REVIEW_RANGE_MAX_DAYS = 92;
const DAY_MS = 86_400_000;
export const ReviewRangeQuerySchema = z
  .object({ from: DateSchema, to: DateSchema })
  .refine((r) => r.from <= r.to, { error: 'from must not be after to', path: ['from'] })
  .refine((r) => (Date.parse(r.to) - Date.parse(r.from)) / DAY_MS < REVIEW_RANGE_MAX_DAYS, {
    error: `a range covers at most ${REVIEW_RANGE_MAX_DAYS} days`,
    path: ['to'],
  });
export type ReviewRangeQuery = z.infer<typeof ReviewRangeQuerySchema>;
export const ReviewDayParamsSchema = z.object({ day: DateSchema });

export const REVIEW_MAX_NOTES = 5000;
export const ReviewSignOffRequestSchema = z.object({
  /** One note per finding of the day, by finding ID. */
  notes: z
    .array(z.object({ findingId: FindingIdSchema, note: ReviewNoteSchema }))
    .max(REVIEW_MAX_NOTES)
    .refine((notes) => new Set(notes.map((n) => n.findingId)).size === notes.length, { error: 'one note per finding' }),
});
export type ReviewSignOffRequest = z.infer<typeof ReviewSignOffRequestSchema>;
