// Wrap-up (issue 24): admins keep the disposition codes and note templates; an
// agent ends each customer contact with a code in force, and its free text, if
// any, becomes a customer note through the note path (sealed, DLP-scanned,
// audited). Whether the desk must ask is the gateway's `wrapup.required`.
import { randomUUID } from 'node:crypto';
import { panFreeId } from '../../shared/pan.ts';
import type {
  CreateNoteTemplateRequest,
  CreateWrapupCodeRequest,
  NoteTemplate,
  RecordWrapupRequest,
  Wrapup,
  WrapupCode,
  WrapupOptions,
  WrapupReport,
  WrapupReportQuery,
} from '../../shared/schemas/wrapup.ts';
import type { Clock } from '../config.ts';
import type { GatewayAudit } from '../core/audit-port.ts';
import type { Principal } from '../core/principal.ts';
import type { CustomerService } from '../customers/customer-service.ts';
import { GatewayError } from '../errors.ts';
import type { CustomerRepo } from '../storage/store.ts';
import type { ListChange, StoredNoteTemplate, StoredWrapup, StoredWrapupCode, WrapupRepo } from '../storage/wrapup-store.ts';

export interface WrapupService {
  options(): Promise<WrapupOptions>;
  record(agent: Principal, customerId: string, request: RecordWrapupRequest): Promise<Wrapup>;
  report(query: WrapupReportQuery): Promise<WrapupReport>;
  codes(): Promise<WrapupCode[]>;
  createCode(admin: Principal, request: CreateWrapupCodeRequest): Promise<WrapupCode>;
  retireCode(admin: Principal, code: string): Promise<WrapupCode>;
  templates(): Promise<NoteTemplate[]>;
  createTemplate(admin: Principal, request: CreateNoteTemplateRequest): Promise<NoteTemplate>;
  retireTemplate(admin: Principal, templateId: string): Promise<NoteTemplate>;
}

const iso = (ms: number): string => new Date(ms).toISOString();
const codeView = (code: StoredWrapupCode): WrapupCode => ({ ...code, createdAt: iso(code.createdAt), retiredAt: code.retiredAt === null ? null : iso(code.retiredAt) });
const templateView = (template: StoredNoteTemplate): NoteTemplate => ({
  ...template,
  createdAt: iso(template.createdAt),
  retiredAt: template.retiredAt === null ? null : iso(template.retiredAt),
});
const wrapupView = (wrapup: StoredWrapup): Wrapup => ({ ...wrapup, at: iso(wrapup.at) });

const REFUSALS = {
  exists: ['conflict', 'already exists'],
  unknown: ['not_found', 'does not exist'],
  retired: ['conflict', 'is already retired'],
} as const;

/** The entry a list change made, or its refusal as a typed error naming the entry. */
function doneOrThrow<T>(change: ListChange<T>, what: string): T {
  if ('done' in change) return change.done;
  const [code, words] = REFUSALS[change.refused];
  throw new GatewayError(code, `${what} ${words}`);
}

export function createWrapupService(deps: {
  repo: WrapupRepo;
  customers: CustomerRepo;
  notes: Pick<CustomerService, 'addNote'>;
  audit: GatewayAudit;
  clock: Clock;
  required: boolean;
}): WrapupService {
  const { repo, audit, clock } = deps;
  const adminRecord = <T>(admin: Principal, type: 'wrapup.code.change' | 'wrapup.template.change', kind: 'wrapup-code' | 'note-template', id: string, action: string) =>
    (change: ListChange<T>) =>
      'done' in change ? audit.prepare({ type, outcome: 'success', actor: admin, target: { kind, id }, details: { action } }) : null;

  return {
    async options() {
      const [codes, templates] = await Promise.all([repo.codes(), repo.templates()]);
      return {
        required: deps.required,
        codes: codes.filter((code) => code.retiredAt === null).map(codeView),
        templates: templates.filter((template) => template.retiredAt === null).map(templateView),
      };
    },

    async record(agent, customerId, request) {
      if ((await deps.customers.detail(customerId)) === null) throw new GatewayError('not_found', 'No customer with that ID');
      // Checked before the note is written, so a wrong code leaves nothing behind; checked again under the code's lock below.
      const known = (await repo.codes()).find((code) => code.code === request.code);
      if (known === undefined) throw new GatewayError('not_found', `Wrap-up code ${request.code} does not exist`);
      if (known.retiredAt !== null) throw new GatewayError('conflict', `Wrap-up code ${request.code} is retired; choose a code in force`);
      const note = request.note === undefined ? null : await deps.notes.addNote(agent, customerId, request.note);
      const wrapup: StoredWrapup = {
        wrapupId: `W-${panFreeId(randomUUID)}`,
        customerId,
        code: request.code,
        agentId: agent.userId,
        agentName: agent.username,
        at: clock.now(),
        noteId: note?.noteId ?? null,
      };
      const outcome = await audit.commit(() =>
        repo.record(wrapup, (decided) =>
          decided === 'recorded'
            ? audit.prepare({
                type: 'customer.wrapup',
                outcome: 'success',
                actor: agent,
                target: { kind: 'customer', id: customerId },
                details: { wrapupId: wrapup.wrapupId, code: wrapup.code, noteId: wrapup.noteId ?? '', deviceId: agent.deviceId },
              })
            : null,
        ),
      );
      // Retired or removed between the check and the write: the note, if any, is kept as a plain note.
      if (outcome !== 'recorded') throw new GatewayError('conflict', `Wrap-up code ${request.code} was retired just now; choose a code in force`);
      return wrapupView(wrapup);
    },

    async report({ from, to }) {
      const counts = await repo.counts({ from: Date.parse(from), to: Date.parse(to) });
      const rows = [...counts].sort((a, b) => a.agentName.localeCompare(b.agentName) || a.agentId.localeCompare(b.agentId) || a.code.localeCompare(b.code));
      const perAgent = new Map<string, { agentId: string; agentName: string; count: number }>();
      for (const row of rows) {
        const agent = perAgent.get(row.agentId) ?? { agentId: row.agentId, agentName: row.agentName, count: 0 };
        perAgent.set(row.agentId, { ...agent, count: agent.count + row.count });
      }
      return { from, to, rows, perAgent: [...perAgent.values()], total: rows.reduce((sum, row) => sum + row.count, 0) };
    },

    codes: async () => (await repo.codes()).map(codeView),

    async createCode(admin, request) {
      const draft = { code: request.code, label: request.label, createdAt: clock.now(), createdBy: admin.username };
      const change = await audit.commit(() => repo.createCode(draft, adminRecord(admin, 'wrapup.code.change', 'wrapup-code', request.code, 'create')));
      return codeView(doneOrThrow(change, `Wrap-up code ${request.code}`));
    },

    async retireCode(admin, code) {
      const change = await audit.commit(() => repo.retireCode(code, clock.now(), adminRecord(admin, 'wrapup.code.change', 'wrapup-code', code, 'retire')));
      return codeView(doneOrThrow(change, `Wrap-up code ${code}`));
    },

    templates: async () => (await repo.templates()).map(templateView),

    async createTemplate(admin, request) {
      const templateId = `T-${panFreeId(randomUUID)}`;
      const draft = { templateId, title: request.title, body: request.body, createdAt: clock.now(), createdBy: admin.username };
      const change = await audit.commit(() => repo.createTemplate(draft, adminRecord(admin, 'wrapup.template.change', 'note-template', templateId, 'create')));
      return templateView(doneOrThrow(change, 'The template'));
    },

    async retireTemplate(admin, templateId) {
      const change = await audit.commit(() =>
        repo.retireTemplate(templateId, clock.now(), adminRecord(admin, 'wrapup.template.change', 'note-template', templateId, 'retire')),
      );
      return templateView(doneOrThrow(change, `Template ${templateId}`));
    },
  };
}
