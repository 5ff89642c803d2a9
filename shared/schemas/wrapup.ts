// Wrap-up (issue 24) as it crosses the gateway's API and the desk's IPC: the
// admin-managed disposition codes and note templates, the code an agent gives
// at the end of a customer contact (with an optional free-text note, refused
// when it carries a card number), and the per-agent report.
import { z } from 'zod';
import { CustomerIdSchema } from './customer.ts';
import { panFreeText, recordId, TimestampSchema } from './common.ts';

export const WRAPUP_NOTE_MAX = 2000;
export const TEMPLATE_BODY_MAX = 2000;

/** A disposition code as admins type it and reports show it: short, upper case, letters, digits, - and _. */
export const WrapupCodeIdSchema = z
  .string()
  .trim()
  .min(2, { error: 'A wrap-up code needs at least 2 characters' })
  .max(32, { error: 'A wrap-up code is at most 32 characters' })
  .regex(/^[A-Z][A-Z0-9_-]*$/, { error: 'A wrap-up code has capital letters, digits, - and _ only, starting with a letter' });
export const TemplateIdSchema = recordId('Template ID');

export const WrapupCodeSchema = z.object({
  code: WrapupCodeIdSchema,
  label: z.string().max(80),
  createdAt: TimestampSchema,
  createdBy: z.string().max(128),
  /** When an admin retired it: kept for the reports, no longer offered or accepted. */
  retiredAt: TimestampSchema.nullable(),
});
export type WrapupCode = z.infer<typeof WrapupCodeSchema>;

export const NoteTemplateSchema = z.object({
  templateId: TemplateIdSchema,
  title: z.string().max(80),
  body: z.string().max(TEMPLATE_BODY_MAX),
  createdAt: TimestampSchema,
  createdBy: z.string().max(128),
  retiredAt: TimestampSchema.nullable(),
});
export type NoteTemplate = z.infer<typeof NoteTemplateSchema>;

export const CreateWrapupCodeRequestSchema = z.object({ code: WrapupCodeIdSchema, label: panFreeText('A label', 2, 80) });
export type CreateWrapupCodeRequest = z.infer<typeof CreateWrapupCodeRequestSchema>;
export const WrapupCodeParamsSchema = z.object({ code: WrapupCodeIdSchema });

export const CreateNoteTemplateRequestSchema = z.object({ title: panFreeText('A title', 2, 80), body: panFreeText('A template', 2, TEMPLATE_BODY_MAX) });
export type CreateNoteTemplateRequest = z.infer<typeof CreateNoteTemplateRequestSchema>;
export const NoteTemplateParamsSchema = z.object({ templateId: TemplateIdSchema });

/** What the desk needs at the end of a contact: whether a code is required, and the codes and templates in force. */
export const WrapupOptionsSchema = z.object({
  required: z.boolean(),
  codes: z.array(WrapupCodeSchema),
  templates: z.array(NoteTemplateSchema),
});
export type WrapupOptions = z.infer<typeof WrapupOptionsSchema>;

export const RecordWrapupRequestSchema = z.object({
  code: WrapupCodeIdSchema,
  /** Free text kept as a customer note (sealed and DLP-scanned as every note is). */
  note: panFreeText('A wrap-up note', 1, WRAPUP_NOTE_MAX).optional(),
});
export type RecordWrapupRequest = z.infer<typeof RecordWrapupRequestSchema>;

export const WrapupSchema = z.object({
  wrapupId: recordId('Wrap-up ID'),
  customerId: CustomerIdSchema,
  code: WrapupCodeIdSchema,
  agentId: z.string().max(64),
  agentName: z.string().max(128),
  at: TimestampSchema,
  /** The customer note holding the free text, when there was one. */
  noteId: z.string().max(64).nullable(),
});
export type Wrapup = z.infer<typeof WrapupSchema>;

export const WrapupReportQuerySchema = z
  .object({ from: TimestampSchema, to: TimestampSchema })
  .refine((range) => Date.parse(range.from) <= Date.parse(range.to), { error: 'from must not be after to' });
export type WrapupReportQuery = z.infer<typeof WrapupReportQuerySchema>;

export const WrapupReportRowSchema = z.object({ agentId: z.string().max(64), agentName: z.string().max(128), code: WrapupCodeIdSchema, count: z.number().int().min(0) });
export const WrapupReportSchema = z.object({
  from: TimestampSchema,
  to: TimestampSchema,
  /** One row per agent and code, agents by name then codes; teams are not on this base, so the report is per agent. */
  rows: z.array(WrapupReportRowSchema),
  /** Wrap-ups per agent over all codes. */
  perAgent: z.array(z.object({ agentId: z.string().max(64), agentName: z.string().max(128), count: z.number().int().min(0) })),
  total: z.number().int().min(0),
});
export type WrapupReport = z.infer<typeof WrapupReportSchema>;
