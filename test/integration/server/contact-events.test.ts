// The call that brings the customer, over real HTTP on both engines: signed
// events from Amazon Connect (EventBridge contact events), Twilio TaskRouter
// (event callbacks) and the gateway's own format; the pop on the offered
// agent's desk and on no other; the pop's read on the gateway's record; and
// refusals of what a platform did not sign, signed too long ago, or sent twice.
import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { routes } from '../../../shared/api.ts';
import { SENTINEL_SIGNATURE_HEADER } from '../../../server/calls/contact-signature.ts';
import {
  AGENTS,
  connectEvent,
  eventsPath,
  platformSecrets,
  sendConnect,
  sendJson,
  sendSentinel,
  sendTwilio,
  signedJsonHeaders,
  SOURCES,
  twilioEvent,
} from '../../harness/gateway/contact-center.ts';
import { STANDARD_TEST_PANS } from '../../harness/arbitraries/pan-arbitraries.ts';
import { gatewayTest } from '../../harness/gateway/gateway-test.ts';
import type { RunningGateway } from '../../harness/gateway/gateway.ts';

const it = gatewayTest;

async function phoneOf(gw: RunningGateway, customerId: string): Promise<string> {
  const [found] = await gw.gateway.store.customers.summaries([customerId]);
  if (found === undefined) throw new Error(`no ${customerId}`);
  return found.customer.phone;
}

const current = async (gw: RunningGateway, token: string) => (await gw.route('currentCall', { token })).body.call;
/** The file shares one gateway: an earlier test's call may still be on a desk, so a desk is asked about one call. */
const holds = async (gw: RunningGateway, token: string, callId: string | undefined): Promise<boolean> => (await current(gw, token))?.callId === callId;

describe('contact events', () => {
  it('an Amazon Connect call connected to Ana pops the matching customers on her desk only, masked, and her first read is audited', async ({ gw }) => {
    const ana = await gw.login('agent.ana');
    const ben = await gw.login('agent.ben');
    const phone = await phoneOf(gw, 'CUS-000001');
    const contactId = randomUUID();
    const at = gw.clock.now();

    expect((await sendConnect(gw, { eventType: 'QUEUED', contactId, at, caller: phone })).body).toEqual({ outcome: 'applied' });
    expect(await current(gw, ana.token)).toBeNull();
    expect((await sendConnect(gw, { eventType: 'CONNECTED_TO_AGENT', contactId, at: at + 1000, caller: phone, agentId: AGENTS.connectAna })).body.outcome).toBe('applied');

    const pop = await current(gw, ana.token);
    expect(pop?.state).toBe('on_call');
    expect(pop?.queue).toBe('orders-help');
    expect(pop?.callerMasked).toBe(`••• ${phone.replace(/\D/g, '').slice(-4)}`);
    const mine = pop?.matches.find((m) => m.customerId === 'CUS-000001');
    const [stored] = await gw.gateway.store.customers.summaries(['CUS-000001']);
    expect(mine?.nameMasked).toBe(stored?.customer.displayName.split(' ').map((part) => `${part.charAt(0)}•••`).join(' '));
    expect(mine?.emailMasked).toMatch(/^.•••@example\.com$/);
    // Nothing unmasked: not the name, e-mail or number.
    const text = JSON.stringify(pop);
    expect(text).not.toContain(stored?.customer.displayName ?? '-');
    expect(text).not.toContain(stored?.customer.email ?? '-');
    expect(text).not.toContain(phone.replace(/\D/g, ''));

    // Ben's desk gets nothing of Ana's call.
    expect(await holds(gw, ben.token, pop?.callId)).toBe(false);

    // Read twice, recorded once: the pop's first read by Ana.
    await current(gw, ana.token);
    const sara = await gw.login('sup.sara');
    const trail = await gw.route('auditSearch', { token: sara.token, query: { type: 'customer.lookup', userId: ana.grant.user.userId } });
    const pops = trail.body.events.filter((e) => e.event.details.call === pop?.callId);
    expect(pops).toHaveLength(1);
    expect(pops[0]?.event.details).toMatchObject({ by: 'phone', results: pop?.matches.length, caller: pop?.callerMasked });
  });

  it('a Twilio TaskRouter reservation for Ben pops on his desk, never on Ana’s; a rejected reservation takes it back', async ({ gw }) => {
    const ana = await gw.login('agent.ana');
    const ben = await gw.login('agent.ben');
    const phone = await phoneOf(gw, 'CUS-000002');
    const taskSid = `WT${randomUUID().replace(/-/g, '')}`;
    const at = gw.clock.now();

    expect((await sendTwilio(gw, twilioEvent({ eventType: 'task.created', taskSid, at, caller: phone }))).body.outcome).toBe('applied');
    expect((await sendTwilio(gw, twilioEvent({ eventType: 'reservation.created', taskSid, at: at + 1000, caller: phone, workerSid: AGENTS.twilioBen }))).body.outcome).toBe('applied');
    const pop = await current(gw, ben.token);
    expect(pop?.state).toBe('ringing');
    expect(pop?.queue).toBe('Orders help');
    expect(pop?.matches.map((m) => m.customerId)).toContain('CUS-000002');
    expect(await holds(gw, ana.token, pop?.callId)).toBe(false);

    expect((await sendTwilio(gw, twilioEvent({ eventType: 'reservation.rejected', taskSid, at: at + 2000, caller: phone, workerSid: AGENTS.twilioBen }))).body.outcome).toBe('applied');
    expect(await holds(gw, ben.token, pop?.callId)).toBe(false);
    // An event type that says nothing about the call is acknowledged and ignored.
    expect((await sendTwilio(gw, { ...twilioEvent({ eventType: 'worker.activity.update', taskSid, at: at + 2000 }) })).body.outcome).toBe('ignored');
  });

  it('a transfer moves the pop from Ana to Ben: each desk only ever holds its own', async ({ gw }) => {
    const ana = await gw.login('agent.ana');
    const ben = await gw.login('agent.ben');
    const phone = await phoneOf(gw, 'CUS-000003');
    const callId = `call-${randomUUID()}`;
    const at = gw.clock.now();
    const event = (kind: 'offered' | 'answered' | 'transferred' | 'held' | 'ended' | 'wrap_up', offset: number, agent: string | null) =>
      sendSentinel(gw, { eventId: randomUUID(), callId, kind, at: new Date(at + offset).toISOString(), callerNumber: phone, queue: 'returns', agent });

    await event('offered', 0, 'ana');
    const first = await current(gw, ana.token);
    expect(first?.matches.map((m) => m.customerId)).toContain('CUS-000003');
    await event('answered', 1000, 'ana');
    await event('transferred', 2000, null);
    expect(await holds(gw, ana.token, first?.callId)).toBe(false);
    await event('offered', 3000, 'ben');
    expect(await holds(gw, ben.token, first?.callId)).toBe(true);
    expect(await holds(gw, ana.token, first?.callId)).toBe(false);
    await event('held', 4000, 'ben');
    expect((await current(gw, ben.token))?.state).toBe('held');
  });

  it('the supervisor sees calls waiting, answered, abandoned, handle time, and agents on a call or in wrap-up', async ({ gw }) => {
    const sara = await gw.login('sup.sara');
    const ana = await gw.login('agent.ana');
    const before = (await gw.route('callFloor', { token: sara.token, query: { minutes: 60 } })).body;
    const at = gw.clock.now() - 10 * 60_000;
    const send = (callId: string, kind: 'offered' | 'answered' | 'ended' | 'wrap_up', offsetSeconds: number, agent: string | null = null) =>
      sendSentinel(gw, { eventId: randomUUID(), callId, kind, at: new Date(at + offsetSeconds * 1000).toISOString(), callerNumber: null, queue: 'billing', agent });
    const [handled, abandoned, waiting, wrapping] = ['h', 'a', 'w', 'r'].map((p) => `${p}-${randomUUID()}`) as [string, string, string, string];
    // Handled: answered at 10 s, hung up at 130 s, wrap-up done at 160 s: 150 s.
    await send(handled, 'offered', 0);
    await send(handled, 'answered', 10, 'ben');
    await send(handled, 'ended', 130);
    await send(handled, 'wrap_up', 160);
    await send(abandoned, 'offered', 5);
    await send(abandoned, 'ended', 65);
    await send(waiting, 'offered', 20);
    // Ana: answered at 30 s, hung up at 90 s, still in wrap-up: 60 s so far.
    await send(wrapping, 'offered', 25, 'ana');
    await send(wrapping, 'answered', 30, 'ana');
    await send(wrapping, 'ended', 90);

    const floor = (await gw.route('callFloor', { token: sara.token, query: { minutes: 60 } })).body;
    expect(floor.waiting - before.waiting).toBe(1);
    expect(floor.answered - before.answered).toBe(2);
    expect(floor.abandoned - before.abandoned).toBe(1);
    expect(floor.agents.find((a) => a.username === 'agent.ana')?.state).toBe('wrap_up');
    // No earlier test in this file ends an answered call: the average is these two, (150 + 60) / 2.
    expect(before.averageHandleSeconds).toBeNull();
    expect(floor.averageHandleSeconds).toBe(105);
    // An agent cannot read the floor, and a supervisor has no desk pop.
    expect((await gw.route('callFloor', { token: ana.token, query: { minutes: 60 } })).status).toBe(403);
    expect((await gw.route('currentCall', { token: sara.token })).status).toBe(403);
  });
});

describe('contact events that are refused', () => {
  it('refuses a wrong, missing, malformed or stale signature, and a source with no platform account', async ({ gw }) => {
    const { 'amazon-connect': connectSecret } = await platformSecrets(gw);
    const body = connectEvent({ eventType: 'QUEUED', contactId: randomUUID(), at: gw.clock.now() });
    const text = JSON.stringify(body);
    const path = eventsPath(SOURCES['amazon-connect']);
    const wrong = await gw.call('POST', path, { rawBody: text, headers: signedJsonHeaders('not-the-connect-secret', text, gw.clock.now()) });
    const missing = await gw.call('POST', path, { rawBody: text, headers: { 'content-type': 'application/json' } });
    const malformed = await gw.call('POST', path, { rawBody: text, headers: { 'content-type': 'application/json', [SENTINEL_SIGNATURE_HEADER]: 'v1=abc' } });
    const stale = await gw.call('POST', path, { rawBody: text, headers: signedJsonHeaders(connectSecret, text, gw.clock.now() - 10 * 60_000) });
    // The body changed after signing: the signature no longer holds.
    const altered = await gw.call('POST', path, { rawBody: text.replace('QUEUED', 'DISCONNECTED'), headers: signedJsonHeaders(connectSecret, text, gw.clock.now()) });
    for (const answer of [wrong, missing, malformed, stale, altered]) {
      expect(answer.status).toBe(401);
      expect(answer.json).toMatchObject({ error: { code: 'unauthenticated' } });
    }
    const twilioWrong = await sendTwilio(gw, twilioEvent({ eventType: 'task.created', taskSid: 'WTx', at: gw.clock.now() }), 'another-auth-token');
    expect(twilioWrong.status).toBe(401);
    // A source with no account is refused as an unsigned one is: which sources exist is not told. A name that is no source's is not found.
    const unknown = await gw.call('POST', eventsPath('genesys'), { rawBody: text, headers: signedJsonHeaders(connectSecret, text, gw.clock.now()) });
    expect(unknown.status).toBe(401);
    const notASource = await gw.call('POST', eventsPath('..%2Fshop'), { rawBody: text, headers: signedJsonHeaders(connectSecret, text, gw.clock.now()) });
    expect(notASource.status).toBe(404);
  });

  it('a replayed event is a duplicate and changes nothing; a stale Twilio event is refused', async ({ gw }) => {
    const ana = await gw.login('agent.ana');
    const contactId = randomUUID();
    const body = connectEvent({ eventType: 'CONNECTED_TO_AGENT', contactId, at: gw.clock.now(), agentId: AGENTS.connectAna });
    expect((await sendJson(gw, 'amazon-connect', body)).body.outcome).toBe('applied');
    const callId = (await current(gw, ana.token))?.callId;
    expect((await sendConnect(gw, { eventType: 'DISCONNECTED', contactId, at: gw.clock.now() + 1000 })).body.outcome).toBe('applied');
    expect((await current(gw, ana.token))?.state).toBe('wrap_up');
    // The same CONNECTED_TO_AGENT again (same event ID): acknowledged, the call stays in wrap-up.
    expect((await sendJson(gw, 'amazon-connect', body)).body.outcome).toBe('duplicate');
    expect(await current(gw, ana.token)).toMatchObject({ callId, state: 'wrap_up' });

    const old = await sendTwilio(gw, twilioEvent({ eventType: 'task.created', taskSid: 'WTold', at: gw.clock.now() - 3600_000 }));
    expect(old.status).toBe(401);
  });

  it('answers a body that is no contact event with a typed error naming the field, and keeps nothing of it', async ({ gw }) => {
    const notConnect = await sendJson(gw, 'amazon-connect', { source: 'aws.connect', detail: {} });
    expect(notConnect.status).toBe(400);
    expect(notConnect.error?.message).toMatch(/detail-type|time|id/);
    const badKind = await sendJson(gw, 'sentinel', { eventId: 'e1', callId: 'c1', kind: 'exploded', at: new Date(gw.clock.now()).toISOString(), callerNumber: null, queue: null, agent: null });
    expect(badKind.status).toBe(400);
    expect(badKind.error?.message).toContain('kind');
    const hostileIds = await sendJson(gw, 'sentinel', { eventId: '../../etc', callId: '<script>', kind: 'offered', at: new Date(gw.clock.now()).toISOString(), callerNumber: null, queue: null, agent: null });
    expect(hostileIds.status).toBe(400);
    const oversized = await gw.call('POST', eventsPath(SOURCES.sentinel), { rawBody: JSON.stringify({ pad: 'x'.repeat(70_000) }), headers: { 'content-type': 'application/json' } });
    expect(oversized.status).toBe(413);
    // Only this route reads a form: elsewhere a form body is still refused.
    const formElsewhere = await gw.call('POST', routes.lookup.path, { rawBody: 'by=card', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect([400, 401, 415]).toContain(formElsewhere.status);
  });

  it('keeps no card number that a platform’s IDs or queue name happen to hold: IDs as digests, the queue masked', async ({ gw }) => {
    const ana = await gw.login('agent.ana');
    const [pan] = STANDARD_TEST_PANS;
    const callId = `c-${pan}`;
    // Later than the calls earlier tests left on Ana's desk, so it is the one her desk shows.
    const at = new Date(gw.clock.now() + 30_000).toISOString();
    const answer = await sendSentinel(gw, { eventId: pan, callId, kind: 'offered', at, callerNumber: null, queue: `Refunds ${pan}`, agent: 'ana' });
    expect(answer.body.outcome).toBe('applied');
    const pop = await current(gw, ana.token);
    expect(pop?.queue).toBe('Refunds [card ••••1111]');
    const stored = await gw.gateway.store.calls.floor({ from: 0, to: gw.clock.now() + 60_000 });
    expect(JSON.stringify(stored)).not.toContain(pan);
    // The same event again is still known as a duplicate by its digest.
    expect((await sendSentinel(gw, { eventId: pan, callId, kind: 'offered', at, callerNumber: null, queue: 'x', agent: 'ana' })).body.outcome).toBe('duplicate');
  });

  it('a caller number written in other scripts or with stray characters matches no one and is never echoed', async ({ gw }) => {
    const ana = await gw.login('agent.ana');
    const phone = await phoneOf(gw, 'CUS-000004');
    const fullwidth = phone.replace(/\d/g, (d) => String.fromCodePoint(0xff10 + Number(d)));
    const contactId = randomUUID();
    expect((await sendConnect(gw, { eventType: 'CONNECTED_TO_AGENT', contactId, at: gw.clock.now(), caller: fullwidth, agentId: AGENTS.connectAna })).body.outcome).toBe('applied');
    const pop = await current(gw, ana.token);
    expect(pop).toMatchObject({ callerMasked: '•••', matches: [] });
    expect(JSON.stringify(pop)).not.toContain(fullwidth);
  });
});
