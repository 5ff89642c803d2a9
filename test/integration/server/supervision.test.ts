// Supervision over real HTTP: the SSE stream, presence, alert rules and their
// acknowledgement, audit search, and activity reports whose totals match.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../../shared/audit.ts';
import type { Alert } from '../../../shared/schemas/supervision.ts';
import { TestDevice } from '../../harness/device/device.ts';
import { startGateway, type RunningGateway } from '../../harness/gateway/gateway.ts';
import { watchStream } from '../../harness/gateway/sse.ts';

let gw: RunningGateway;
let supervisor: string;
beforeAll(async () => {
  gw = await startGateway({ customers: 10, config: { alerts: { cardLookupBurst: { maxLookups: 3, windowMinutes: 10 } } } });
  supervisor = (await gw.login('sup.sara')).token;
});
afterAll(async () => {
  await gw.close();
});

const heartbeat = (token: string, device: TestDevice, overrides: Parameters<TestDevice['heartbeat']>[1] = {}) =>
  gw.route('heartbeat', { token, body: device.heartbeat(gw.clock.now(), overrides) });

describe('supervisor stream', () => {
  it('delivers an audit event posted by another client to the stream', async () => {
    const stream = await watchStream(`${gw.url}/v1/supervisor/stream`, supervisor);
    try {
      const desk = new TestDevice();
      const { token } = await gw.login('agent.ana', { device: desk });
      const event = desk.event({ type: 'customer.view', target: { kind: 'customer', id: 'CUS-000003' } });
      const ack = await gw.route('auditBatches', { token, body: desk.batch(desk.append([event])) });
      expect(ack.status).toBe(200);
      // Waits on the event itself; the bound only keeps a broken stream from hanging the run.
      const received = await stream.waitFor((e) => e.type === 'audit' && e.data.event.id === event.id, 10_000);
      expect(received.data).toMatchObject({ deviceId: desk.deviceId, seq: 1 });

      await heartbeat(token, desk, { state: 'idle' });
      await stream.waitFor((e) => e.type === 'presence' && e.data.deviceId === desk.deviceId && e.data.state === 'idle', 10_000);
    } finally {
      stream.close();
    }
  });

  it('replays the audit events a reconnecting client missed, from its Last-Event-ID, once each', async () => {
    const desk = new TestDevice();
    const { token } = await gw.login('agent.ana', { device: desk });
    const first = desk.event({ type: 'customer.view', target: { kind: 'customer', id: 'CUS-000001' } });
    await gw.route('auditBatches', { token, body: desk.batch(desk.append([first])) });
    // Where a client that saw `first` stood: its position, read from a stream that replays from 0.
    const missed = [desk.event(), desk.event(), desk.event()];
    const response = await fetch(`${gw.url}/v1/supervisor/stream`, { headers: { authorization: `Bearer ${supervisor}`, 'last-event-id': '0' } });
    const reader = response.body?.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!text.includes(first.id)) text += (await reader?.read())?.value ?? '';
    const firstId = new RegExp(`id: (\\d+)\\nevent: audit\\ndata: [^\\n]*${first.id}`).exec(text)?.[1];
    await reader?.cancel();
    expect(firstId).toBeDefined();
    await gw.route('auditBatches', { token, body: desk.batch(desk.append(missed)) });

    const resumed = await fetch(`${gw.url}/v1/supervisor/stream`, { headers: { authorization: `Bearer ${supervisor}`, 'last-event-id': firstId ?? '' } });
    const resumedReader = resumed.body?.pipeThrough(new TextDecoderStream()).getReader();
    let replay = '';
    while (!missed.every((e) => replay.includes(e.id))) replay += (await resumedReader?.read())?.value ?? '';
    await resumedReader?.cancel();
    for (const e of missed) expect(replay.split(e.id)).toHaveLength(2);
    expect(replay).not.toContain(first.id);
  });

  it('is refused to an agent', async () => {
    const { token } = await gw.login('agent.ana');
    const answer = await gw.route('supervisorStream', { token });
    expect(answer.status).toBe(403);
  });
});

describe('presence', () => {
  it('lists agents with live state and turns a silent desk offline', async () => {
    const desk = new TestDevice();
    const { token } = await gw.login('agent.ana', { device: desk });
    await heartbeat(token, desk, { state: 'locked', queueDepth: 4 });
    const agents = (await gw.route('agents', { token: supervisor })).body;
    // The board has a row for each live desk of an agent (earlier tests here left ana others).
    const ana = agents.find((a) => a.deviceId === desk.deviceId);
    expect(ana).toMatchObject({ username: 'agent.ana', state: 'locked', queueDepth: 4 });
    expect(agents.find((a) => a.username === 'agent.ben')).toMatchObject({ state: 'offline', deviceId: null });

    gw.clock.advance((gw.gateway.config.offlineAfterSeconds + 1) * 1000);
    await gw.gateway.presence.sweep();
    const later = (await gw.route('agents', { token: supervisor })).body;
    expect(later.find((a) => a.username === 'agent.ana')?.state).toBe('offline');
  });
});

describe('alerts', () => {
  const alertsOf = async (kind: Alert['kind']) =>
    ((await gw.route('alerts', { query: { status: 'all' }, token: supervisor })).body).filter((a) => a.kind === kind);

  it('raises one alert for a burst of card lookups', async () => {
    const { token } = await gw.login('agent.ana');
    for (let i = 0; i < 5; i++) {
      await gw.route('lookup', { token, body: { by: 'card', value: '4111111111111111' } });
    }
    const burst = await alertsOf('card_lookup_burst');
    expect(burst).toHaveLength(1);
    expect(burst[0]?.message).toContain('card lookups');
  });

  it('raises alerts for repeated failed logins, missing capture protection and sync lag', async () => {
    for (let i = 0; i < 5; i++) {
      await gw.attemptLogin('agent.ben', `wrong-password-${i}`);
    }
    expect(await alertsOf('failed_logins')).toHaveLength(1);
    await gw.login('agent.ben'); // clears the failures for later tests

    const desk = new TestDevice();
    const { token } = await gw.login('agent.ana', { device: desk });
    await heartbeat(token, desk, { captureProtection: 'unsupported', oldestUnsyncedAgeMs: 20 * 60_000, queueDepth: 120 });
    expect((await alertsOf('capture_unprotected')).some((a) => a.deviceId === desk.deviceId)).toBe(true);
    expect((await alertsOf('sync_lag')).some((a) => a.deviceId === desk.deviceId)).toBe(true);
  });

  it('are acknowledged by a supervisor, and the acknowledgement is audited', async () => {
    const [alert] = await alertsOf('card_lookup_burst');
    if (alert === undefined) throw new Error('no alert to acknowledge');
    const missingNote = await gw.call('POST', `/v1/supervisor/alerts/${alert.alertId}/ack`, { token: supervisor, body: {} });
    expect(missingNote.status).toBe(400);
    const answer = await gw.route('ackAlert', {
      params: { alertId: alert.alertId },
      token: supervisor,
      body: { note: 'Spoke with Ana: chargeback queue, expected' },
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ status: 'acknowledged', acks: [{ by: 'u-sup-sara', note: 'Spoke with Ana: chargeback queue, expected' }] });
    const acks = (await gw.gateway.store.audit.search({ type: 'alert.ack', limit: 10 })).events;
    expect(acks[0]?.event).toMatchObject({ actor: { userId: 'u-sup-sara' }, target: { kind: 'alert', id: alert.alertId } });
  });
});

describe('audit search and reports', () => {
  it('searches by user, type, customer and time, and audits the read', async () => {
    const desk = new TestDevice();
    const { token } = await gw.login('agent.ana', { device: desk });
    const view = desk.event({ type: 'customer.view', target: { kind: 'customer', id: 'CUS-000009' } });
    await gw.route('auditBatches', { token, body: desk.batch(desk.append([view])) });
    const from = new Date(Date.now() - 60_000).toISOString();
    const answer = await gw.route('auditSearch', {
      query: { customerId: 'CUS-000009', type: 'customer.view', userId: 'u-agent-ana', from },
      token: supervisor,
    });
    expect(answer.status).toBe(200);
    const found = answer.body.events;
    expect(found.map((e) => e.event.id)).toEqual([view.id]);
    const reads = (await gw.gateway.store.audit.search({ type: 'audit.read', userId: 'u-sup-sara', limit: 50 })).events;
    expect(reads.some((r) => r.event.details.customerId === 'CUS-000009')).toBe(true);
  });

  it('reports per-agent activity as JSON and CSV from the gateway’s own records of access, and the desk’s locks', async () => {
    await using report = await startGateway({ customers: 3 });
    const sara = (await report.login('sup.sara')).token;
    const desk = new TestDevice();
    const { token } = await report.login('agent.ana', { device: desk });
    const actor = { userId: 'u-agent-ana', username: 'agent.ana', roles: ['agent' as const] };
    const at = (i: number): string => new Date(Date.now() - 10_000 + i).toISOString();
    const make = (i: number, type: AuditEvent['type'], details: AuditEvent['details'] = {}, outcome: AuditEvent['outcome'] = 'success') =>
      desk.event({ type, actor, outcome, at: at(i), details, target: { kind: 'customer', id: 'CUS-000001' } });
    // Customer access counts from the gateway's own records: these go through its API...
    const call = (path: string, body?: unknown) => report.call(body === undefined ? 'GET' : 'POST', path, { token, ...(body === undefined ? {} : { body }) });
    const records = await Promise.all(['CUS-000001', 'CUS-000002', 'CUS-000003'].map((id) => report.gateway.store.customers.detail(id)));
    const order = records[0]?.orders[0]?.orderId ?? 'no order';
    const subscription = records.flatMap((r) => (r === null ? [] : r.subscriptions.map((sub) => ({ sub, customerId: r.customer.customerId })))).find(({ sub }) => sub.status !== 'cancelled');
    if (subscription === undefined) throw new Error('no active subscription in the first three customers');
    for (const [by, value] of [['customerId', 'CUS-000001'], ['customerId', 'CUS-000002'], ['order', order], ['card', '4111 1111 1111 1111'], ['card', '5555 5555 5555 4444'], ['card', '6011 1111 1111 1117']]) {
      expect((await call('/v1/customers/lookup', { by, value })).status).toBe(200);
    }
    for (const id of ['CUS-000001', 'CUS-000002']) expect((await call(`/v1/customers/${id}`)).status).toBe(200);
    expect((await call('/v1/customers/CUS-000001/notes', { text: 'Called about the parcel' })).status).toBe(200);
    expect((await call(`/v1/customers/${subscription.customerId}/subscriptions/${subscription.sub.subscriptionId}/extend`, { days: 7, reason: 'Goodwill for the late parcel' })).status).toBe(200);
    // ...while a desk's own copies of such events neither double the counts nor add accesses that never reached the gateway. Locks only desks record.
    const events = [
      make(1, 'customer.lookup', { by: 'customerId' }),
      make(2, 'customer.lookup', { by: 'card' }),
      make(3, 'customer.view'),
      make(4, 'customer.note.add'),
      make(5, 'subscription.extend'),
      make(12, 'session.lock'),
      make(13, 'session.lock'),
    ];
    expect((await report.route('auditBatches', { token, body: desk.batch(desk.append(events)) })).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      await report.attemptLogin('agent.ana', 'wrong-password-x', { device: desk });
    }
    const range = { from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 3_600_000).toISOString() };
    const json = (await report.route('activityReport', { query: { ...range, userId: 'u-agent-ana' }, token: sara })).body;
    const expected = {
      userId: 'u-agent-ana',
      username: 'agent.ana',
      lookupsByCustomerId: 2,
      lookupsByOrder: 1,
      lookupsByCard: 3,
      recordsViewed: 2,
      notesAdded: 1,
      extensions: 1,
      failedLogins: 2,
      locks: 2,
    };
    expect(json.rows).toEqual([expected]);

    const csv = await report.route('activityReport', { query: { ...range, format: 'csv' }, token: sara });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const [header, ...rows] = csv.text.trim().split('\r\n');
    expect(header).toBe(Object.keys(expected).join(','));
    const anaRow = rows.find((r) => r.startsWith('u-agent-ana,'));
    expect(anaRow).toBe(Object.values(expected).join(','));
    const agentReport = await report.route('activityReport', { query: range, token });
    expect(agentReport.status).toBe(403);
  });
});
