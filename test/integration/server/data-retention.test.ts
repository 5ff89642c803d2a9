// Retention schedules per data class (issue 27): notes past notesMonths and
// closed orders (with payments and shipments) past closedOrdersYears are purged
// by the housekeeping pass, and each purge that removed something is an audit
// event with its cut-offs and counts; open orders and recent notes stay.
import { expect } from 'vitest';
import { dataRetention } from '../../../server/customers/data-retention.ts';
import { demoCustomer } from '../../../server/seed/demo-data.ts';
import { openRawDatabase } from '../../harness/database/raw-database.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';

const it = gatewayTestWith({ customers: 10, config: { privacy: { retention: { notesMonths: 24, closedOrdersYears: 7 } } } });
const YEAR = 365 * 86_400_000;

it('purges old notes and old closed orders on schedule, audited; keeps open orders and recent notes', async ({ gw }) => {
  const now = gw.clock.now();
  const record = demoCustomer(777, (pan) => `hmac-${pan.slice(-4)}-777`);
  const { customerId } = record.customer;
  const old = new Date(now - 8 * YEAR).toISOString();
  const orders = record.orders.map((order, i) => ({ ...order, placedAt: old, status: i === 0 ? ('delivered' as const) : ('paid' as const) }));
  const [closed, ...open] = orders;
  await gw.gateway.store.customers.importCustomers([
    {
      ...record,
      orders,
      notes: [
        { noteId: 'N-old-777', customerId, authorId: 'u-agent-ana', authorName: 'agent.ana', at: new Date(now - 3 * YEAR).toISOString(), text: 'Old note' },
        { noteId: 'N-new-777', customerId, authorId: 'u-agent-ana', authorName: 'agent.ana', at: new Date(now - 86_400_000).toISOString(), text: 'Recent note' },
      ],
    },
  ]);
  const run = dataRetention({ customers: gw.gateway.store.customers, audit: gw.gateway.audit, clock: gw.clock, config: gw.gateway.config });
  // The gateway's own housekeeping pass may run the same purge meanwhile: the state and the trail are what count.
  await run();
  const detail = await gw.gateway.store.customers.detail(customerId);
  expect(detail?.notes.map((n) => n.noteId)).toEqual(['N-new-777']);
  expect(detail?.orders.map((o) => o.orderId).sort()).toEqual(open.map((o) => o.orderId).sort());
  expect(detail?.orders.map((o) => o.orderId)).not.toContain(closed?.orderId);
  expect(await run()).toEqual({ notes: 0, orders: 0 });

  const raw = await openRawDatabase({ dataDir: gw.dataDir, database: gw.database });
  try {
    const p = raw.engine === 'sqlite' ? '?' : '$1';
    expect(await raw.rows(`SELECT transaction_id FROM payments WHERE order_id = ${p}`, [closed?.orderId])).toEqual([]);
    const events = await raw.rows<{ event: string }>("SELECT event FROM audit_events WHERE type = 'privacy.retention.purge'");
    const purges = events.map((e) => (JSON.parse(e.event) as { details: { notes: number; orders: number; notesBefore: string } }).details);
    expect(purges.reduce((sum, d) => sum + d.notes, 0)).toBeGreaterThanOrEqual(1);
    expect(purges.reduce((sum, d) => sum + d.orders, 0)).toBeGreaterThanOrEqual(1);
    expect(purges.every((d) => Date.parse(d.notesBefore) <= now - 2 * YEAR + 2 * 86_400_000)).toBe(true);
  } finally {
    await raw.close();
  }
  expect(await gw.gateway.chainVerifier.verifyNow()).toEqual([]);
});
