// An insider's attempts to read an erased customer back (issue 27) through the
// paths beside the customer view: a lookup by ID, by order or by the card still
// kept for the books, the revision a desk polls, a note or a second request
// written after the erasure, notes racing the erasure, and an export asked for
// after it. Each finds nothing and the notes table holds no row of the person.
// On both engines.
import { expect } from 'vitest';
import { DEMO_TEST_CARDS } from '../../../server/seed/demo-data.ts';
import { openRawDatabase } from '../../harness/database/raw-database.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';
import { privacyOfficer } from '../../harness/privacy/privacy-officer.ts';

const it = gatewayTestWith({ customers: 8 });
const CUSTOMER = 'CUS-000003';

it('an erased customer is found by no lookup, and notes racing the erasure leave no row behind', async ({ gw }) => {
  const officer = await privacyOfficer(gw);
  const agent = (await gw.login('agent.ana')).token;
  const detail = (await gw.route('customer', { token: agent, params: { customerId: CUSTOMER } })).body;
  const order = detail.orders[0]?.orderId ?? '';
  const pan = DEMO_TEST_CARDS.find((c) => c.customerId === CUSTOMER)?.pan ?? '';
  const lookups = [
    { by: 'customerId', value: CUSTOMER },
    { by: 'order', value: order },
    { by: 'card', value: pan },
  ] as const;
  // Before: each path finds the customer, so the checks after the erasure can fail.
  for (const body of lookups) expect((await gw.route('lookup', { token: agent, body })).body.results.map((r) => r.customerId)).toEqual([CUSTOMER]);

  const request = (await gw.route('openPrivacyRequest', { token: agent, body: { customerId: CUSTOMER, kind: 'erasure', law: 'gdpr', verification: 'verified_email' } })).body;
  const notes = Array.from({ length: 8 }, (_, n) => gw.route('addNote', { token: agent, params: { customerId: CUSTOMER }, body: { text: `Racing note ${n}` } }));
  const erased = await gw.route('completePrivacyRequest', { token: officer, params: { requestId: request.requestId }, body: { outcome: 'completed' } });
  expect(erased.status).toBe(200);
  for (const answer of await Promise.all(notes)) expect([200, 404]).toContain(answer.status);

  for (const body of lookups) expect((await gw.route('lookup', { token: agent, body })).body.results).toEqual([]);
  expect((await gw.route('customer', { token: agent, params: { customerId: CUSTOMER } })).status).toBe(404);
  expect((await gw.route('customerRevision', { token: agent, params: { customerId: CUSTOMER } })).status).toBe(404);
  expect((await gw.route('addNote', { token: agent, params: { customerId: CUSTOMER }, body: { text: 'Written after the erasure' } })).status).toBe(404);
  // An export asked for after the erasure is refused and names nothing of the person.
  const exported = await gw.route('exportPrivacyRequest', { token: officer, params: { requestId: request.requestId } });
  expect(exported.status).toBe(404);
  for (const value of [detail.customer.displayName, detail.customer.postcode, detail.customer.city]) expect(exported.text).not.toContain(value);

  const raw = await openRawDatabase({ dataDir: gw.dataDir, database: gw.database });
  try {
    const p = raw.engine === 'sqlite' ? '?' : '$1';
    expect(await raw.rows(`SELECT note_id FROM notes WHERE customer_id = ${p}`, [CUSTOMER])).toEqual([]);
  } finally {
    await raw.close();
  }
});
