// Data-subject requests through the gateway (issue 27): an admin grants the
// privacy role with a reason; an agent opens a request for a customer, only the
// privacy officer lists, extends and completes it; GDPR and CCPA due dates and the
// alert before them follow the gateway's (manual) clock; a legal hold blocks an
// erasure, which says why it waits, and releasing it unblocks it; two officers
// completing one erasure at once erase once, and an agent reading meanwhile gets
// the whole record or none. The trail names the customer by pseudonym only. The
// export covers every declared location of the customer's data.
import { expect } from 'vitest';
import { subjectPseudonym } from '../../../server/customers/subject-pseudonym.ts';
import { demoCustomer } from '../../../server/seed/demo-data.ts';
import { CUSTOMER_DATA_MAP } from '../../../server/storage/customer-data-map.ts';
import { openRawDatabase } from '../../harness/database/raw-database.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';
import { createSource, customerRecord, orderRecord } from '../../harness/records/source-records.ts';
import { privacyOfficer } from '../../harness/privacy/privacy-officer.ts';
import { createCodes } from '../../harness/wrapup/wrapup-admin.ts';

const it = gatewayTestWith({ customers: 30 });
const DAY = 86_400_000;

it('the privacy role is granted by an admin; agents open requests, only the officer works them', async ({ gw }) => {
  const officer = await privacyOfficer(gw);
  const agent = (await gw.login('agent.ana')).token;
  const opened = await gw.route('openPrivacyRequest', { token: agent, body: { customerId: 'CUS-000002', kind: 'access', law: 'gdpr', verification: 'security_questions' } });
  expect(opened.status).toBe(200);
  expect(opened.body).toMatchObject({ customerId: 'CUS-000002', status: 'open', openedBy: 'agent.ana', due: 'on_time', waitingFor: [] });
  expect((await gw.route('privacyRequests', { token: agent })).status).toBe(403);
  expect((await gw.route('completePrivacyRequest', { token: agent, params: { requestId: opened.body.requestId }, body: { outcome: 'completed' } })).status).toBe(403);
  const unknown = await gw.route('openPrivacyRequest', { token: agent, body: { customerId: 'CUS-NOPE', kind: 'erasure', law: 'ccpa', verification: 'verified_email' } });
  expect(unknown.status).toBe(404);
  const listed = await gw.route('privacyRequests', { token: officer });
  expect(listed.body.requests.map((r) => r.requestId)).toContain(opened.body.requestId);
  const done = await gw.route('completePrivacyRequest', { token: officer, params: { requestId: opened.body.requestId }, body: { outcome: 'completed' } });
  expect(done.body).toMatchObject({ status: 'completed', completedBy: 'sup.sara', due: 'closed' });
  expect((await gw.route('completePrivacyRequest', { token: officer, params: { requestId: opened.body.requestId }, body: { outcome: 'completed' } })).status).toBe(409);
});

it('GDPR and CCPA due dates, one extension each, and the alert before the due date, on the manual clock', async ({ gw }) => {
  const officer = await privacyOfficer(gw);
  const agent = (await gw.login('agent.ana')).token;
  const receivedAt = gw.clock.now();
  const gdpr = (await gw.route('openPrivacyRequest', { token: agent, body: { customerId: 'CUS-000003', kind: 'rectification', law: 'gdpr', verification: 'document_check' } })).body;
  const ccpa = (await gw.route('openPrivacyRequest', { token: agent, body: { customerId: 'CUS-000004', kind: 'access', law: 'ccpa', verification: 'verified_email' } })).body;
  const month = new Date(receivedAt);
  month.setUTCMonth(month.getUTCMonth() + 1);
  expect(Math.abs(Date.parse(gdpr.dueAt) - month.getTime())).toBeLessThanOrEqual(3 * DAY);
  expect(Date.parse(ccpa.dueAt) - Date.parse(ccpa.receivedAt)).toBe(45 * DAY);

  const extended = await gw.route('extendPrivacyRequest', { token: officer, params: { requestId: ccpa.requestId }, body: { reason: 'Records held in three systems' } });
  expect(Date.parse(extended.body.dueAt) - Date.parse(ccpa.receivedAt)).toBe(90 * DAY);
  expect(extended.body.extension?.reason).toBe('Records held in three systems');
  expect((await gw.route('extendPrivacyRequest', { token: officer, params: { requestId: ccpa.requestId }, body: { reason: 'Once more' } })).status).toBe(409);

  // A fresh session at each moment: the clock moves weeks, past any access token.
  const stateOf = async (requestId: string) =>
    (await gw.route('privacyRequests', { token: (await gw.login('sup.sara')).token })).body.requests.find((r) => r.requestId === requestId)?.due;
  expect(await stateOf(gdpr.requestId)).toBe('on_time');
  expect(await gw.gateway.privacy.alertDeadlines()).toBe(0);
  expect(officer).not.toBe('');
  gw.clock.set(Date.parse(gdpr.dueAt) - 3 * DAY);
  expect(await stateOf(gdpr.requestId)).toBe('due_soon');
  expect(await stateOf(ccpa.requestId)).toBe('on_time');
  expect(await gw.gateway.privacy.alertDeadlines()).toBe(1);
  const alerts = await gw.gateway.alerts.list('open');
  expect(alerts.filter((a) => a.kind === 'privacy_request_due').map((a) => a.severity)).toEqual(['warning']);
  gw.clock.set(Date.parse(gdpr.dueAt) + DAY);
  expect(await stateOf(gdpr.requestId)).toBe('overdue');
  gw.clock.set(Date.parse(extended.body.dueAt) - DAY);
  expect(await stateOf(ccpa.requestId)).toBe('due_soon');
});

it('a legal hold blocks erasure and the request shows why; releasing it lets the erasure through; the trail holds the pseudonym only', async ({ gw }) => {
  const officer = await privacyOfficer(gw);
  const agent = (await gw.login('agent.ana')).token;
  const customerId = 'CUS-000005';
  const request = (await gw.route('openPrivacyRequest', { token: agent, body: { customerId, kind: 'erasure', law: 'gdpr', verification: 'account_sign_in' } })).body;
  const hold = await gw.route('placeLegalHold', {
    token: officer,
    body: { customerId, reason: 'Open chargeback dispute', owner: 'Legal: R. Okafor', expiresAt: new Date(gw.clock.now() + 30 * DAY).toISOString() },
  });
  expect(hold.status).toBe(200);
  const refused = await gw.route('completePrivacyRequest', { token: officer, params: { requestId: request.requestId }, body: { outcome: 'completed' } });
  expect(refused.status).toBe(409);
  expect(refused.error?.message).toContain('Open chargeback dispute');
  const waiting = (await gw.route('privacyRequests', { token: officer })).body.requests.find((r) => r.requestId === request.requestId);
  expect(waiting?.waitingFor).toEqual([expect.objectContaining({ holdId: hold.body.holdId, reason: 'Open chargeback dispute', owner: 'Legal: R. Okafor' })]);
  expect((await gw.route('customer', { token: agent, params: { customerId } })).status).toBe(200);

  const released = await gw.route('releaseLegalHold', { token: officer, params: { holdId: hold.body.holdId }, body: { reason: 'Dispute settled' } });
  expect(released.body.releasedAt).not.toBeNull();
  const erased = await gw.route('completePrivacyRequest', { token: officer, params: { requestId: request.requestId }, body: { outcome: 'completed' } });
  expect(erased.body).toMatchObject({ status: 'completed', waitingFor: [] });
  expect((await gw.route('customer', { token: agent, params: { customerId } })).status).toBe(404);
  expect((await gw.route('lookup', { token: agent, body: { by: 'customerId', value: customerId } })).body.results).toEqual([]);
  expect(await gw.gateway.chainVerifier.verifyNow()).toEqual([]);

  const raw = await openRawDatabase({ dataDir: gw.dataDir, database: gw.database });
  try {
    const events = await raw.rows<{ type: string; event: string }>("SELECT type, event FROM audit_events WHERE type LIKE 'privacy.%' ORDER BY device_id, seq");
    expect([...new Set(events.map((e) => e.type))]).toEqual(expect.arrayContaining(['privacy.request.open', 'privacy.hold.place', 'privacy.request.complete', 'privacy.erase', 'privacy.hold.release']));
    for (const { event } of events) expect(event).not.toContain(customerId);
    const pseudonym = subjectPseudonym(gw.gateway.pepper, customerId);
    expect(events.filter((e) => e.type === 'privacy.erase').map((e) => JSON.parse(e.event) as { target: { id: string }; outcome: string })).toEqual([
      expect.objectContaining({ target: { kind: 'customer', id: pseudonym }, outcome: 'failure' }),
      expect.objectContaining({ target: { kind: 'customer', id: pseudonym }, outcome: 'success' }),
    ]);
  } finally {
    await raw.close();
  }
});

it('two officers completing one erasure at once erase once; an agent reading meanwhile gets the whole record or none', async ({ gw }) => {
  const officer = await privacyOfficer(gw);
  const second = (await gw.login('sup.sara')).token;
  const agent = (await gw.login('agent.ana')).token;
  for (const customerId of ['CUS-000010', 'CUS-000011', 'CUS-000012']) {
    const whole = (await gw.route('customer', { token: agent, params: { customerId } })).body;
    const request = (await gw.route('openPrivacyRequest', { token: agent, body: { customerId, kind: 'erasure', law: 'ccpa', verification: 'verified_email' } })).body;
    const reads = Array.from({ length: 6 }, () => gw.route('customer', { token: agent, params: { customerId } }));
    const [a, b] = await Promise.all([officer, second].map((token) => gw.route('completePrivacyRequest', { token, params: { requestId: request.requestId }, body: { outcome: 'completed' } })));
    const answers = await Promise.all(reads);
    expect([a?.status, b?.status].sort()).toEqual([200, 409]);
    for (const answer of answers) {
      expect([200, 404]).toContain(answer.status);
      if (answer.status === 200) expect({ ...answer.body, revision: whole.revision }).toEqual(whole);
    }
    expect((await gw.route('customer', { token: agent, params: { customerId } })).status).toBe(404);
  }
});

it('the export holds every declared location of the customer, as JSON and HTML, staff by pseudonym and no keyed hash; none after erasure', async ({ gw }) => {
  const officer = await privacyOfficer(gw);
  const agent = (await gw.login('agent.ana')).token;
  const record = demoCustomer(4242, (pan) => `hmac-${pan.slice(-4)}-4242`);
  const customerId = record.customer.customerId;
  const planted = { name: 'Planted Name Øyvind', email: 'planted.mail@example.org', phone: '+44 20 7946 4242', city: 'Planted City', postcode: 'PL4 NT3D', country: 'NO' };
  await gw.gateway.store.customers.importCustomers([
    {
      ...record,
      customer: { ...record.customer, displayName: planted.name, email: planted.email, phone: planted.phone, city: planted.city, postcode: planted.postcode, country: planted.country },
      subscriptions: [{ subscriptionId: 'SUB-4242', product: 'Care plan', kind: 'subscription', status: 'active', startedAt: '2026-01-01T00:00:00.000Z', expiresAt: '2026-02-01T00:00:00.000Z', autoRenew: false }],
    },
  ]);
  expect((await gw.route('customer', { token: agent, params: { customerId } })).status).toBe(200);
  expect((await gw.route('addNote', { token: agent, params: { customerId }, body: { text: 'Planted note text' } })).status).toBe(200);
  expect((await gw.route('extendSubscription', { token: agent, params: { customerId, subscriptionId: 'SUB-4242' }, body: { days: 2, reason: 'Planted extension reason' } })).status).toBe(200);
  // A wrap-up (issue 24): its row names the code, and the agent by pseudonym.
  await createCodes(gw, (await gw.login('admin.ivan')).token, ['PLANTED']);
  expect((await gw.route('recordWrapup', { token: agent, params: { customerId }, body: { code: 'PLANTED' } })).status).toBe(200);
  const request = (await gw.route('openPrivacyRequest', { token: agent, body: { customerId, kind: 'access', law: 'gdpr', verification: 'security_questions' } })).body;
  await gw.route('extendPrivacyRequest', { token: officer, params: { requestId: request.requestId }, body: { reason: 'Planted request extension' } });
  await gw.route('placeLegalHold', { token: officer, body: { customerId, reason: 'Planted hold reason', owner: 'Legal', expiresAt: new Date(gw.clock.now() + DAY).toISOString() } });

  const exported = await gw.route('exportPrivacyRequest', { token: officer, params: { requestId: request.requestId } });
  expect(exported.status).toBe(200);
  const { json, html } = exported.body;
  const declared = Object.entries(CUSTOMER_DATA_MAP).filter(([, entry]) => entry.exported).map(([table]) => table);
  expect(Object.keys(json.tables).sort()).toEqual([...declared].sort());
  expect(declared.filter((table) => (json.tables[table] ?? []).length === 0)).toEqual([]);
  const text = JSON.stringify(json);
  for (const value of [...Object.values(planted), 'Planted note text', 'Planted extension reason', 'Planted request extension', 'Planted hold reason']) {
    expect(text).toContain(value);
    expect(html).toContain(value);
  }
  expect(text).not.toContain('pan_hmac');
  expect(text).not.toContain('phone_hmac');
  expect(text).not.toContain('u-agent-ana');
  expect(json.tables.notes?.every((note) => String(note.author_id).startsWith('staff_'))).toBe(true);
  const views = json.accessHistory.filter((entry) => entry.action === 'customer.view' && entry.outcome === 'success');
  expect(views.map((entry) => entry.roles)).toContainEqual(['agent']);
  expect(views.every((entry) => entry.staff?.startsWith('staff_'))).toBe(true);

  await gw.route('releaseLegalHold', { token: officer, params: { holdId: (json.tables.legal_holds?.[0]?.hold_id as string | undefined) ?? '' }, body: { reason: 'Done' } });
  await gw.gateway.store.customers.erase(customerId, gw.clock.now());
  expect((await gw.route('exportPrivacyRequest', { token: officer, params: { requestId: request.requestId } })).status).toBe(404);
});

it('a source that sends an erased customer again does not bring the person back; its new orders are still kept for the books', async ({ gw }) => {
  const officer = await privacyOfficer(gw);
  const agent = (await gw.login('agent.ana')).token;
  const { token: source } = await createSource(gw, (await gw.login('admin.ivan')).token, 'shop-erasure', ['customer', 'order']);
  expect((await gw.route('upsertRecord', { token: source, body: { record: customerRecord('CUS-BACK', 1, { displayName: 'Returning Person' }) } })).body.outcome).toBe('stored');
  const request = (await gw.route('openPrivacyRequest', { token: agent, body: { customerId: 'CUS-BACK', kind: 'erasure', law: 'gdpr', verification: 'verified_email' } })).body;
  expect((await gw.route('completePrivacyRequest', { token: officer, params: { requestId: request.requestId }, body: { outcome: 'completed' } })).status).toBe(200);

  await gw.route('upsertRecord', { token: source, body: { record: customerRecord('CUS-BACK', 2, { displayName: 'Returning Person' }) } });
  expect((await gw.route('upsertRecord', { token: source, body: { record: orderRecord('ORD-BACK', 'CUS-BACK') } })).body.outcome).toBe('stored');
  expect((await gw.route('customer', { token: agent, params: { customerId: 'CUS-BACK' } })).status).toBe(404);
  const raw = await openRawDatabase({ dataDir: gw.dataDir, database: gw.database });
  try {
    const p = raw.engine === 'sqlite' ? '?' : '$1';
    expect(await raw.rows(`SELECT display_name, email FROM customers WHERE customer_id = ${p}`, ['CUS-BACK'])).toEqual([{ display_name: '', email: '' }]);
    expect(await raw.rows(`SELECT customer_id FROM customer_keys WHERE customer_id = ${p}`, ['CUS-BACK'])).toEqual([]);
    expect(await raw.rows(`SELECT order_id FROM orders WHERE customer_id = ${p}`, ['CUS-BACK'])).toEqual([{ order_id: 'ORD-BACK' }]);
  } finally {
    await raw.close();
  }
});
