// The customer open on an agent's desk stays current: main follows it by the
// gateway's revision route and, only when a source has changed it, reads it
// again through the router (audited on the desk and at the gateway, charged to
// the agent's cap) and pushes customer.updated. Polls that find nothing new cost
// no read and write no audit event; a refresh the cap refuses is pushed as
// unavailable and ends the following. Real gateway and desk services on
// 127.0.0.1; the follower is polled here instead of on its timer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../../shared/errors.ts';
import { CustomerRefreshSchema, type CustomerDetail } from '../../../shared/schemas/customer.ts';
import { currentTotp } from '../../../server/identity/totp.ts';
import { startDesk, type TestDesk } from '../../harness/desk/desk.ts';
import { startGateway, type RunningGateway } from '../../harness/gateway/gateway.ts';
import { createSource, recordSet, shipmentRecord } from '../../harness/records/source-records.ts';

const READ_CAP = 4;
let gw: RunningGateway;
let source: string;
beforeAll(async () => {
  gw = await startGateway({ customers: 3, config: { customerAccess: { recordReads: { max: READ_CAP, windowMinutes: 10 } } } });
  const admin = (await gw.login('admin.ivan')).token;
  source = (await createSource(gw, admin, 'carrier', ['customer', 'order', 'payment', 'shipment', 'subscription'])).token;
  for (const suffix of ['FOL1', 'FOL2']) {
    expect((await gw.route('upsertRecords', { token: source, body: { records: recordSet(suffix) } })).body.counts.stored).toBe(5);
  }
});
afterAll(async () => {
  await gw.close();
});

const refreshes = (desk: TestDesk) => desk.pushed.filter((p) => p.event === 'customer.updated').map((p) => CustomerRefreshSchema.parse(p.payload));
const deskViews = (desk: TestDesk): number => desk.queue.pending(10_000).filter((e) => e.event.type === 'customer.view').length;
const gatewayViews = async (customerId: string): Promise<number> =>
  (await gw.gateway.store.audit.search({ type: 'customer.view', limit: 500 })).events.filter((e) => e.event.target.id === customerId && e.event.outcome === 'success').length;
const moveShipment = async (suffix: string, version: number, status: string): Promise<void> => {
  const written = await gw.route('upsertRecord', { token: source, body: { record: shipmentRecord(`SHP-${suffix}`, `ORD-${suffix}`, version, { status }) } });
  expect(written.body.outcome).toBe('updated');
};

async function openOn(desk: TestDesk, customerId: string): Promise<CustomerDetail> {
  const read = (await desk.router.handle('customers.get', { customerId })) as Result<CustomerDetail>;
  if (!read.ok) throw new Error(`${read.error.code}: ${read.error.message}`);
  expect(await desk.router.handle('customers.follow', { customerId, revision: read.value.revision })).toEqual({ ok: true, value: {} });
  return read.value;
}

describe('the open customer on the desk', () => {
  it('reads it again only when a source changed it, and pushes the fresh view', async () => {
    await using desk = await startDesk(gw.url, { enrolmentToken: gw.enrolment.secret });
    expect(await desk.router.handle('session.login', { username: 'agent.ana', password: 'desk-demo-ana-2026' })).toMatchObject({ ok: true });
    const shown = await openOn(desk, 'CUS-FOL1');
    expect(shown.orders[0]?.shipments[0]?.status).toBe('in_transit');
    const [onDesk, atGateway] = [deskViews(desk), await gatewayViews('CUS-FOL1')];

    for (let i = 0; i < 5; i++) await desk.openCustomer.poll();
    expect(refreshes(desk)).toEqual([]);
    expect([deskViews(desk), await gatewayViews('CUS-FOL1')]).toEqual([onDesk, atGateway]);

    await moveShipment('FOL1', 2, 'out_for_delivery');
    await desk.openCustomer.poll();
    const [refresh] = refreshes(desk);
    expect(refresh?.status === 'updated' && refresh.detail.orders[0]?.shipments[0]?.status).toBe('out_for_delivery');
    expect([deskViews(desk), await gatewayViews('CUS-FOL1')]).toEqual([onDesk + 1, atGateway + 1]);

    // Current again: no further read until the next change.
    await desk.openCustomer.poll();
    expect(refreshes(desk)).toHaveLength(1);

    // Closed: a change is no longer read.
    expect(await desk.router.handle('customers.unfollow', { customerId: 'CUS-FOL1' })).toEqual({ ok: true, value: {} });
    await moveShipment('FOL1', 3, 'delivered');
    await desk.openCustomer.poll();
    expect(refreshes(desk)).toHaveLength(1);
    expect(deskViews(desk)).toBe(onDesk + 1);
  });

  it('follows nothing a desk was not shown: the gateway refuses the revision and main stops asking', async () => {
    await using desk = await startDesk(gw.url, { enrolmentToken: gw.enrolment.secret });
    expect(await desk.router.handle('session.login', { username: 'agent.ana', password: 'desk-demo-ana-2026' })).toMatchObject({ ok: true });
    // A renderer that names a customer it never read, with a made-up revision.
    expect(await desk.router.handle('customers.follow', { customerId: 'CUS-000002', revision: 'AAAAAAAAAAAAAAAAAAAAAA' })).toMatchObject({ ok: true });
    await desk.openCustomer.poll();
    // Told only that it is not found (so a screen showing it drops it, as for an erased customer), without a read.
    const notFound = () => refreshes(desk).map((r) => (r.status === 'unavailable' ? r.error.code : r.status));
    expect(notFound()).toEqual(['not_found']);
    expect(deskViews(desk)).toBe(0);
    // Stopped: once Ana has read that customer, the made-up revision would differ, yet nothing is read again.
    expect(await desk.router.handle('customers.get', { customerId: 'CUS-000002' })).toMatchObject({ ok: true });
    await desk.openCustomer.poll();
    expect(notFound()).toEqual(['not_found']);
    expect(deskViews(desk)).toBe(1);
  });

  it('pushes a refresh the cap refuses as unavailable, and then stops following', async () => {
    await using desk = await startDesk(gw.url, { enrolmentToken: gw.enrolment.secret });
    const ben = await gw.totpSecret('agent.ben');
    expect(await desk.router.handle('session.login', { username: 'agent.ben', password: 'desk-demo-ben-2026', otp: await currentTotp(ben, gw.clock.now()) })).toMatchObject({ ok: true });
    await openOn(desk, 'CUS-FOL2');
    // Ben spends the rest of his cap on reads of his own.
    for (let i = 1; i < READ_CAP; i++) expect(await desk.router.handle('customers.get', { customerId: 'CUS-FOL2' })).toMatchObject({ ok: true });

    await moveShipment('FOL2', 2, 'exception');
    await desk.openCustomer.poll();
    expect(refreshes(desk)).toMatchObject([{ status: 'unavailable', customerId: 'CUS-FOL2', error: { code: 'rate_limited' } }]);

    await moveShipment('FOL2', 3, 'delivered');
    await desk.openCustomer.poll();
    expect(refreshes(desk)).toHaveLength(1);
  });
});
