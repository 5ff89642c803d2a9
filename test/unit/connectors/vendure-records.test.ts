// The Vendure connector's mapping: what Vendure's Admin API answers becomes
// records the gateway's schema accepts, for any text a shop may hold (record IDs
// made valid, text clipped to the gateway's limits), and a refund moves its
// payment's version and status.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderRecords, customerRecord } from '../../../connectors/vendure/vendure-records.ts';
import type { VendureCustomer, VendureOrder } from '../../../connectors/vendure/vendure-admin-api.ts';
import { containsPan } from '../../../shared/pan.ts';
import { SourceRecordSchema } from '../../../shared/schemas/records.ts';
import { assertProperty } from '../../harness/arbitraries/property.ts';

const at = (iso: string) => iso;
const order = (overrides: Partial<VendureOrder> = {}): VendureOrder => ({
  id: '7',
  code: 'HAK1DH8LPMJGQKT5',
  state: 'PaymentSettled',
  createdAt: at('2026-11-02T10:00:00.000Z'),
  updatedAt: at('2026-11-02T10:01:00.000Z'),
  orderPlacedAt: at('2026-11-02T10:01:00.000Z'),
  currencyCode: 'EUR',
  totalWithTax: 5490,
  customer: { id: '3' },
  lines: [{ productVariant: { sku: 'KETTLE-1', name: 'Kettle' }, quantity: 1, unitPriceWithTax: 4990 }],
  payments: [{ id: '9', createdAt: at('2026-11-02T10:01:00.000Z'), updatedAt: at('2026-11-02T10:01:00.000Z'), method: 'stripe', amount: 5490, state: 'Settled', transactionId: 'pi_3Nx', refunds: [] }],
  fulfillments: [],
  ...overrides,
});

describe('Vendure records', () => {
  it('maps an order with its payment and refund: the refund moves the payment version and status, and no card is sent', () => {
    const refund = { id: '4', createdAt: at('2026-11-05T09:00:00.000Z'), updatedAt: at('2026-11-05T09:00:01.000Z'), total: 1000, state: 'Settled', transactionId: 're_1' };
    const [, before] = orderRecords(order());
    const base = order();
    const [, after] = orderRecords(order({ payments: (base.payments ?? []).map((p) => ({ ...p, refunds: [refund, { ...refund, id: '5', state: 'Failed' }] })) }));
    expect(before).toMatchObject({ type: 'payment', data: { transactionId: 'TXN-pi_3Nx', orderId: 'ORD-HAK1DH8LPMJGQKT5', status: 'captured', refunds: [] } });
    // The refund's second, then the count of settled refunds (one: the failed one does not count).
    expect(after).toMatchObject({ type: 'payment', version: Date.parse(refund.updatedAt) + 1, data: { status: 'partially_refunded', refunds: [{ refundId: 'RFD-VND-4', amountMinor: 1000, reference: 're_1' }] } });
    expect(after?.data).not.toHaveProperty('card');
  });

  it('moves a payment\'s version for a refund made in the same whole second as the payment\'s last change', () => {
    const sameSecond = at('2026-11-02T10:01:00.000Z');
    const refund = { id: '6', createdAt: sameSecond, updatedAt: sameSecond, total: 500, state: 'Settled', transactionId: 're_2' };
    const base = order();
    const [, before] = orderRecords(base);
    const [, after] = orderRecords(order({ payments: (base.payments ?? []).map((p) => ({ ...p, refunds: [refund] })) }));
    expect(after?.version).toBeGreaterThan(before?.version ?? Infinity);
  });

  it('sends no records for an order without a customer', () => {
    expect(orderRecords(order({ customer: null }))).toEqual([]);
  });

  it('makes records the gateway accepts from any text a shop holds', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 300 }).filter((s) => !containsPan(s));
    const iso = fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString());
    const customer: fc.Arbitrary<VendureCustomer> = fc.record({
      id: text,
      updatedAt: iso,
      createdAt: iso,
      firstName: text,
      lastName: text,
      emailAddress: text,
      phoneNumber: fc.option(text),
      addresses: fc.option(fc.array(fc.record({ city: fc.option(text), postalCode: fc.option(text), country: fc.record({ code: text }) }), { maxLength: 2 })),
    });
    const vendureOrder: fc.Arbitrary<VendureOrder> = fc.record({
      id: text,
      code: text,
      state: fc.constantFrom('PaymentSettled', 'Shipped', 'Delivered', 'Cancelled', 'SomethingNew'),
      createdAt: iso,
      updatedAt: iso,
      orderPlacedAt: fc.option(iso),
      currencyCode: fc.constantFrom('EUR', 'USD', 'GBP'),
      totalWithTax: fc.integer({ min: 0, max: 10_000_000 }),
      customer: fc.record({ id: text }),
      lines: fc.array(fc.record({ productVariant: fc.record({ sku: text, name: text }), quantity: fc.integer({ min: 1, max: 99 }), unitPriceWithTax: fc.integer({ min: 0, max: 1_000_000 }) }), { maxLength: 3 }),
      payments: fc.option(fc.array(fc.record({
        id: text, createdAt: iso, updatedAt: iso, method: text, amount: fc.integer({ min: 0, max: 10_000_000 }), state: text, transactionId: fc.option(text),
        refunds: fc.array(fc.record({ id: text, createdAt: iso, updatedAt: iso, total: fc.integer({ min: 0, max: 10_000_000 }), state: fc.constantFrom('Settled', 'Failed'), transactionId: fc.option(text) }), { maxLength: 3 }),
      }), { maxLength: 2 })),
      fulfillments: fc.option(fc.array(fc.record({ id: text, createdAt: iso, updatedAt: iso, state: text, method: text, trackingCode: fc.option(text) }), { maxLength: 2 })),
    });
    assertProperty(
      fc.property(customer, vendureOrder, (c, o) => {
        for (const record of [customerRecord(c), ...orderRecords(o)]) {
          const parsed = SourceRecordSchema.safeParse(record);
          if (!parsed.success) throw new Error(`${record.type}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
        }
      }),
    );
  });
});
