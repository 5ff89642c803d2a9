// The wrap-up channels of the fake window.agent, as the gateway answers them:
// codes and templates kept in memory, retired rather than deleted, a card
// number in any text refused as the gateway's request schema refuses it.
import { fail, ok } from '../../../shared/errors.ts';
import type { ContractChannelName } from '../../../shared/contract/channels.ts';
import type { NoteTemplate, Wrapup, WrapupCode } from '../../../shared/schemas/wrapup.ts';
import type { FakeHandler } from './fake-agent.ts';

const AT = '2026-12-01T09:00:00.000Z';

export function fakeWrapup(options: { required?: boolean; codes?: readonly string[] } = {}) {
  const codes: WrapupCode[] = (options.codes ?? ['RESOLVED', 'CALLBACK']).map((code) => ({ code, label: `Label of ${code}`, createdAt: AT, createdBy: 'adm.ada', retiredAt: null }));
  const templates: NoteTemplate[] = [{ templateId: 'T-1', title: 'Refund promised', body: 'Refund promised within 5 days.', createdAt: AT, createdBy: 'adm.ada', retiredAt: null }];
  const recorded: { customerId: string; code: string; note?: string }[] = [];
  const inForce = <T extends { retiredAt: string | null }>(list: readonly T[]) => list.filter((entry) => entry.retiredAt === null);
  const handlers: Partial<Record<ContractChannelName, FakeHandler>> = {
    'wrapup.options': () => ok({ required: options.required ?? true, codes: inForce(codes), templates: inForce(templates) }),
    'wrapup.codes': () => ok([...codes]),
    'wrapup.templates': () => ok([...templates]),
    'wrapup.createCode': (request: { code: string; label: string }) => {
      if (codes.some((c) => c.code === request.code)) return fail('conflict', `Wrap-up code ${request.code} already exists`);
      const code = { ...request, createdAt: AT, createdBy: 'adm.ada', retiredAt: null };
      codes.push(code);
      return ok(code);
    },
    'wrapup.retireCode': (request: { code: string }) => {
      const index = codes.findIndex((c) => c.code === request.code);
      const found = codes[index];
      if (found === undefined) return fail('not_found', `Wrap-up code ${request.code} does not exist`);
      codes[index] = { ...found, retiredAt: AT };
      return ok(codes[index]);
    },
    'wrapup.createTemplate': (request: { title: string; body: string }) => {
      const template = { ...request, templateId: `T-${String(templates.length + 1)}`, createdAt: AT, createdBy: 'adm.ada', retiredAt: null };
      templates.push(template);
      return ok(template);
    },
    'wrapup.retireTemplate': (request: { templateId: string }) => {
      const index = templates.findIndex((t) => t.templateId === request.templateId);
      const found = templates[index];
      if (found === undefined) return fail('not_found', `Template ${request.templateId} does not exist`);
      templates[index] = { ...found, retiredAt: AT };
      return ok(templates[index]);
    },
    'wrapup.record': (request: { customerId: string; code: string; note?: string }) => {
      const code = codes.find((c) => c.code === request.code);
      if (code === undefined) return fail('not_found', `Wrap-up code ${request.code} does not exist`);
      if (code.retiredAt !== null) return fail('conflict', `Wrap-up code ${request.code} is retired; choose a code in force`);
      recorded.push(request);
      const wrapup: Wrapup = { wrapupId: `W-${String(recorded.length)}`, customerId: request.customerId, code: request.code, agentId: 'u-agent-ana', agentName: 'agent.ana', at: AT, noteId: request.note === undefined ? null : 'N-1' };
      return ok(wrapup);
    },
  };
  return { handlers, codes, templates, recorded };
}
