// Data-subject requests through their life (issue 27): an agent opens one for
// the customer on the call; the privacy officer extends it once, completes or
// refuses it, and places and releases legal holds. Completing an erasure request
// erases the customer by crypto-shredding unless a live hold stops it, and then
// the request says which holds it waits for. Every step is written to the
// gateway's audit trail before it is answered, naming the customer only by its
// keyed pseudonym.
import { randomUUID } from 'node:crypto';
import { panFreeId } from '../../shared/pan.ts';
import type { z } from 'zod';
import {
  PrivacyLawSchema,
  type CompletePrivacyRequestSchema,
  type LegalHold,
  type OpenPrivacyRequestSchema,
  type PlaceLegalHoldSchema,
  type PrivacyExport,
  type PrivacyRequest,
} from '../../shared/schemas/privacy.ts';
import type { Clock } from '../config.ts';
import type { AlertService } from '../core/alert-port.ts';
import type { GatewayAudit, GatewayAuditInput } from '../core/audit-port.ts';
import type { Principal } from '../core/principal.ts';
import { GatewayError } from '../errors.ts';
import type { CustomerRepo, LegalHoldRecord, PrivacyRepo, PrivacyRequestRecord } from '../storage/store.ts';
import { recordAccess } from './access-audit.ts';
import { dueAt, dueState, extendedDueAt } from './privacy-deadlines.ts';
import { privacyExportHtml } from './privacy-export-html.ts';
import { staffPseudonym, subjectPseudonym } from './subject-pseudonym.ts';

/** Days before its due date an open request is flagged and alerted. */
export const DUE_SOON_DAYS = 7;

export interface PrivacyService {
  open(principal: Principal, request: z.infer<typeof OpenPrivacyRequestSchema>): Promise<PrivacyRequest>;
  list(): Promise<PrivacyRequest[]>;
  extend(principal: Principal, requestId: string, reason: string): Promise<PrivacyRequest>;
  complete(principal: Principal, requestId: string, change: z.infer<typeof CompletePrivacyRequestSchema>): Promise<PrivacyRequest>;
  placeHold(principal: Principal, hold: z.infer<typeof PlaceLegalHoldSchema>): Promise<LegalHold>;
  releaseHold(principal: Principal, holdId: string, reason: string): Promise<LegalHold>;
  /** Everything held about the request's customer, built from the declared data map; an erased customer has nothing left. */
  exportData(principal: Principal, requestId: string): Promise<PrivacyExport>;
  /** Raises an alert for each open request due within DUE_SOON_DAYS or overdue (the housekeeping job runs it). */
  alertDeadlines(): Promise<number>;
}

const iso = (ms: number): string => new Date(ms).toISOString();

const holdView = (h: LegalHoldRecord): LegalHold => ({
  holdId: h.holdId,
  customerId: h.customerId,
  reason: h.reason,
  owner: h.owner,
  expiresAt: iso(h.expiresAt),
  placedBy: h.placedBy,
  placedAt: iso(h.placedAt),
  releasedAt: h.releasedAt === null ? null : iso(h.releasedAt),
});

export function createPrivacyService(deps: {
  repo: PrivacyRepo;
  customers: Pick<CustomerRepo, 'summaries' | 'exportData'>;
  audit: GatewayAudit;
  alerts: AlertService;
  clock: Clock;
  pepper: Buffer;
}): PrivacyService {
  const { repo, audit, clock } = deps;
  const subject = (customerId: string): string => subjectPseudonym(deps.pepper, customerId);

  const view = (r: PrivacyRequestRecord, holds: readonly LegalHoldRecord[]): PrivacyRequest => ({
    requestId: r.requestId,
    customerId: r.customerId,
    kind: r.kind as PrivacyRequest['kind'],
    law: r.law as PrivacyRequest['law'],
    verification: r.verification as PrivacyRequest['verification'],
    status: r.status as PrivacyRequest['status'],
    receivedAt: iso(r.receivedAt),
    dueAt: iso(r.dueAt),
    extension: r.extension === null ? null : { reason: r.extension.reason, at: iso(r.extension.at) },
    openedBy: r.openedBy,
    completedAt: r.completedAt === null ? null : iso(r.completedAt),
    completedBy: r.completedBy,
    due: dueState(r, clock.now(), DUE_SOON_DAYS),
    waitingFor: r.kind === 'erasure' && r.status === 'open' ? holds.filter((h) => h.customerId === r.customerId).map(holdView) : [],
  });
  const viewOne = async (r: PrivacyRequestRecord): Promise<PrivacyRequest> => view(r, await repo.holdsOf([r.customerId], clock.now()));
  const found = async (requestId: string): Promise<PrivacyRequestRecord> => {
    const r = await repo.request(requestId);
    if (r === null) throw new GatewayError('not_found', 'No privacy request with that ID');
    return r;
  };
  const requestEvent = (principal: Principal, r: Pick<PrivacyRequestRecord, 'requestId' | 'customerId' | 'kind' | 'law'>) => ({
    actor: principal,
    target: { kind: 'privacy-request', id: r.requestId } as const,
    details: { subject: subject(r.customerId), kind: r.kind, law: r.law },
  });

  return {
    async open(principal, request) {
      if ((await deps.customers.summaries([request.customerId])).length === 0) throw new GatewayError('not_found', 'No customer with that ID');
      const receivedAt = clock.now();
      const record = {
        requestId: `PR-${panFreeId(randomUUID)}`,
        customerId: request.customerId,
        kind: request.kind,
        law: request.law,
        verification: request.verification,
        receivedAt,
        dueAt: dueAt(request.law, receivedAt),
        openedBy: principal.username,
      };
      const event = requestEvent(principal, record);
      await recordAccess(audit, { type: 'privacy.request.open', outcome: 'success', ...event, details: { ...event.details, verification: request.verification } });
      await repo.openRequest(record);
      return viewOne({ ...record, status: 'open', extension: null, completedAt: null, completedBy: null });
    },

    async list() {
      const requests = await repo.requests();
      const holds = await repo.holdsOf([...new Set(requests.map((r) => r.customerId))], clock.now());
      return requests.map((r) => view(r, holds));
    },

    async extend(principal, requestId, reason) {
      const r = await found(requestId);
      const law = PrivacyLawSchema.parse(r.law);
      const event = { type: 'privacy.request.extend', ...requestEvent(principal, r) } as const;
      if (r.status !== 'open' || r.extension !== null) {
        await recordAccess(audit, { ...event, outcome: 'failure', reason: 'not_extendable' });
        throw new GatewayError('conflict', 'A request is extended once, while it is open');
      }
      const at = clock.now();
      const newDue = extendedDueAt(law, r.receivedAt);
      await recordAccess(audit, { ...event, outcome: 'success', details: { ...event.details, dueAt: iso(newDue) } });
      if (!(await repo.extend(requestId, { dueAt: newDue, reason, at }))) throw new GatewayError('conflict', 'The request was extended or closed meanwhile');
      return viewOne(await found(requestId));
    },

    async complete(principal, requestId, change) {
      const r = await found(requestId);
      const erasing = r.kind === 'erasure' && change.outcome === 'completed';
      const base = requestEvent(principal, r);
      const events: Omit<GatewayAuditInput, 'outcome'>[] = [{ type: 'privacy.request.complete', ...base, details: { ...base.details, outcome: change.outcome } }];
      if (erasing) events.push({ type: 'privacy.erase', actor: principal, target: { kind: 'customer', id: subject(r.customerId) }, details: { ...base.details, request: r.requestId } });
      const onHold = async (holds: readonly LegalHoldRecord[]): Promise<never> => {
        for (const event of events) await recordAccess(audit, { ...event, outcome: 'failure', reason: 'on_hold' });
        const why = holds.map((h) => `${h.reason} (owner ${h.owner}, until ${iso(h.expiresAt)})`).join('; ');
        throw new GatewayError('conflict', `The customer is under legal hold, so it cannot be erased now: ${why}`, { extra: { reason: 'on_hold' } });
      };
      const held = erasing ? await repo.holdsOf([r.customerId], clock.now()) : [];
      if (held.length > 0) return onHold(held);
      // On record before the change, as every customer change is; a change that then does not happen says so.
      for (const event of events) await recordAccess(audit, { ...event, outcome: 'success' });
      const result = await repo.complete(requestId, { status: change.outcome, by: principal.username, at: clock.now() });
      if (result.outcome === 'done') return viewOne(result.request);
      // A hold placed since the check above: the transaction saw it and erased nothing.
      if (result.outcome === 'on_hold') return onHold(result.holds);
      for (const event of events) await recordAccess(audit, { ...event, outcome: 'failure', reason: result.outcome });
      if (result.outcome === 'not_open') throw new GatewayError('conflict', 'The request is already closed');
      throw new GatewayError('not_found', 'No privacy request with that ID');
    },

    async placeHold(principal, hold) {
      const at = clock.now();
      if (Date.parse(hold.expiresAt) <= at) throw new GatewayError('invalid_request', 'A hold must expire in the future');
      const record = { holdId: `LH-${panFreeId(randomUUID)}`, customerId: hold.customerId, reason: hold.reason, owner: hold.owner, placedBy: principal.username, placedAt: at, expiresAt: Date.parse(hold.expiresAt) };
      await recordAccess(audit, {
        type: 'privacy.hold.place',
        outcome: 'success',
        actor: principal,
        target: { kind: 'legal-hold', id: record.holdId },
        details: { subject: subject(hold.customerId), expiresAt: iso(record.expiresAt) },
      });
      await repo.placeHold(record);
      return holdView({ ...record, releasedAt: null });
    },

    async releaseHold(principal, holdId, reason) {
      const event = { type: 'privacy.hold.release', actor: principal, target: { kind: 'legal-hold', id: holdId }, details: { reasonLength: reason.length } } as const;
      await recordAccess(audit, { ...event, outcome: 'success' });
      const released = await repo.releaseHold(holdId, principal.username, clock.now());
      if (released === null) {
        await recordAccess(audit, { ...event, outcome: 'failure', reason: 'not_found' });
        throw new GatewayError('not_found', 'No live hold with that ID');
      }
      return holdView(released);
    },

    async exportData(principal, requestId) {
      const r = await found(requestId);
      const event = { type: 'privacy.export', ...requestEvent(principal, r) } as const;
      await recordAccess(audit, { ...event, outcome: 'success' });
      const held = await deps.customers.exportData(r.customerId, (id) => staffPseudonym(deps.pepper, id));
      if (held === null) {
        await recordAccess(audit, { ...event, outcome: 'failure', reason: 'not_found' });
        throw new GatewayError('not_found', 'Nothing is held about this customer: it was erased, or never existed');
      }
      const generatedAt = iso(clock.now());
      return { requestId, generatedAt, json: held, html: privacyExportHtml(held, generatedAt) };
    },

    async alertDeadlines() {
      const now = clock.now();
      const late = (await repo.requests()).map((r) => ({ r, due: dueState(r, now, DUE_SOON_DAYS) })).filter(({ due }) => due === 'due_soon' || due === 'overdue');
      for (const { r, due } of late) {
        await deps.alerts.raise({
          kind: 'privacy_request_due',
          severity: due === 'overdue' ? 'critical' : 'warning',
          userId: null,
          deviceId: null,
          message: `Privacy request ${r.requestId} (${r.law.toUpperCase()} ${r.kind}) ${due === 'overdue' ? 'is past' : 'is close to'} its due date ${iso(r.dueAt)}`,
        });
      }
      return late.length;
    },
  };
}
