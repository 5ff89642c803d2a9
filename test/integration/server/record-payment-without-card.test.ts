// Issue 22: a shop reports its payments with no card (the card is its payment
// provider's, and the shop holds no number). Such a payment is stored with no
// card, shows under "was I charged" with its refunds and `card: null`, and adds
// no card to the customer; a payment with a card beside it keeps its card. On
// the run's engine, after migration 009.
import { expect } from 'vitest';
import { gatewayTest } from '../../harness/gateway/gateway-test.ts';
import { createSource, customerRecord, orderRecord, paymentRecord, testPan } from '../../harness/records/source-records.ts';

const it = gatewayTest;

it('stores a payment without a card and shows it with its refunds and no card', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const { token } = await createSource(gw, admin, 'shop-nocard', ['customer', 'order', 'payment']);
  const { card: _card, ...cardless } = paymentRecord('TXN-NC-1', 'ORD-NC-1').data;
  const refunds = [{ refundId: 'RFD-NC-1', at: '2026-11-04T09:00:00.000Z', amountMinor: 990, reference: 'psp-refund-1' }];
  const records = [
    customerRecord('CUS-NC-1'),
    orderRecord('ORD-NC-1', 'CUS-NC-1'),
    { type: 'payment', version: 1, data: { ...cardless, status: 'partially_refunded', refunds } },
    paymentRecord('TXN-NC-2', 'ORD-NC-1', 1, { card: { number: testPan('4', 16), expiry: '12/29' } }),
  ];
  const batch = await gw.route('upsertRecords', { token, body: { records } });
  expect(batch.body.counts).toEqual({ stored: 4, updated: 0, unchanged: 0, stale: 0, refused: 0 });

  const agent = (await gw.login('agent.ana')).token;
  const detail = await gw.route('customer', { token: agent, params: { customerId: 'CUS-NC-1' } });
  const payments = detail.body.orders[0]?.payments ?? [];
  expect(payments.find((p) => p.transactionId === 'TXN-NC-1')).toMatchObject({ card: null, status: 'partially_refunded', refunds: [{ refundId: 'RFD-NC-1', amountMinor: 990 }] });
  expect(payments.find((p) => p.transactionId === 'TXN-NC-2')?.card?.last4).toBe(testPan('4', 16).slice(-4));
  expect(detail.body.customer.cards).toHaveLength(1);
});

it('still refuses a payment whose card field holds no valid card number', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const { token } = await createSource(gw, admin, 'shop-badcard', ['customer', 'order', 'payment']);
  await gw.route('upsertRecords', { token, body: { records: [customerRecord('CUS-NC-2'), orderRecord('ORD-NC-2', 'CUS-NC-2')] } });
  const answer = await gw.route('upsertRecord', { token, body: { record: paymentRecord('TXN-NC-3', 'ORD-NC-2', 1, { card: { number: '', expiry: '12/29' } }) } });
  expect(answer.status).toBe(400);
  expect(answer.text).toContain('data.card.number');
});
