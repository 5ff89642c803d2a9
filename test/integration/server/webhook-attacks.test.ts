// Issue 22 attacks on webhook receivers that webhooks.test does not make, over
// real HTTP on the run's engine: one delivery raced to two gateway instances, the
// timestamp window's exact edges, a mapping that walks prototype keys, a payload
// nested past any record, an oversized body, and a mapping of a record type the
// source is not scoped for.
import { expect } from 'vitest';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, WEBHOOK_WINDOW_MS, webhookSignature } from '../../../server/records/webhook-receiver.ts';
import type { WebhookMapping } from '../../../shared/schemas/webhook-mapping.ts';
import { gatewayTest } from '../../harness/gateway/gateway-test.ts';
import { startSecondInstance, type RunningGateway } from '../../harness/gateway/gateway.ts';
import { createSource, customerRecord, orderRecord } from '../../harness/records/source-records.ts';

const it = gatewayTest;

const SHIPMENT: WebhookMapping = {
  type: 'shipment',
  version: { path: 'v' },
  fields: {
    shipmentId: { path: 'id' },
    orderId: { value: 'ORD-WA-1' },
    carrier: { value: 'DHL' },
    trackingNumber: { path: 'awb' },
    status: { value: 'in_transit' },
    eta: { value: null },
    trackingUrl: { value: null },
    history: { path: 'h' },
  },
};

/** A delivery's raw body and headers, signed at `atMs` (seconds since the epoch, as a source sends it). */
function signed(secret: string, body: string, atMs: number): { rawBody: string; headers: Record<string, string> } {
  const timestamp = String(Math.floor(atMs / 1000));
  return { rawBody: body, headers: { 'content-type': 'application/json', [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: webhookSignature(secret, timestamp, body) } };
}

const send = (gw: RunningGateway, source: string, delivery: { rawBody: string; headers: Record<string, string> }) => gw.call('POST', `/v1/webhooks/${source}`, delivery);

it('takes a delivery raced to two gateway instances once', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const shop = await createSource(gw, admin, 'shop-wa', ['customer', 'order']);
  await gw.route('upsertRecords', { token: shop.token, body: { records: [customerRecord('CUS-WA-1'), orderRecord('ORD-WA-1', 'CUS-WA-1')] } });
  const { webhookSecret } = await createSource(gw, admin, 'carrier-wa', ['shipment'], [SHIPMENT]);
  await using second = await startSecondInstance(gw);
  const delivery = signed(webhookSecret, JSON.stringify({ id: 'SHP-WA-1', awb: 'JD1', v: 1, h: [] }), gw.clock.now());
  const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => send(i % 2 === 0 ? gw : second, 'carrier-wa', delivery)));
  expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
});

it('holds the timestamp window to its edges, and a replay stays refused until its timestamp is out of it', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const { webhookSecret } = await createSource(gw, admin, 'carrier-edge', ['shipment'], [SHIPMENT]);
  const now = Math.floor(gw.clock.now() / 1000) * 1000;
  gw.clock.set(now);
  const body = (v: number) => JSON.stringify({ id: 'SHP-WA-1', awb: 'JD1', v, h: [] });
  // Exactly at either edge is taken; a second past it is not. (ORD-WA-1 exists from the first test: the record is stored.)
  expect((await send(gw, 'carrier-edge', signed(webhookSecret, body(10), now - WEBHOOK_WINDOW_MS))).status).toBe(200);
  expect((await send(gw, 'carrier-edge', signed(webhookSecret, body(11), now - WEBHOOK_WINDOW_MS - 1000))).status).toBe(401);
  const future = signed(webhookSecret, body(12), now + WEBHOOK_WINDOW_MS);
  expect((await send(gw, 'carrier-edge', future)).status).toBe(200);
  expect((await send(gw, 'carrier-edge', signed(webhookSecret, body(13), now + WEBHOOK_WINDOW_MS + 1000))).status).toBe(401);
  // The future-dated delivery is valid until its timestamp leaves the window; a replay up to that moment is still refused.
  gw.clock.set(now + 2 * WEBHOOK_WINDOW_MS);
  expect((await send(gw, 'carrier-edge', future)).status).toBe(409);
  gw.clock.set(now + 2 * WEBHOOK_WINDOW_MS + 1);
  expect((await send(gw, 'carrier-edge', future)).status).toBe(401);
});

it('maps nothing from prototype keys, refuses a payload nested past any record as too deep (not as a card number), and an oversized body', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const walker: WebhookMapping = { ...SHIPMENT, fields: { ...SHIPMENT.fields, trackingNumber: { path: '__proto__.toString' }, carrier: { path: 'constructor.name' } } };
  const { webhookSecret } = await createSource(gw, admin, 'carrier-proto', ['shipment'], [walker]);
  const walked = await send(gw, 'carrier-proto', signed(webhookSecret, JSON.stringify({ id: 'SHP-WA-2', v: 1, h: [] }), gw.clock.now()));
  // The paths find nothing of the payload's prototype: the record lacks both fields and is refused by its schema.
  expect(walked.status).toBe(400);
  expect(walked.json).toMatchObject({ refusal: 'invalid_record' });
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();

  const { webhookSecret: deepSecret } = await createSource(gw, admin, 'carrier-deep', ['shipment'], [SHIPMENT]);
  const deep = `{"id":"SHP-WA-3","v":1,"awb":"JD3","h":[],"x":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}`;
  const tooDeep = await send(gw, 'carrier-deep', signed(deepSecret, deep, gw.clock.now()));
  expect(tooDeep.status).toBe(400);
  expect(tooDeep.json).toMatchObject({ error: { code: 'invalid_request' }, refusal: 'invalid_record' });
  const huge = await send(gw, 'carrier-deep', signed(deepSecret, JSON.stringify({ id: 'SHP-WA-4', v: 1, awb: 'x'.repeat(gw.gateway.config.limits.bodyBytes) }), gw.clock.now()));
  expect(huge.status).toBe(413);
  expect(await gw.gateway.store.customers.detail('CUS-WA-1')).toMatchObject({ orders: [{ shipments: [{ shipmentId: 'SHP-WA-1' }] }] });
});

it('refuses a mapping\'s record of a type the source is not scoped for', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const escape: WebhookMapping = { type: 'customer', version: { path: 'v' }, fields: { customerId: { path: 'id' }, displayName: { path: 'name' } } };
  const { webhookSecret } = await createSource(gw, admin, 'carrier-escape', ['shipment'], [escape]);
  const answer = await send(gw, 'carrier-escape', signed(webhookSecret, JSON.stringify({ id: 'CUS-WA-1', name: 'Mallory', v: 99 }), gw.clock.now()));
  expect(answer.status).toBe(403);
  expect(answer.json).toMatchObject({ refusal: 'type_not_allowed' });
  expect((await gw.gateway.store.customers.detail('CUS-WA-1'))?.customer.displayName).toBe('Mira Kovač');
});
