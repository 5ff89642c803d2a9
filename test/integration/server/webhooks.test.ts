// Issue 22: a carrier pushes shipment updates as its own payload, HMAC-signed
// with the source's webhook secret, over real HTTP on the run's engine. The
// declared mapping (data, no code per field) turns it into a shipment record
// with its tracking events. Replayed, stale, wrongly signed and unknown-source
// deliveries are refused; an older update never overwrites a newer one; a card
// number anywhere in the payload refuses it.
import { expect } from 'vitest';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, webhookSignature } from '../../../server/records/webhook-receiver.ts';
import type { WebhookMapping } from '../../../shared/schemas/webhook-mapping.ts';
import { gatewayTest } from '../../harness/gateway/gateway-test.ts';
import type { RunningGateway } from '../../harness/gateway/gateway.ts';
import { createSource, customerRecord, orderRecord, testPan } from '../../harness/records/source-records.ts';

const it = gatewayTest;

const STATES = { transit: 'in_transit', out: 'out_for_delivery', delivered: 'delivered' };
const DHL_MAPPING: WebhookMapping = {
  when: { path: 'event', equals: 'shipment.status' },
  type: 'shipment',
  version: { path: 'data.updated', as: 'epochMs' },
  fields: {
    shipmentId: { path: 'data.id' },
    orderId: { path: 'data.order' },
    carrier: { value: 'DHL' },
    trackingNumber: { path: 'data.awb' },
    status: { path: 'data.state', map: STATES },
    eta: { path: 'data.eta' },
    trackingUrl: { value: null },
    history: { path: 'data.events', each: { at: { path: 'ts' }, status: { path: 'state', map: STATES }, location: { path: 'where' } } },
  },
};

const payload = (updated: string, state: keyof typeof STATES, extra: Record<string, unknown> = {}) => ({
  event: 'shipment.status',
  data: {
    id: 'SHP-WH-1',
    order: 'ORD-WH-1',
    awb: 'JD0146000',
    state,
    eta: '2026-11-05',
    updated,
    events: [{ ts: updated, state, where: state === 'delivered' ? 'Front door' : 'Leipzig hub' }],
    ...extra,
  },
});

/** Sends a delivery signed with `secret` at `atMs` (the gateway's clock unless given). */
function deliver(gw: RunningGateway, secret: string, body: Record<string, unknown>, options: { atMs?: number; source?: string; signature?: string } = {}) {
  const timestamp = String(Math.floor((options.atMs ?? gw.clock.now()) / 1000));
  const signature = options.signature ?? webhookSignature(secret, timestamp, JSON.stringify(body));
  return gw.route('receiveWebhook', { params: { source: options.source ?? 'carrier-dhl' }, body, headers: { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: signature } });
}

it('maps a signed carrier update onto the shipment, refuses replays, stale, forged and unknown deliveries, and keeps the newest', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const shop = await createSource(gw, admin, 'shop', ['customer', 'order']);
  await gw.route('upsertRecords', { token: shop.token, body: { records: [customerRecord('CUS-WH-1'), orderRecord('ORD-WH-1', 'CUS-WH-1')] } });
  const { webhookSecret } = await createSource(gw, admin, 'carrier-dhl', ['shipment'], [DHL_MAPPING]);

  const first = payload('2026-11-03T08:00:00.000Z', 'transit');
  const stored = await deliver(gw, webhookSecret, first);
  expect(stored.body).toMatchObject({ ok: true, type: 'shipment', id: 'SHP-WH-1', outcome: 'stored' });
  const shipmentOf = async () => (await gw.gateway.store.customers.detail('CUS-WH-1'))?.orders[0]?.shipments[0];
  expect(await shipmentOf()).toMatchObject({ carrier: 'DHL', status: 'in_transit', trackingNumber: 'JD0146000', history: [{ location: 'Leipzig hub', status: 'in_transit' }] });

  // The same delivery again, byte for byte and still within the window.
  const timestamp = String(Math.floor(gw.clock.now() / 1000));
  const signature = webhookSignature(webhookSecret, timestamp, JSON.stringify(payload('2026-11-03T09:00:00.000Z', 'out')));
  const headers = { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: signature };
  const once = await gw.route('receiveWebhook', { params: { source: 'carrier-dhl' }, body: payload('2026-11-03T09:00:00.000Z', 'out'), headers });
  expect(once.body.outcome).toBe('updated');
  const replay = await gw.route('receiveWebhook', { params: { source: 'carrier-dhl' }, body: payload('2026-11-03T09:00:00.000Z', 'out'), headers });
  expect(replay.status).toBe(409);

  const newer = payload('2026-11-04T12:00:00.000Z', 'delivered');
  expect((await deliver(gw, webhookSecret, newer, { atMs: gw.clock.now() - 10 * 60_000 })).status).toBe(401);
  expect((await deliver(gw, webhookSecret, newer, { atMs: gw.clock.now() + 10 * 60_000 })).status).toBe(401);
  expect((await deliver(gw, `whsec_${'x'.repeat(43)}`, newer)).status).toBe(401);
  expect((await deliver(gw, webhookSecret, newer, { signature: 'v1=' })).status).toBe(401);
  expect((await deliver(gw, webhookSecret, newer, { source: 'carrier-ups' })).status).toBe(401);
  // Signed for one body, sent with another.
  const tampered = await gw.route('receiveWebhook', {
    params: { source: 'carrier-dhl' },
    body: newer,
    headers: { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: webhookSignature(webhookSecret, timestamp, JSON.stringify(first)) },
  });
  expect(tampered.status).toBe(401);
  expect((await shipmentOf())?.status).toBe('out_for_delivery');

  expect((await deliver(gw, webhookSecret, newer)).body.outcome).toBe('updated');
  gw.clock.advance(1_000);
  expect((await deliver(gw, webhookSecret, payload('2026-11-03T10:00:00.000Z', 'transit'))).body.outcome).toBe('stale');
  expect(await shipmentOf()).toMatchObject({ status: 'delivered', history: [{ location: 'Front door' }] });

  const withCard = await deliver(gw, webhookSecret, payload('2026-11-05T10:00:00.000Z', 'transit', { note: `paid with ${testPan()}` }));
  expect(withCard.status).toBe(422);
  expect(withCard.json).toMatchObject({ refusal: 'pan_refused', field: 'data.note' });
  expect((await shipmentOf())?.status).toBe('delivered');
  const unmapped = await deliver(gw, webhookSecret, { event: 'invoice.created', data: {} });
  expect(unmapped.status).toBe(400);
});
