// Wrap-up (issue 24): the codes and templates in force and the agent's
// end-of-contact step, the supervisors' report, and the admins' lists. The
// desk's records name codes and IDs only, never a note's or template's text;
// a code is read from the gateway's answer (a request's `code` field is, for the
// contract's checks, possibly a one-time code).
import { NoContentSchema as Empty } from '../../api.ts';
import { CustomerIdSchema } from '../../schemas/customer.ts';
import {
  CreateNoteTemplateRequestSchema,
  CreateWrapupCodeRequestSchema,
  NoteTemplateParamsSchema,
  RecordWrapupRequestSchema,
  WrapupCodeParamsSchema,
  WrapupReportQuerySchema,
} from '../../schemas/wrapup.ts';
import { listView } from '../audit-descriptions.ts';
import { forward } from '../channel-kinds.ts';

export const RecordWrapupChannelSchema = RecordWrapupRequestSchema.extend({ customerId: CustomerIdSchema });

export const wrapupChannels = {
  'wrapup.options': forward('wrapupOptions', {
    request: Empty,
    audit: { none: 'the codes and templates in force; no customer data' },
    whileLocked: false,
  }),
  'wrapup.record': forward('recordWrapup', {
    request: RecordWrapupChannelSchema,
    audit: {
      event: 'customer.wrapup',
      describe: (request, response) => ({ target: { kind: 'customer', id: request?.customerId ?? null }, details: { code: response?.code ?? null, wrapupId: response?.wrapupId ?? null } }),
    },
    whileLocked: false,
  }),
  'wrapup.report': forward('wrapupReport', {
    request: WrapupReportQuerySchema,
    audit: { event: 'report.generate', describe: (request) => ({ target: { kind: 'report', id: 'wrapup' }, details: { from: request?.from ?? null, to: request?.to ?? null } }) },
    whileLocked: false,
  }),
  'wrapup.codes': forward('adminWrapupCodes', { request: Empty, audit: { event: 'admin.view', describe: listView('wrapup.codes') }, whileLocked: false }),
  'wrapup.createCode': forward('adminCreateWrapupCode', {
    request: CreateWrapupCodeRequestSchema,
    audit: { event: 'wrapup.code.change', describe: (_request, response) => ({ target: { kind: 'wrapup-code', id: response?.code ?? null }, details: { action: 'create' } }) },
    whileLocked: false,
  }),
  'wrapup.retireCode': forward('adminRetireWrapupCode', {
    request: WrapupCodeParamsSchema,
    audit: { event: 'wrapup.code.change', describe: (_request, response) => ({ target: { kind: 'wrapup-code', id: response?.code ?? null }, details: { action: 'retire' } }) },
    whileLocked: false,
  }),
  'wrapup.templates': forward('adminNoteTemplates', { request: Empty, audit: { event: 'admin.view', describe: listView('wrapup.templates') }, whileLocked: false }),
  'wrapup.createTemplate': forward('adminCreateNoteTemplate', {
    request: CreateNoteTemplateRequestSchema,
    audit: { event: 'wrapup.template.change', describe: (_request, response) => ({ target: { kind: 'note-template', id: response?.templateId ?? null }, details: { action: 'create' } }) },
    whileLocked: false,
  }),
  'wrapup.retireTemplate': forward('adminRetireNoteTemplate', {
    request: NoteTemplateParamsSchema,
    audit: { event: 'wrapup.template.change', describe: (request) => ({ target: { kind: 'note-template', id: request?.templateId ?? null }, details: { action: 'retire' } }) },
    whileLocked: false,
  }),
} as const;
