// The revision of an open customer (GET /v1/customers/:id/revision), which a desk
// polls while the customer is open: it changes when a source writes a newer
// version of any of the customer's records or a note is added, stays put for a
// stale write, costs no record read and writes no audit event, and answers only
// for a customer this user was shown: any other customer, existing or not, gets
// the same refusal, so it is no way round the capped, audited lookup.
import { expect } from 'vitest';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';
import type { RunningGateway } from '../../harness/gateway/gateway.ts';
import { createSource, orderRecord, recordSet, shipmentRecord } from '../../harness/records/source-records.ts';

// A cap of 5 reads: 30 revision polls would pass it many times over if they counted.
const it = gatewayTestWith({ config: { customerAccess: { recordReads: { max: 5, windowMinutes: 10 } } } });

async function sourceCustomer(gw: RunningGateway, suffix: string): Promise<{ token: string; customerId: string }> {
  const admin = (await gw.login('admin.ivan')).token;
  const { token } = await createSource(gw, admin, `shop-${suffix.toLowerCase()}`, ['customer', 'order', 'payment', 'shipment', 'subscription']);
  const written = await gw.route('upsertRecords', { token, body: { records: recordSet(suffix) } });
  expect(written.body.counts).toMatchObject({ stored: 5, refused: 0 });
  return { token, customerId: `CUS-${suffix}` };
}

const viewsOf = async (gw: RunningGateway, customerId: string): Promise<number> =>
  (await gw.gateway.store.audit.search({ type: 'customer.view', limit: 500 })).events.filter((e) => e.event.target.id === customerId).length;

it('changes with a newer record of the customer and a note, not with a stale write, and costs no read or audit', async ({ gw }) => {
  const { token: source, customerId } = await sourceCustomer(gw, 'REV1');
  const ana = (await gw.login('agent.ana')).token;
  const shown = await gw.route('customer', { token: ana, params: { customerId } });
  expect(shown.status).toBe(200);
  const first = shown.body.revision;
  const views = await viewsOf(gw, customerId);

  for (let i = 0; i < 30; i++) {
    const polled = await gw.route('customerRevision', { token: ana, params: { customerId } });
    expect(polled.body).toEqual({ customerId, revision: first });
  }
  expect(await viewsOf(gw, customerId)).toBe(views);

  const moved = await gw.route('upsertRecord', { token: source, body: { record: shipmentRecord('SHP-REV1', 'ORD-REV1', 2, { status: 'out_for_delivery' }) } });
  expect(moved.body.outcome).toBe('updated');
  const second = (await gw.route('customerRevision', { token: ana, params: { customerId } })).body.revision;
  expect(second).not.toBe(first);

  const stale = await gw.route('upsertRecord', { token: source, body: { record: orderRecord('ORD-REV1', customerId, 0, { status: 'cancelled' }) } });
  expect(stale.body.outcome).toBe('stale');
  expect((await gw.route('customerRevision', { token: ana, params: { customerId } })).body.revision).toBe(second);

  expect((await gw.route('addNote', { token: ana, params: { customerId }, body: { text: 'Parcel is out for delivery today' } })).status).toBe(200);
  const third = (await gw.route('customerRevision', { token: ana, params: { customerId } })).body.revision;
  expect(third).not.toBe(second);

  // A read now carries the revision it was taken at, which the next poll repeats.
  const again = await gw.route('customer', { token: ana, params: { customerId } });
  expect(again.body.revision).toBe(third);
  expect(again.body.orders[0]?.shipments[0]?.status).toBe('out_for_delivery');
});

it('refuses alike a customer this user was never shown, one that does not exist, and another user’s open customer', async ({ gw }) => {
  const { customerId } = await sourceCustomer(gw, 'REV2');
  const ana = (await gw.login('agent.ana')).token;
  const admin = (await gw.login('admin.ivan')).token;
  const notShown = await gw.route('customerRevision', { token: ana, params: { customerId } });
  const missing = await gw.route('customerRevision', { token: ana, params: { customerId: 'CUS-NOSUCH9' } });
  expect(notShown.status).toBe(404);
  expect(missing.status).toBe(404);
  expect(missing.error).toEqual(notShown.error);

  // Shown to Ana: still refused to an admin, who may not read customers at all.
  expect((await gw.route('customer', { token: ana, params: { customerId } })).status).toBe(200);
  expect((await gw.route('customerRevision', { token: ana, params: { customerId } })).status).toBe(200);
  expect((await gw.route('customerRevision', { token: admin, params: { customerId } })).status).toBe(403);
});

it('stops answering once the view is older than a shift', async ({ gw }) => {
  const { customerId } = await sourceCustomer(gw, 'REV3');
  const ana = (await gw.login('agent.ana')).token;
  expect((await gw.route('customer', { token: ana, params: { customerId } })).status).toBe(200);
  gw.clock.advance(8 * 3_600_000 + 1_000);
  const fresh = (await gw.login('agent.ana')).token;
  expect((await gw.route('customerRevision', { token: fresh, params: { customerId } })).status).toBe(404);
});
