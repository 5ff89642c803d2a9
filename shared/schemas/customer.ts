// Customer data as the desk shows it: masked card facets only, minimal profile.
import { z } from 'zod';
import { ErrorInfoSchema } from '../errors.ts';
import { CardBrandSchema, PanInputSchema } from '../pan.ts';
import {
  CurrencySchema,
  DateSchema,
  MinorUnitsSchema,
  TimestampSchema,
  panFreeText,
  recordId,
} from './common.ts';

export const CustomerIdSchema = recordId('Customer ID');
export const OrderRefSchema = recordId('Order or transaction number');

export const LOOKUP_KINDS = ['customerId', 'order', 'card'] as const;
export const LookupKindSchema = z.enum(LOOKUP_KINDS);
export type LookupKind = z.infer<typeof LookupKindSchema>;

/** Input is what was typed; after parsing a card lookup holds digits only, in memory. */
export const LookupRequestSchema = z.discriminatedUnion('by', [
  z.object({ by: z.literal('customerId'), value: CustomerIdSchema }),
  z.object({ by: z.literal('order'), value: OrderRefSchema }),
  z.object({ by: z.literal('card'), value: PanInputSchema }),
]);
export type LookupRequest = z.infer<typeof LookupRequestSchema>;

export const MaskedCardSchema = z.object({
  cardId: recordId('Card ID'),
  brand: CardBrandSchema,
  /** Formatted by maskFacets at the policy's level. */
  masked: z.string().regex(/^[•\d ]{12,24}$/),
  last4: z.string().regex(/^\d{4}$/),
  expiry: z.string().regex(/^(0[1-9]|1[0-2])\/\d{2}$/),
});
export type MaskedCard = z.infer<typeof MaskedCardSchema>;

export const CustomerSummarySchema = z.object({
  customerId: CustomerIdSchema,
  displayName: z.string().max(128),
  emailMasked: z.string().max(128),
  city: z.string().max(64),
  country: z.string().regex(/^[A-Z]{2}$/),
  memberSince: DateSchema,
  cards: z.array(MaskedCardSchema).max(20),
});
export type CustomerSummary = z.infer<typeof CustomerSummarySchema>;

export const LookupResultSchema = z.object({
  by: LookupKindSchema,
  results: z.array(CustomerSummarySchema).max(50),
  /** True when more customers matched than were returned. */
  truncated: z.boolean(),
});
export type LookupResult = z.infer<typeof LookupResultSchema>;

/** A refund is its own money movement: the caller asks "when did I get it back, and how much". */
export const RefundSchema = z.object({
  refundId: recordId('Refund ID'),
  at: TimestampSchema,
  amountMinor: MinorUnitsSchema,
  /** The acquirer's reference the caller can quote to their bank. */
  reference: z.string().max(64),
});
export type Refund = z.infer<typeof RefundSchema>;

export const PaymentSchema = z.object({
  transactionId: OrderRefSchema,
  status: z.enum(['authorized', 'captured', 'refunded', 'partially_refunded', 'failed', 'chargeback']),
  amountMinor: MinorUnitsSchema,
  currency: CurrencySchema,
  at: TimestampSchema,
  /** null: the source of the payment (a shop, whose provider holds the card) sent no card. */
  card: MaskedCardSchema.nullable(),
  refunds: z.array(RefundSchema).max(20),
});
export type Payment = z.infer<typeof PaymentSchema>;

export const SHIPMENT_STATUSES = [
  'label_created',
  'in_transit',
  'out_for_delivery',
  'delivered',
  'exception',
  'returned',
] as const;
export const ShipmentStatusSchema = z.enum(SHIPMENT_STATUSES);

export const ShipmentSchema = z.object({
  shipmentId: recordId('Shipment ID'),
  carrier: z.string().max(64),
  trackingNumber: z.string().max(64),
  status: ShipmentStatusSchema,
  eta: DateSchema.nullable(),
  /** The carrier's own tracking page for this parcel; the desk opens it through the policy's allowlist. */
  trackingUrl: z.url({ protocol: /^https$/ }).max(512).nullable(),
  /** Oldest first, as the carrier reported them; an exception event says why in `detail`. */
  history: z.array(
    z.object({ at: TimestampSchema, status: ShipmentStatusSchema, location: z.string().max(128), detail: z.string().max(200).optional() }),
  ),
});
export type Shipment = z.infer<typeof ShipmentSchema>;

export const OrderSchema = z.object({
  orderId: OrderRefSchema,
  placedAt: TimestampSchema,
  status: z.enum(['placed', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded']),
  totalMinor: MinorUnitsSchema,
  currency: CurrencySchema,
  items: z.array(
    z.object({ sku: z.string().max(64), name: z.string().max(128), quantity: z.number().int().positive(), unitPriceMinor: MinorUnitsSchema }),
  ),
  payments: z.array(PaymentSchema),
  shipments: z.array(ShipmentSchema),
});
export type Order = z.infer<typeof OrderSchema>;

export const SubscriptionSchema = z.object({
  subscriptionId: recordId('Subscription ID'),
  product: z.string().max(128),
  kind: z.enum(['subscription', 'licence']),
  status: z.enum(['active', 'expired', 'cancelled']),
  startedAt: TimestampSchema,
  expiresAt: TimestampSchema,
  autoRenew: z.boolean(),
});
export type Subscription = z.infer<typeof SubscriptionSchema>;

export const NoteTextSchema = panFreeText('A note', 1, 2000);
export const NoteSchema = z.object({
  noteId: recordId('Note ID'),
  customerId: CustomerIdSchema,
  authorId: z.string().max(64),
  authorName: z.string().max(128),
  at: TimestampSchema,
  text: z.string().max(2000),
});
export type Note = z.infer<typeof NoteSchema>;

/**
 * What a customer's record looks like now, as an opaque token: it changes whenever a source writes one of its
 * records or a note is added, and says nothing about what. Base64url, so the DLP never reads it as a card number.
 */
export const CustomerRevisionSchema = z.string().regex(/^[A-Za-z0-9_-]{22}$/, { error: 'expected a customer revision' });
export const CustomerRevisionAnswerSchema = z.object({ customerId: CustomerIdSchema, revision: CustomerRevisionSchema });
export type CustomerRevisionAnswer = z.infer<typeof CustomerRevisionAnswerSchema>;

export const CustomerDetailSchema = z.object({
  /** Taken before the record was read: a later change always shows as a different revision. */
  revision: CustomerRevisionSchema,
  customer: CustomerSummarySchema.extend({
    phoneMasked: z.string().max(32),
    postcode: z.string().max(16),
  }),
  orders: z.array(OrderSchema),
  subscriptions: z.array(SubscriptionSchema),
  notes: z.array(NoteSchema),
});
export type CustomerDetail = z.infer<typeof CustomerDetailSchema>;

export const GetCustomerRequestSchema = z.object({ customerId: CustomerIdSchema });
/** The customer the agent has open, and the revision of what the desk shows of it. */
export const FollowCustomerRequestSchema = z.object({ customerId: CustomerIdSchema, revision: CustomerRevisionSchema });
/** A refresh of the open customer that main made because its revision changed, or why it could not. */
export const CustomerRefreshSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('updated'), detail: CustomerDetailSchema }),
  z.object({ status: z.literal('unavailable'), customerId: CustomerIdSchema, error: ErrorInfoSchema }),
]);
export type CustomerRefresh = z.infer<typeof CustomerRefreshSchema>;
export const AddNoteRequestSchema = z.object({ customerId: CustomerIdSchema, text: NoteTextSchema });
export const EXTENSION_MAX_DAYS = 365;
export const ExtendSubscriptionRequestSchema = z.object({
  customerId: CustomerIdSchema,
  subscriptionId: recordId('Subscription ID'),
  days: z.number().int().min(1).max(EXTENSION_MAX_DAYS),
  reason: panFreeText('The reason', 10, 500),
});
export type ExtendSubscriptionRequest = z.infer<typeof ExtendSubscriptionRequestSchema>;
