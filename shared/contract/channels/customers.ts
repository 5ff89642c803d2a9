// The agent's work on a customer: lookup, the record, notes and extensions.
// Card lookups are recorded by their last 4; notes and reasons by reference, never by their text.
import { NoContentSchema as Empty } from '../../api.ts';
import {
  AddNoteRequestSchema,
  ExtendSubscriptionRequestSchema,
  FollowCustomerRequestSchema,
  GetCustomerRequestSchema,
  LookupRequestSchema,
} from '../../schemas/customer.ts';
import { forward, local } from '../channel-kinds.ts';

export const customerChannels = {
  'customers.lookup': forward('lookup', {
    request: LookupRequestSchema,
    audit: {
      event: 'customer.lookup',
      describe: (request, response) => {
        const value = request?.value ?? '';
        return {
          target:
            request?.by === 'card'
              ? { kind: 'card', id: `••••${value.slice(-4)}` }
              : { kind: request?.by === 'order' ? 'order' : 'customer', id: value.slice(0, 64) },
          details: { by: request?.by ?? null, results: response?.results.length ?? 0 },
        };
      },
    },
    whileLocked: false,
  }),
  'customers.get': forward('customer', {
    request: GetCustomerRequestSchema,
    audit: {
      event: 'customer.view',
      describe: (request, response) => ({ target: { kind: 'customer', id: request?.customerId ?? null }, details: { orders: response?.orders.length ?? 0 } }),
    },
    whileLocked: false,
  }),
  /**
   * The customer now open on screen and the revision shown: main polls its revision while it stays open and, when it
   * changes, reads it again (an audited read like any other) and pushes `customer.updated`.
   */
  'customers.follow': local({
    request: FollowCustomerRequestSchema,
    response: Empty,
    access: 'customers.read',
    audit: { none: 'names a customer the desk has just read (that read is audited); each refresh it leads to is an audited read' },
    whileLocked: false,
  }),
  /** The customer was closed: nothing is followed until the next follow. */
  'customers.unfollow': local({
    request: GetCustomerRequestSchema,
    response: Empty,
    access: 'customers.read',
    audit: { none: 'stops background refreshes; reads nothing' },
    whileLocked: false,
  }),
  'notes.add': forward('addNote', {
    request: AddNoteRequestSchema,
    audit: {
      event: 'customer.note.add',
      describe: (request, response) => ({ target: { kind: 'customer', id: request?.customerId ?? null }, details: { noteId: response?.noteId ?? null } }),
    },
    whileLocked: false,
  }),
  'subscriptions.extend': forward('extendSubscription', {
    request: ExtendSubscriptionRequestSchema,
    audit: {
      event: 'subscription.extend',
      describe: (request) => ({
        target: { kind: 'subscription', id: request?.subscriptionId ?? null },
        details: { customerId: request?.customerId ?? null, days: request?.days ?? null },
      }),
    },
    whileLocked: false,
  }),
} as const;
