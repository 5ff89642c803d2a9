// The privacy channels of the fake window.agent, as the gateway answers them:
// requests with their deadlines, one extension each, completion or refusal, an
// erasure refused (409 on_hold) while a hold on its customer is live, and an
// export whose values carry markup the desk must show as text.
import { fail, ok } from '../../../shared/errors.ts';
import type { ContractChannelName } from '../../../shared/contract/channels.ts';
import type { LegalHold, PrivacyExport, PrivacyRequest } from '../../../shared/schemas/privacy.ts';
import type { FakeHandler } from './fake-agent.ts';

/** A note text in the export that would run if the desk injected the HTML. */
export const HOSTILE_NOTE = '<img src=x onerror="alert(1)">Call me back';

const request = (overrides: Partial<PrivacyRequest> & Pick<PrivacyRequest, 'requestId' | 'customerId' | 'kind'>): PrivacyRequest => ({
  law: 'gdpr',
  verification: 'security_questions',
  status: 'open',
  receivedAt: '2026-11-01T09:00:00.000Z',
  dueAt: '2026-12-01T09:00:00.000Z',
  extension: null,
  openedBy: 'agent.ana',
  completedAt: null,
  completedBy: null,
  due: 'on_time',
  waitingFor: [],
  ...overrides,
});

export function fakePrivacy(now = '2026-11-20T09:00:00.000Z') {
  const requests: PrivacyRequest[] = [
    request({ requestId: 'PR-erase-0001', customerId: 'CUS-000001', kind: 'erasure', law: 'ccpa', due: 'due_soon', dueAt: '2026-11-25T09:00:00.000Z' }),
    request({ requestId: 'PR-access-0002', customerId: 'CUS-000002', kind: 'access', due: 'overdue', dueAt: '2026-11-10T09:00:00.000Z' }),
  ];
  const holds: LegalHold[] = [];
  const opened: unknown[] = [];
  const live = (customerId: string) => holds.filter((h) => h.customerId === customerId && h.releasedAt === null);
  const view = (r: PrivacyRequest): PrivacyRequest => ({
    ...r,
    waitingFor: r.kind === 'erasure' && r.status === 'open' ? live(r.customerId).map(({ holdId, reason, owner, expiresAt }) => ({ holdId, reason, owner, expiresAt })) : [],
  });
  const find = (requestId: string) => requests.find((r) => r.requestId === requestId);
  const replace = (next: PrivacyRequest) => {
    requests.splice(requests.findIndex((r) => r.requestId === next.requestId), 1, next);
    return ok(view(next));
  };
  const exported: PrivacyExport = {
    requestId: 'PR-access-0002',
    generatedAt: now,
    json: {
      customerId: 'CUS-000002',
      tables: { customers: [{ customer_id: 'CUS-000002', display_name: 'Lena Brandt' }], notes: [{ note_id: 'N-1', text: HOSTILE_NOTE }] },
      accessHistory: [{ at: now, action: 'customer.view', outcome: 'success', roles: ['agent'], staff: 'staff-3f9a' }],
    },
    html: `<!doctype html><p>${HOSTILE_NOTE}</p>`,
  };
  const handlers: Partial<Record<ContractChannelName, FakeHandler>> = {
    'privacy.requests': () => ok({ requests: requests.map(view) }),
    'privacy.open': (r: { customerId: string; kind: PrivacyRequest['kind']; law: PrivacyRequest['law']; verification: PrivacyRequest['verification'] }) => {
      opened.push(r);
      const created = request({ ...r, requestId: `PR-new-${opened.length}`, receivedAt: now });
      requests.push(created);
      return ok(view(created));
    },
    'privacy.extend': (r: { requestId: string; reason: string }) => {
      const found = find(r.requestId);
      if (found === undefined) return fail('not_found', 'No such request');
      if (found.extension !== null) return fail('conflict', 'This request was already extended once');
      return replace({ ...found, extension: { reason: r.reason, at: now }, dueAt: '2027-02-01T09:00:00.000Z', due: 'on_time' });
    },
    'privacy.complete': (r: { requestId: string; outcome: 'completed' | 'refused' }) => {
      const found = find(r.requestId);
      if (found === undefined) return fail('not_found', 'No such request');
      const held = live(found.customerId);
      if (r.outcome === 'completed' && found.kind === 'erasure' && held.length > 0) {
        return fail('conflict', `The customer is under legal hold, so it cannot be erased now: ${held.map((h) => h.holdId).join(', ')}`);
      }
      return replace({ ...found, status: r.outcome, completedAt: now, completedBy: 'priv.pia', due: 'closed' });
    },
    'privacy.placeHold': (r: { customerId: string; reason: string; owner: string; expiresAt: string }) => {
      const hold: LegalHold = { ...r, holdId: `LH-${holds.length + 1}`, placedBy: 'priv.pia', placedAt: now, releasedAt: null };
      holds.push(hold);
      return ok(hold);
    },
    'privacy.releaseHold': (r: { holdId: string }) => {
      const hold = holds.find((h) => h.holdId === r.holdId);
      if (hold === undefined) return fail('not_found', 'No such hold');
      hold.releasedAt = now;
      return ok(hold);
    },
    'privacy.export': () => ok(exported),
  };
  return { handlers, requests, holds, opened };
}
