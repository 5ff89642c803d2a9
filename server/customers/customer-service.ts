// Customer lookup, detail, notes and subscription extension. Card lookups match
// by HMAC; every answer is masked to the policy's level before it leaves. Each
// access is capped and recorded in the gateway's own audit trail before the
// answer goes out or the change is stored.
import { randomUUID } from 'node:crypto';
import type { AuditEvent } from '../../shared/audit.ts';
import { containsPan, MASK_CHAR, panFreeId, type MaskPolicy } from '../../shared/pan.ts';
import type {
  CustomerDetail,
  CustomerRevisionAnswer,
  LookupRequest,
  LookupResult,
  MaskedCard,
  Note,
  Subscription,
} from '../../shared/schemas/customer.ts';
import type { Clock } from '../config.ts';
import type { AlertService } from '../core/alert-port.ts';
import type { GatewayAudit } from '../core/audit-port.ts';
import type { Principal } from '../core/principal.ts';
import { GatewayError } from '../errors.ts';
import type { CardRecord, CustomerRepo, StoredCustomer } from '../storage/store.ts';
import { recordAccess } from './access-audit.ts';
import type { AccessCaps } from './access-caps.ts';
import { panHmac } from './card-hmac.ts';
import type { CustomerRevisions } from './customer-revision.ts';
import { maskCard, maskEmail, maskPhone, maskUnmatchedId } from './masking.ts';

export const LOOKUP_LIMIT = 20;

export interface CustomerService {
  lookup(principal: Principal, request: LookupRequest): Promise<LookupResult>;
  detail(principal: Principal, customerId: string): Promise<CustomerDetail>;
  /** The revision of a customer this user was shown recently (customer-revision.ts): unaudited, uncapped. */
  revision(principal: Principal, customerId: string): Promise<CustomerRevisionAnswer>;
  addNote(principal: Principal, customerId: string, text: string): Promise<Note>;
  extendSubscription(
    principal: Principal,
    change: { customerId: string; subscriptionId: string; days: number; reason: string },
  ): Promise<Subscription>;
}

/** A card lookup is recorded by its last 4 only; an ID lookup by the ID, masked unless it matched. */
function lookupTarget(request: LookupRequest, matched: boolean): AuditEvent['target'] {
  if (request.by === 'card') return { kind: 'card', id: `${MASK_CHAR.repeat(4)}${request.value.slice(-4)}` };
  return { kind: request.by === 'order' ? 'order' : 'customer', id: matched ? request.value : maskUnmatchedId(request.value) };
}

export function createCustomerService(deps: {
  repo: CustomerRepo;
  pepper: Buffer;
  policy: MaskPolicy;
  clock: Clock;
  alerts: AlertService;
  audit: GatewayAudit;
  caps: AccessCaps;
  revisions: CustomerRevisions;
}): CustomerService {
  const { repo, policy, audit, caps } = deps;

  const summary = (customer: StoredCustomer, cards: readonly CardRecord[]) => ({
    customerId: customer.customerId,
    displayName: customer.displayName,
    emailMasked: maskEmail(customer.email),
    city: customer.city,
    country: customer.country,
    memberSince: customer.memberSince,
    cards: cards.map((card) => maskCard(card, policy)),
  });

  const assertNoPan = (text: string, what: string): void => {
    if (containsPan(text)) {
      throw new GatewayError('pan_in_text', `${what} must not contain a card number; refer to the card by its last 4 digits`);
    }
  };

  return {
    async lookup(principal, request) {
      await caps.admit(principal, request.by === 'card' ? 'cardLookups' : 'recordReads', {
        type: 'customer.lookup',
        target: lookupTarget(request, false),
        details: { by: request.by },
      });
      const query =
        request.by === 'card' ? { by: 'card' as const, panHmac: panHmac(deps.pepper, request.value) } : request;
      if (request.by === 'card') await deps.alerts.noteCardLookup(principal);
      const ids = await repo.findCustomerIds(query, LOOKUP_LIMIT + 1);
      const found = await repo.summaries(ids.slice(0, LOOKUP_LIMIT));
      const result: LookupResult = {
        by: request.by,
        results: found.map(({ customer, cards }) => summary(customer, cards)),
        truncated: ids.length > LOOKUP_LIMIT,
      };
      await recordAccess(audit, {
        type: 'customer.lookup',
        outcome: 'success',
        actor: principal,
        target: lookupTarget(request, found.length > 0),
        details: { by: request.by, results: found.length, truncated: result.truncated, customers: found.map((f) => f.customer.customerId).join(',') },
      });
      return result;
    },

    async detail(principal, customerId) {
      const target = { kind: 'customer', id: customerId } as const;
      await caps.admit(principal, 'recordReads', { type: 'customer.view', target: { kind: 'customer', id: maskUnmatchedId(customerId) }, details: {} });
      // Taken first: a write that lands while the record is read changes the revision a follower sees next.
      const revision = await deps.revisions.current(customerId);
      const set = revision === null ? null : await repo.detail(customerId);
      if (set === null || revision === null) {
        await recordAccess(audit, {
          type: 'customer.view',
          outcome: 'failure',
          reason: 'not_found',
          actor: principal,
          target: { kind: 'customer', id: maskUnmatchedId(customerId) },
        });
        throw new GatewayError('not_found', 'No customer with that ID');
      }
      const cardsById = new Map<string, MaskedCard>(set.cards.map((c) => [c.cardId, maskCard(c, policy)]));
      const view: CustomerDetail = {
        revision,
        customer: { ...summary(set.customer, set.cards), phoneMasked: maskPhone(set.customer.phone), postcode: set.customer.postcode },
        orders: set.orders.map((order) => ({
          ...order,
          payments: order.payments.map(({ cardId, ...payment }) => {
            if (cardId === null) return { ...payment, card: null };
            const card = cardsById.get(cardId);
            if (card === undefined) throw new Error(`payment ${payment.transactionId} refers to a card of another customer`);
            return { ...payment, card };
          }),
        })),
        subscriptions: set.subscriptions,
        notes: set.notes,
      };
      await recordAccess(audit, {
        type: 'customer.view',
        outcome: 'success',
        actor: principal,
        target,
        // The desk it was served to: the desk's own trail must show this read (desk-read-check.ts).
        details: { orders: view.orders.length, cards: set.cards.length, notes: view.notes.length, deviceId: principal.deviceId },
      });
      return view;
    },

    revision: (principal, customerId) => deps.revisions.followed(principal, customerId),

    async addNote(principal, customerId, text) {
      assertNoPan(text, 'A note');
      if ((await repo.detail(customerId)) === null) throw new GatewayError('not_found', 'No customer with that ID');
      const note: Note = {
        noteId: `N-${panFreeId(randomUUID)}`,
        customerId,
        authorId: principal.userId,
        authorName: principal.username,
        at: new Date(deps.clock.now()).toISOString(),
        text,
      };
      const event = { type: 'customer.note.add', actor: principal, target: { kind: 'customer', id: customerId } } as const;
      await recordAccess(audit, { ...event, outcome: 'success', details: { noteId: note.noteId, length: text.length } });
      const stored = await repo.addNote(note).catch(async (error: unknown) => {
        await recordAccess(audit, { ...event, outcome: 'failure', reason: 'not_stored', details: { noteId: note.noteId } });
        throw error;
      });
      if (!stored) {
        // Erased between the check above and the write: the note has no key to be sealed under.
        await recordAccess(audit, { ...event, outcome: 'failure', reason: 'not_found', details: { noteId: note.noteId } });
        throw new GatewayError('not_found', 'No customer with that ID');
      }
      return note;
    },

    async extendSubscription(principal, change) {
      assertNoPan(change.reason, 'The reason');
      const current = await repo.findSubscription(change.customerId, change.subscriptionId);
      if (current === null) throw new GatewayError('not_found', 'No such subscription for this customer');
      if (current.status === 'cancelled') throw new GatewayError('conflict', 'A cancelled subscription cannot be extended');
      const event = {
        type: 'subscription.extend',
        actor: principal,
        target: { kind: 'subscription', id: change.subscriptionId },
        details: { customerId: change.customerId, days: change.days },
      } as const;
      const reservation = await caps.reserveExtension(principal, change.subscriptionId, change.days, event);
      // Audited before it is stored; a change that is then not stored gives its days back and says so.
      try {
        await recordAccess(audit, { ...event, outcome: 'success' });
      } catch (error) {
        await caps.release(reservation);
        throw error;
      }
      const extended = await repo
        .extendSubscription({
          subscriptionId: change.subscriptionId,
          days: change.days,
          reason: change.reason,
          byUserId: principal.userId,
          at: deps.clock.now(),
          history: {
            noteId: `N-${panFreeId(randomUUID)}`,
            customerId: change.customerId,
            authorId: principal.userId,
            authorName: principal.username,
            product: current.product,
          },
        })
        .catch(async (error: unknown) => {
          await caps.release(reservation);
          await recordAccess(audit, { ...event, outcome: 'failure', reason: 'not_stored' });
          throw error;
        });
      if (extended === null) {
        await caps.release(reservation);
        await recordAccess(audit, { ...event, outcome: 'failure', reason: 'conflict' });
        throw new GatewayError('conflict', 'The subscription was cancelled or removed while it was being extended');
      }
      return extended;
    },
  };
}
