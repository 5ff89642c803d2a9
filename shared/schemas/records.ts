// The records a company's systems of record upsert (issue 22). Each record
// carries the source's own version (a counter, or the source's updated-at in
// epoch ms): an older one never overwrites a newer one.
import { z } from 'zod';
import { containsPan } from '../pan.ts';
import { DateSchema, panFreeText } from './common.ts';
import { CustomerIdSchema, MaskedCardSchema, OrderRefSchema, OrderSchema, PaymentSchema, ShipmentSchema, SubscriptionSchema } from './customer.ts';

export const RECORD_TYPES = ['customer', 'order', 'payment', 'shipment', 'subscription'] as const;
export const RecordTypeSchema = z.enum(RECORD_TYPES);
export type RecordType = z.infer<typeof RecordTypeSchema>;

/** The source's own version of a record: a counter, or its updated-at in epoch milliseconds. */
export const RecordVersionSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

const text = (what: string, max: number) => panFreeText(what, 0, max);

export const CustomerRecordSchema = z.object({
  customerId: CustomerIdSchema,
  displayName: text('displayName', 128),
  email: text('email', 128),
  phone: text('phone', 32),
  city: text('city', 64),
  postcode: text('postcode', 16),
  country: z.string().regex(/^[A-Z]{2}$/),
  memberSince: DateSchema,
});
export const OrderRecordSchema = OrderSchema.pick({ orderId: true, placedAt: true, status: true, totalMinor: true, currency: true, items: true }).extend({
  customerId: CustomerIdSchema,
});
/** The one field a full card number may arrive in: it is kept as its keyed HMAC, BIN and last 4 only. */
export const CARD_NUMBER_FIELD = ['data', 'card', 'number'] as const;
export const PaymentRecordSchema = PaymentSchema.pick({ transactionId: true, status: true, amountMinor: true, currency: true, at: true, refunds: true }).extend({
  orderId: OrderRefSchema,
  /** Absent when the source holds no card number (a shop's payments are the provider's). */
  card: z.object({ number: z.string().max(64), expiry: MaskedCardSchema.shape.expiry }).optional(),
});
export const ShipmentRecordSchema = ShipmentSchema.extend({ orderId: OrderRefSchema });
export const SubscriptionRecordSchema = SubscriptionSchema.extend({ customerId: CustomerIdSchema });

export const SourceRecordSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('customer'), version: RecordVersionSchema, data: CustomerRecordSchema }).strict(),
  z.object({ type: z.literal('order'), version: RecordVersionSchema, data: OrderRecordSchema }).strict(),
  z.object({ type: z.literal('payment'), version: RecordVersionSchema, data: PaymentRecordSchema }).strict(),
  z.object({ type: z.literal('shipment'), version: RecordVersionSchema, data: ShipmentRecordSchema }).strict(),
  z.object({ type: z.literal('subscription'), version: RecordVersionSchema, data: SubscriptionRecordSchema }).strict(),
]);
export type SourceRecord = z.infer<typeof SourceRecordSchema>;

/** A record as it arrives, checked one by one so a bad one does not sink its batch. */
export const RawRecordSchema = z.record(z.string().max(64), z.unknown());
export const IdempotencyKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{8,128}$/, { error: 'idempotencyKey: 8-128 of A-Z a-z 0-9 _ . : -' })
  .refine((key) => !containsPan(key), { error: 'idempotencyKey looks like a card number' });
export const RECORD_BATCH_MAX = 1000;
export const UpsertRecordRequestSchema = z.object({ record: RawRecordSchema, idempotencyKey: IdempotencyKeySchema.optional() });
export const UpsertRecordsRequestSchema = z.object({
  records: z.array(RawRecordSchema).min(1).max(RECORD_BATCH_MAX),
  idempotencyKey: IdempotencyKeySchema.optional(),
});

/** stored: new; updated: a newer version replaced it; unchanged: that version was already there; stale: a newer one is there. */
export const RECORD_OUTCOMES = ['stored', 'updated', 'unchanged', 'stale'] as const;
/** Why a record was refused; `field` names where (never what was there). */
/**
 * The record types only their first source may write again. A customer's name and phone number decide whom a caller
 * pops as and what an agent checks identity against, so one source (a marketing tool, say) must not rewrite the
 * customers another (the shop) wrote. Orders, payments, shipments and subscriptions are facts several systems report
 * on (a carrier updates the shop's shipment, a payment provider its payment): scope and version guard those.
 */
export const OWNED_RECORD_TYPES: readonly RecordType[] = ['customer'];
/** owned_by_other_source: another source wrote this record (of an OWNED_RECORD_TYPES type) first, and only it may write it again. */
export const RECORD_REFUSALS = ['invalid_record', 'pan_refused', 'type_not_allowed', 'unknown_reference', 'owned_by_other_source'] as const;
export const RecordWrittenSchema = z.object({
  ok: z.literal(true),
  index: z.number().int().nonnegative(),
  type: RecordTypeSchema,
  id: z.string().max(40),
  outcome: z.enum(RECORD_OUTCOMES),
});
export const RecordRefusalSchema = z.object({
  ok: z.literal(false),
  index: z.number().int().nonnegative(),
  code: z.enum(RECORD_REFUSALS),
  field: z.string().max(200),
  message: z.string().max(300),
});
export const RecordResultSchema = z.discriminatedUnion('ok', [RecordWrittenSchema, RecordRefusalSchema]);
export type RecordResult = z.infer<typeof RecordResultSchema>;
export type RecordRefusal = z.infer<typeof RecordRefusalSchema>;
export type RecordWritten = z.infer<typeof RecordWrittenSchema>;
export const RecordBatchResultSchema = z.object({
  results: z.array(RecordResultSchema),
  counts: z.object({ stored: z.number().int(), updated: z.number().int(), unchanged: z.number().int(), stale: z.number().int(), refused: z.number().int() }),
});
export type RecordBatchResult = z.infer<typeof RecordBatchResultSchema>;
