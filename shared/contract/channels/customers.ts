// The agent's work on a customer: lookup, the record, notes and extensions.
// Card lookups are recorded by their last 4; notes and reasons by reference, never by their text.
import {
  AddNoteRequestSchema,
  ExtendSubscriptionRequestSchema,
  GetCustomerRequestSchema,
  LookupRequestSchema,
} from '../../schemas/customer.ts';
import { forward } from '../channel-kinds.ts';

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
