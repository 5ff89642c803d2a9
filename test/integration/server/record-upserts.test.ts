// Issue 22: a source upserts customers, orders, payments with refunds, shipments
// with tracking events and subscriptions, one at a time and in batches, over real
// HTTP on the run's engine. An agent then finds the customer by each of the three
// identifiers; versions keep the newest (also under 1,000 parallel writers of one
// record); a batch refuses its bad records by field and stores the rest; an
// idempotency key answers a retry with the first answer.
import { expect } from 'vitest';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';
import { createSource, customerRecord, orderRecord, paymentRecord, recordSet, shipmentRecord, testPan } from '../../harness/records/source-records.ts';

const it = gatewayTestWith({ config: { limits: { connectionsPerIp: 2_000 } } });
const ALL_TYPES = ['customer', 'order', 'payment', 'shipment', 'subscription'] as const;

it('stores a whole record set that an agent finds by customer ID, order number and card', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const { token } = await createSource(gw, admin, 'shop', ALL_TYPES);
  const pan = testPan('5', 16);
  const [customer, order, payment, shipment, subscription] = recordSet('UP-1');
  const refunded = { ...payment, data: { ...payment?.data, card: { number: pan, expiry: '11/28' }, refunds: [{ refundId: 'RF-1', at: '2026-11-04T09:00:00.000Z', amountMinor: 990, reference: 'ARN 7421' }] } };
  const batch = await gw.route('upsertRecords', { token, body: { records: [customer, order, refunded, shipment, subscription].filter((r) => r !== undefined) } });
  expect(batch.body.counts).toEqual({ stored: 5, updated: 0, unchanged: 0, stale: 0, refused: 0 });

  const agent = (await gw.login('agent.ana')).token;
  for (const query of [
    { by: 'customerId', value: 'CUS-UP-1' },
    { by: 'order', value: 'ORD-UP-1' },
    { by: 'order', value: 'TX-UP-1' },
    { by: 'card', value: pan },
  ] as const) {
    const found = await gw.route('lookup', { token: agent, body: query });
    expect(found.body.results.map((r) => r.customerId), query.by).toEqual(['CUS-UP-1']);
  }
  const detail = await gw.route('customer', { token: agent, params: { customerId: 'CUS-UP-1' } });
  const [shown] = detail.body.orders;
  expect(shown?.payments[0]).toMatchObject({ transactionId: 'TX-UP-1', card: { last4: pan.slice(-4), brand: 'mastercard' }, refunds: [{ refundId: 'RF-1', amountMinor: 990 }] });
  expect(shown?.shipments[0]).toMatchObject({ shipmentId: 'SHP-UP-1', status: 'in_transit', history: [{ location: 'Leipzig hub' }] });
  expect(detail.body.subscriptions[0]).toMatchObject({ subscriptionId: 'SUB-UP-1', product: 'Coffee club' });
  expect(detail.text).not.toContain(pan);
});

it('keeps the newest version: a newer one updates, the same one is unchanged, an older one is stale', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const { token } = await createSource(gw, admin, 'crm', ['customer']);
  const send = (version: number, city: string) => gw.route('upsertRecord', { token, body: { record: customerRecord('CUS-UP-2', version, { city }) } });
  expect((await send(10, 'Lisbon')).body.outcome).toBe('stored');
  expect((await send(12, 'Porto')).body.outcome).toBe('updated');
  expect((await send(12, 'Porto')).body.outcome).toBe('unchanged');
  expect((await send(11, 'Faro')).body.outcome).toBe('stale');
  expect((await gw.gateway.store.customers.detail('CUS-UP-2'))?.customer.city).toBe('Porto');
});

it('refuses the bad records of a batch by field and stores the good ones', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const { token } = await createSource(gw, admin, 'oms', ALL_TYPES);
  const records = [
    customerRecord('CUS-UP-3'),
    customerRecord('CUS-UP-4', 1, { country: 'Portugal' }),
    orderRecord('ORD-UP-3', 'CUS-NOBODY'),
    orderRecord('ORD-UP-4', 'CUS-UP-3', 1, { totalMinor: 'lots' }),
    paymentRecord('TX-UP-3', 'ORD-UP-5', 1, { card: { number: '4000 0000 0000 0001', expiry: '12/29' } }),
    { type: 'refund', version: 1, data: {} },
    { ...shipmentRecord('SHP-UP-3', 'ORD-UP-5'), version: -1 },
    orderRecord('ORD-UP-5', 'CUS-UP-3'),
    shipmentRecord('SHP-UP-4', 'ORD-UP-5'),
  ];
  const { body } = await gw.route('upsertRecords', { token, body: { records } });
  const refusals = body.results.flatMap((r) => (r.ok ? [] : [[r.index, r.code, r.field]]));
  expect(refusals).toEqual([
    [1, 'invalid_record', 'data.country'],
    [2, 'unknown_reference', 'data.customerId'],
    [3, 'invalid_record', 'data.totalMinor'],
    [4, 'invalid_record', 'data.card.number'],
    [5, 'type_not_allowed', 'type'],
    [6, 'invalid_record', 'version'],
  ]);
  expect(body.counts).toMatchObject({ stored: 3, refused: 6 });
  expect((await gw.gateway.store.customers.detail('CUS-UP-3'))?.orders.map((o) => [o.orderId, o.shipments.map((s) => s.shipmentId)])).toEqual([['ORD-UP-5', ['SHP-UP-4']]]);
  expect(await gw.gateway.store.customers.detail('CUS-UP-4')).toBeNull();
  const single = await gw.route('upsertRecord', { token, body: { record: orderRecord('ORD-UP-6', 'CUS-NOBODY') } });
  expect(single.status).toBe(409);
  expect(single.json).toMatchObject({ refusal: 'unknown_reference', field: 'data.customerId' });
});

it('answers a retry with the same idempotency key as the first time, and refuses the key for another request', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const { token } = await createSource(gw, admin, 'erp', ['customer']);
  const body = { records: [customerRecord('CUS-UP-7')], idempotencyKey: 'batch-2026-11-02-0001' };
  const first = await gw.route('upsertRecords', { token, body });
  const retry = await gw.route('upsertRecords', { token, body });
  expect(first.body.results[0]).toMatchObject({ outcome: 'stored' });
  expect(retry.body).toEqual(first.body);
  const other = await gw.route('upsertRecords', { token, body: { ...body, records: [customerRecord('CUS-UP-8')] } });
  expect(other.status).toBe(409);
  expect(await gw.gateway.store.customers.detail('CUS-UP-8')).toBeNull();
});

it('keeps the newest of 1,000 parallel upserts of one record', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const { token } = await createSource(gw, admin, 'race', ['customer']);
  // Versions in a scrambled order (a fixed permutation), all sent at once.
  const versions = Array.from({ length: 1_000 }, (_, i) => ((i * 7919) % 1_000) + 1);
  const answers = await Promise.all(
    versions.map((version) => gw.route('upsertRecord', { token, body: { record: customerRecord('CUS-RACE', version, { displayName: `Version ${version}` }) } })),
  );
  expect(answers.map((a) => a.status).filter((s) => s !== 200)).toEqual([]);
  const outcomes = answers.map((a) => a.body.outcome);
  expect(outcomes.filter((o) => o === 'stored')).toHaveLength(1);
  expect(outcomes.filter((o) => o === 'unchanged')).toHaveLength(0);
  const stored = await gw.gateway.store.customers.detail('CUS-RACE');
  expect(stored?.customer.displayName).toBe('Version 1000');
  const again = await gw.route('upsertRecord', { token, body: { record: customerRecord('CUS-RACE', 999, { displayName: 'Late' }) } });
  expect(again.body.outcome).toBe('stale');
});
