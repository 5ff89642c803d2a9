// Issue 22 attacks on the call pop, over real HTTP on the run's engine: a signed
// event dated in the future (it would freeze its call), an event offering a call
// to a supervisor or an admin, and a caller number that 10,000 customers share.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { AGENTS, connectEvent, platformAccountRequest, sendConnect, sendJson } from '../../harness/gateway/contact-center.ts';
import { gatewayTest } from '../../harness/gateway/gateway-test.ts';
import { createAccount, createSource, customerRecord } from '../../harness/records/source-records.ts';

/** Platform agent IDs an operator mapped to the demo supervisor and admin. */
const STAFF = { sara: 'c0000000-0000-4000-8000-00000000c0c0', ivan: 'd0000000-0000-4000-8000-00000000d0d0' };
const it = gatewayTest;

const YEAR_MS = 365 * 24 * 3_600_000;

it('refuses a signed event dated in the future, which would otherwise freeze its call on the agent\'s desk', async ({ gw }) => {
  const ana = await gw.login('agent.ana');
  const contactId = randomUUID();
  const now = gw.clock.now();
  const future = await sendConnect(gw, { eventType: 'CONNECTED_TO_AGENT', contactId, at: now + YEAR_MS, caller: '+442079460000', agentId: AGENTS.connectAna });
  expect(future.status).toBe(401);
  // The call's real events go their way: it rings, is answered and ends, and leaves Ana's desk.
  await sendConnect(gw, { eventType: 'CONNECTED_TO_AGENT', contactId, at: now, caller: '+442079460000', agentId: AGENTS.connectAna });
  expect((await gw.route('currentCall', { token: ana.token })).body.call?.state).toBe('on_call');
  await sendConnect(gw, { eventType: 'DISCONNECTED', contactId, at: now + 1_000, agentId: AGENTS.connectAna });
  expect((await gw.route('currentCall', { token: ana.token })).body.call?.state ?? 'gone').not.toBe('on_call');
});

it('pops no customer to a supervisor or an admin a platform offers a call to', async ({ gw }) => {
  const now = gw.clock.now();
  // A platform account whose operator mapped the supervisor's and the admin's platform IDs too.
  const request = platformAccountRequest('amazon-connect', 'connect-staff');
  const contactCenter = request.contactCenter === undefined ? undefined : { ...request.contactCenter, agents: { ...request.contactCenter.agents, [STAFF.sara]: 'sup.sara', [STAFF.ivan]: 'admin.ivan' } };
  const staff = await createAccount(gw, (await gw.login('admin.ivan')).token, { ...request, contactCenter });
  const signer = { source: 'connect-staff', secret: staff.webhookSecret ?? '' };
  for (const [user, agentId] of [['sup.sara', STAFF.sara], ['admin.ivan', STAFF.ivan]] as const) {
    const { token } = await gw.login(user);
    const sent = await sendJson(gw, 'amazon-connect', connectEvent({ eventType: 'CONNECTED_TO_AGENT', contactId: randomUUID(), at: now, caller: '+442079460000', agentId }), signer);
    expect(sent.body.outcome).toBe('applied');
    expect((await gw.route('currentCall', { token })).status).toBe(403);
  }
});

it('shows an agent five masked matches of a number 10,000 customers share, and records those five', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const { token } = await createSource(gw, admin, 'crm-shared', ['customer']);
  const shared = '+44 20 7946 0555';
  for (let batch = 0; batch < 10; batch++) {
    const records = Array.from({ length: 1_000 }, (_, i) => customerRecord(`CUS-SH-${batch * 1_000 + i}`, 1, { phone: shared }));
    expect((await gw.route('upsertRecords', { token, body: { records } })).body.counts.stored).toBe(1_000);
  }
  const ben = await gw.login('agent.ben');
  await sendConnect(gw, { eventType: 'CONNECTED_TO_AGENT', contactId: randomUUID(), at: gw.clock.now(), caller: '+442079460555', agentId: AGENTS.connectBen });
  const pop = (await gw.route('currentCall', { token: ben.token })).body.call;
  expect(pop?.matches).toHaveLength(5);
  expect(pop?.truncated).toBe(true);
  const sara = await gw.login('sup.sara');
  const trail = await gw.route('auditSearch', { token: sara.token, query: { type: 'customer.lookup', userId: ben.grant.user.userId } });
  const read = trail.body.events.find((e) => e.event.details.call === pop?.callId);
  expect(read?.event.details).toMatchObject({ by: 'phone', results: 5, truncated: true, customers: pop?.matches.map((m) => m.customerId).join(',') });
});
