// Issue 22: a contact-center platform is a service account, over real HTTP on
// the run's engine. An admin declares its platform, agent map and (Twilio) the
// URL it calls and its auth token, which is sealed and never shown back; the
// account's events are refused the moment it is revoked; an account scoped to
// records sends no call events and a platform account writes no records; and
// two platform accounts cannot touch each other's calls.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { expect } from 'vitest';
import { gatewayAuditEvents } from '../../harness/gateway/admin.ts';
import { AGENTS, connectEvent, platformAccountRequest, sendJson, TWILIO_TOKEN, TWILIO_URL } from '../../harness/gateway/contact-center.ts';
import { gatewayTest } from '../../harness/gateway/gateway-test.ts';
import { routeResponse } from '../../harness/gateway/route-client.ts';
import { openRawKysely } from '../../harness/database/raw-database.ts';
import { webhookSignature, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../../server/records/webhook-receiver.ts';
import { createAccount, createSource, customerRecord } from '../../harness/records/source-records.ts';

const it = gatewayTest;

it('declares a platform with its account: Twilio’s auth token is sealed and never shown, and the creation is audited', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const connect = await createAccount(gw, admin, platformAccountRequest('amazon-connect', 'connect-eu'));
  expect(connect.account).toMatchObject({ source: 'connect-eu', recordTypes: ['contact_event'], contactCenter: { platform: 'amazon-connect', agents: { [AGENTS.connectAna]: 'agent.ana' } } });
  expect(connect.webhookSecret).toMatch(/^whsec_/);

  const twilio = await createAccount(gw, admin, platformAccountRequest('twilio-taskrouter', 'twilio-eu'));
  expect(twilio.webhookSecret).toBeNull();
  expect(twilio.account.contactCenter).toEqual({ platform: 'twilio-taskrouter', agents: { [AGENTS.twilioAna]: 'agent.ana', [AGENTS.twilioBen]: 'agent.ben' }, callbackUrl: TWILIO_URL });
  const listed = await gw.route('adminServiceAccounts', { token: admin });
  expect(listed.text).not.toContain(TWILIO_TOKEN);
  const raw = openRawKysely(gw);
  const { rows } = await sql<{ row: string }>`SELECT webhook_secret_sealed || contact_center AS row FROM service_accounts WHERE account_id = ${twilio.account.accountId}`
    .execute(raw)
    .finally(() => raw.destroy());
  expect(rows).toHaveLength(1);
  expect(rows[0]?.row).not.toContain(TWILIO_TOKEN);
  const [created] = (await gatewayAuditEvents(gw, 'integration.account.create')).filter((e) => e.target.id === twilio.account.accountId);
  expect(created?.details).toMatchObject({ source: 'twilio-eu', recordTypes: 'contact_event', platform: 'twilio-taskrouter', agents: 2 });
  expect(JSON.stringify(created)).not.toContain(TWILIO_TOKEN);
});

it('refuses a platform account declared wrong, naming what is missing', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const request = async (body: unknown) => routeResponse('adminCreateServiceAccount', await gw.call('POST', '/v1/admin/service-accounts', { token: admin, body }));
  const reason = 'Ticket OPS-9: connect the contact center';
  const cases = [
    // contact_event without a platform, and a platform without contact_event.
    { source: 'p-one', recordTypes: ['contact_event'], reason },
    { source: 'p-two', recordTypes: ['customer'], reason, contactCenter: { platform: 'sentinel' } },
    // Twilio without its auth token or URL; an auth token for a platform the gateway makes the secret for.
    { source: 'p-three', recordTypes: ['contact_event'], reason, contactCenter: { platform: 'twilio-taskrouter', callbackUrl: 'https://gw.example.com/x' } },
    { source: 'p-four', recordTypes: ['contact_event'], reason, contactCenter: { platform: 'amazon-connect', authToken: 'x'.repeat(32) } },
    // An unknown platform, a hostile agent ID, a URL that is not http(s).
    { source: 'p-five', recordTypes: ['contact_event'], reason, contactCenter: { platform: 'genesys' } },
    { source: 'p-six', recordTypes: ['contact_event'], reason, contactCenter: { platform: 'sentinel', agents: { '<script>': 'agent.ana' } } },
    { source: 'p-seven', recordTypes: ['contact_event'], reason, contactCenter: { platform: 'twilio-taskrouter', authToken: 'x'.repeat(32), callbackUrl: 'javascript:alert(1)' } },
  ];
  for (const body of cases) {
    const answer = await request(body);
    expect(answer.status, JSON.stringify(body)).toBe(400);
    expect(answer.error?.code).toBe('invalid_request');
    expect(answer.error?.message).toMatch(/contactCenter|platform|agents|callbackUrl|authToken/);
  }
  expect((await gw.route('adminServiceAccounts', { token: admin })).body.filter((a) => a.source.startsWith('p-'))).toEqual([]);
});

it('refuses a revoked platform account’s events from the moment it is revoked', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const grant = await createAccount(gw, admin, platformAccountRequest('amazon-connect', 'connect-us'));
  const signer = { source: 'connect-us', secret: grant.webhookSecret ?? '' };
  const event = () => connectEvent({ eventType: 'QUEUED', contactId: randomUUID(), at: gw.clock.now() });
  expect((await sendJson(gw, 'amazon-connect', event(), signer)).body.outcome).toBe('applied');
  await gw.route('adminRevokeServiceAccount', { token: admin, params: { accountId: grant.account.accountId }, body: { reason: 'Moved to another instance' } });
  const after = await sendJson(gw, 'amazon-connect', event(), signer);
  expect(after.status).toBe(401);
  expect(after.error?.code).toBe('unauthenticated');
});

it('keeps records and call events apart: a records account sends no call event, a platform account writes no record', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const shop = await createSource(gw, admin, 'shop-calls', ['customer']);
  // The shop's own webhook secret, signing a well-formed call event to its own source: refused.
  const asShop = await sendJson(gw, 'sentinel', { eventId: randomUUID(), callId: randomUUID(), kind: 'offered', at: new Date(gw.clock.now()).toISOString(), callerNumber: null, queue: null, agent: null }, { source: 'shop-calls', secret: shop.webhookSecret });
  expect(asShop.status).toBe(401);

  const relay = await createAccount(gw, admin, platformAccountRequest('sentinel', 'relay-only'));
  const upsert = await gw.route('upsertRecord', { token: relay.token, body: { record: customerRecord('CUS-PLATFORM-1') } });
  expect(upsert.status).toBe(403);
  expect(upsert.json).toMatchObject({ refusal: 'type_not_allowed' });
  const text = JSON.stringify({ id: 'SHP-1' });
  const timestamp = String(Math.floor(gw.clock.now() / 1000));
  const webhook = await gw.call('POST', '/v1/webhooks/relay-only', {
    rawBody: text,
    headers: { 'content-type': 'application/json', [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: webhookSignature(relay.webhookSecret ?? '', timestamp, text) },
  });
  expect(webhook.status).toBe(400);
  expect(await gw.gateway.store.customers.detail('CUS-PLATFORM-1')).toBeNull();
});

it('keeps two platform accounts’ calls apart: the same event ID from each is applied to each', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const ana = await gw.login('agent.ana');
  const first = await createAccount(gw, admin, platformAccountRequest('sentinel', 'relay-a'));
  const second = await createAccount(gw, admin, platformAccountRequest('sentinel', 'relay-b'));
  const at = new Date(gw.clock.now() + 60_000).toISOString();
  const event = { eventId: randomUUID(), callId: `call-${randomUUID()}`, kind: 'offered' as const, at, callerNumber: null, queue: 'orders', agent: 'ana' };
  expect((await sendJson(gw, 'sentinel', event, { source: 'relay-a', secret: first.webhookSecret ?? '' })).body.outcome).toBe('applied');
  const popped = (await gw.route('currentCall', { token: ana.token })).body.call?.callId;
  // relay-b's event with relay-a's IDs is its own call, not a duplicate of relay-a's, and cannot end relay-a's.
  expect((await sendJson(gw, 'sentinel', { ...event, kind: 'ended' }, { source: 'relay-b', secret: second.webhookSecret ?? '' })).body.outcome).toBe('applied');
  expect((await gw.route('currentCall', { token: ana.token })).body.call).toMatchObject({ callId: popped, state: 'ringing' });
  // Signed with the other account's secret: refused.
  expect((await sendJson(gw, 'sentinel', { ...event, eventId: randomUUID() }, { source: 'relay-b', secret: first.webhookSecret ?? '' })).status).toBe(401);
});

it('lets an admin change a platform account’s agent map, audited, without a new secret; never a revoked or records account’s', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const ben = await gw.login('agent.ben');
  const grant = await createAccount(gw, admin, platformAccountRequest('sentinel', 'relay-map'));
  const signer = { source: 'relay-map', secret: grant.webhookSecret ?? '' };
  const offer = async (agent: string) => {
    const event = { eventId: randomUUID(), callId: `call-${randomUUID()}`, kind: 'offered' as const, at: new Date(gw.clock.now() + 120_000).toISOString(), callerNumber: null, queue: 'orders', agent };
    expect((await sendJson(gw, 'sentinel', event, signer)).body.outcome).toBe('applied');
    return (await gw.route('currentCall', { token: ben.token })).body.call;
  };
  // `benny` names no one yet: the call waits, and Ben's desk is not rung by it.
  const before = await offer('benny');
  const update = { agents: { benny: 'agent.ben' }, reason: 'Ticket OPS-10: Ben joins the relay' };
  const updated = await gw.route('adminUpdateContactCenter', { token: admin, params: { accountId: grant.account.accountId }, body: update });
  expect(updated.body.contactCenter).toEqual({ platform: 'sentinel', agents: { benny: 'agent.ben' } });
  expect(before).toBeNull();
  expect((await offer('benny'))?.state).toBe('ringing');
  const [audited] = (await gatewayAuditEvents(gw, 'integration.account.update')).filter((e) => e.target.id === grant.account.accountId);
  expect(audited).toMatchObject({ outcome: 'success', actor: { username: 'admin.ivan' }, details: { source: 'relay-map', agents: 1, reason: update.reason } });

  const shop = await createSource(gw, admin, 'shop-map', ['customer']);
  expect((await gw.route('adminUpdateContactCenter', { token: admin, params: { accountId: shop.account.accountId }, body: update })).status).toBe(404);
  await gw.route('adminRevokeServiceAccount', { token: admin, params: { accountId: grant.account.accountId }, body: { reason: 'Relay retired' } });
  expect((await gw.route('adminUpdateContactCenter', { token: admin, params: { accountId: grant.account.accountId }, body: update })).status).toBe(404);
  expect((await gw.route('adminUpdateContactCenter', { token: ben.token, params: { accountId: shop.account.accountId }, body: update })).status).toBe(403);
});

it('answers any declared platform with the account as sent or a typed refusal, never a fault, and keeps nothing refused', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const text = fc.string({ maxLength: 40 });
  // Mostly well-formed, so that both answers are exercised; the rest hostile.
  const mostly = <T, U>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<U>) => fc.oneof({ arbitrary: good, weight: 4 }, { arbitrary: bad, weight: 1 });
  const agentId = mostly(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,12}$/), fc.oneof(text, fc.constantFrom('constructor', '__proto__')));
  const contactCenter = fc.record(
    {
      platform: mostly(fc.constantFrom('sentinel', 'amazon-connect', 'twilio-taskrouter'), text),
      agents: mostly(fc.dictionary(agentId, mostly(fc.constantFrom('agent.ana', 'agent.ben'), text), { maxKeys: 6 }), fc.jsonValue({ maxDepth: 2 })),
      callbackUrl: mostly(fc.webUrl(), text),
      authToken: mostly(fc.stringMatching(/^[!-~]{16,40}$/), text),
    },
    { requiredKeys: ['platform'] },
  );
  let n = 0;
  await fc.assert(
    fc.asyncProperty(contactCenter, async (declared) => {
      n += 1;
      const source = `fuzz-${n}`;
      const answer = routeResponse('adminCreateServiceAccount', await gw.call('POST', '/v1/admin/service-accounts', { token: admin, body: { source, recordTypes: ['contact_event'], reason: 'Ticket OPS-11: fuzz', contactCenter: declared } }));
      expect([200, 400]).toContain(answer.status);
      const stored = await gw.gateway.store.serviceAccounts.findLiveBySource(source);
      if (answer.status === 400) {
        expect(answer.error?.code).toBe('invalid_request');
        expect(stored).toBeNull();
      } else {
        expect(stored?.contactCenter).toEqual(answer.body.account.contactCenter);
        expect(stored?.contactCenter?.agents).toEqual(declared.agents ?? {});
      }
    }),
    { numRuns: 60, seed: 20_261_207 },
  );
});
