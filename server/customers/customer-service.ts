// Customer lookup, detail, notes and subscription extension. Card lookups match
// by HMAC; every answer is masked to the policy's level before it leaves.
import { randomUUID } from 'node:crypto';
import { containsPan, type MaskPolicy } from '../../shared/pan.ts';
import type {
  CustomerDetail,
  LookupRequest,
  LookupResult,
  MaskedCard,
  Note,
  Subscription,
} from '../../shared/schemas/customer.ts';
import type { Clock } from '../config.ts';
import { GatewayError } from '../errors.ts';
import type { Principal } from '../identity/tokens.ts';
import type { AlertService } from '../supervision/alerts.ts';
import type { CardRecord, CustomerRepo, StoredCustomer } from '../storage/store.ts';
import { panHmac } from './card-hmac.ts';
import { maskCard, maskEmail, maskPhone } from './masking.ts';

export const LOOKUP_LIMIT = 20;

export interface CustomerService {
  lookup(principal: Principal, request: LookupRequest): Promise<LookupResult>;
  detail(customerId: string): Promise<CustomerDetail>;
  addNote(principal: Principal, customerId: string, text: string): Promise<Note>;
  extendSubscription(
    principal: Principal,
    change: { customerId: string; subscriptionId: string; days: number; reason: string },
  ): Promise<Subscription>;
}

export function createCustomerService(deps: {
  repo: CustomerRepo;
  pepper: Buffer;
  policy: MaskPolicy;
  clock: Clock;
  alerts: AlertService;
}): CustomerService {
  const { repo, policy } = deps;

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
      const query =
        request.by === 'card' ? { by: 'card' as const, panHmac: panHmac(deps.pepper, request.value) } : request;
      if (request.by === 'card') await deps.alerts.noteCardLookup(principal);
      const ids = await repo.findCustomerIds(query, LOOKUP_LIMIT + 1);
      const found = await repo.summaries(ids.slice(0, LOOKUP_LIMIT));
      return {
        by: request.by,
        results: found.map(({ customer, cards }) => summary(customer, cards)),
        truncated: ids.length > LOOKUP_LIMIT,
      };
    },

    async detail(customerId) {
      const set = await repo.detail(customerId);
      if (set === null) throw new GatewayError('not_found', 'No customer with that ID');
      const cardsById = new Map<string, MaskedCard>(set.cards.map((c) => [c.cardId, maskCard(c, policy)]));
      return {
        customer: { ...summary(set.customer, set.cards), phoneMasked: maskPhone(set.customer.phone), postcode: set.customer.postcode },
        orders: set.orders.map((order) => ({
          ...order,
          payments: order.payments.map(({ cardId, ...payment }) => {
            const card = cardsById.get(cardId);
            if (card === undefined) throw new Error(`payment ${payment.transactionId} refers to a card of another customer`);
            return { ...payment, card };
          }),
        })),
        subscriptions: set.subscriptions,
        notes: set.notes,
      };
    },

    async addNote(principal, customerId, text) {
      assertNoPan(text, 'A note');
      if ((await repo.detail(customerId)) === null) throw new GatewayError('not_found', 'No customer with that ID');
      const note: Note = {
        noteId: `N-${randomUUID()}`,
        customerId,
        authorId: principal.userId,
        authorName: principal.username,
        at: new Date(deps.clock.now()).toISOString(),
        text,
      };
      await repo.addNote(note);
      return note;
    },

    async extendSubscription(principal, change) {
      assertNoPan(change.reason, 'The reason');
      const current = await repo.findSubscription(change.customerId, change.subscriptionId);
      if (current === null) throw new GatewayError('not_found', 'No such subscription for this customer');
      if (current.status === 'cancelled') throw new GatewayError('conflict', 'A cancelled subscription cannot be extended');
      // An expired subscription is extended from today, an active one from its end.
      const from = Math.max(Date.parse(current.expiresAt), deps.clock.now());
      const newExpiresAt = new Date(from + change.days * 86_400_000).toISOString();
      const at = new Date(deps.clock.now()).toISOString();
      return repo.extendSubscription({
        subscriptionId: change.subscriptionId,
        newExpiresAt,
        days: change.days,
        reason: change.reason,
        byUserId: principal.userId,
        at,
        historyNote: {
          noteId: `N-${randomUUID()}`,
          customerId: change.customerId,
          authorId: principal.userId,
          authorName: principal.username,
          at,
          text: `Extended ${current.product} by ${change.days} days, new expiry ${newExpiresAt.slice(0, 10)}. Reason: ${change.reason}`,
        },
      });
    },
  };
}
