// @vitest-environment jsdom
// The supervisor's floor against an in-memory window.agent built from the
// contract: backfill and live merge, plumbing and filters, the stream banner,
// an agent's timeline, alert history and the charts' data.
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/App.tsx';
import type { AuditEvent } from '../../shared/audit.ts';
import type { ContractChannelName } from '../../shared/contract/channels.ts';
import { ok } from '../../shared/errors.ts';
import type { FloorReport, SupervisorStreamState } from '../../shared/schemas/floor.ts';
import type { Alert, StoredAuditEvent } from '../../shared/schemas/supervision.ts';
import { sampleAuditEvent } from '../harness/device/audit-events.ts';
import { createFakeAgent, type FakeHandler } from '../harness/desk/fake-agent.ts';

afterEach(cleanup);

const ANA = { userId: 'u-agent-ana', username: 'agent.ana', roles: ['agent' as const] };
const SARA = { userId: 'u-sup-sara', username: 'sup.sara', roles: ['supervisor' as const] };
/** The i-th item, which the test has just seen exist. */
function nth<T>(items: readonly T[], i: number): T {
  const item = items[i];
  if (item === undefined) throw new Error(`no item ${i} of ${items.length}`);
  return item;
}
const minutesAgo = (m: number): string => new Date(Date.now() - m * 60_000).toISOString();

let seq = 0;
function stored(overrides: Partial<AuditEvent>): StoredAuditEvent {
  seq += 1;
  const event = sampleAuditEvent({ id: randomUUID(), actor: ANA, ...overrides });
  return { deviceId: event.origin.deviceId, seq, receivedAt: event.at, event };
}

function alert(overrides: Partial<Alert>): Alert {
  return {
    alertId: randomUUID(),
    kind: 'card_lookup_burst',
    severity: 'warning',
    raisedAt: minutesAgo(5),
    userId: 'u-agent-ana',
    deviceId: 'desk-1',
    message: 'agent.ana made 4 card lookups within 10 minutes (limit 3)',
    status: 'open',
    occurrences: 1,
    lastOccurredAt: minutesAgo(5),
    acks: [],
    ...overrides,
  };
}

async function floor(handlers: Partial<Record<ContractChannelName, FakeHandler>> = {}) {
  const fake = createFakeAgent({ signedInAs: 'sup.sara', handlers });
  const user = userEvent.setup();
  render(<App agent={fake.agent} />);
  await screen.findByRole('heading', { name: 'Supervision' });
  return { fake, user };
}

const feedItems = (): string[] => within(screen.getByRole('list', { name: 'Events, newest first' })).queryAllByRole('listitem').map((li) => li.textContent);
const actionItems = (): string[] => within(screen.getByRole('list', { name: 'Actions, newest first' })).queryAllByRole('listitem').map((li) => li.textContent);
/** The feed's raw records, one line per record, which the tests of merging and filtering read. */
const showRaw = () => userEvent.setup().click(screen.getByLabelText('Show raw records'));
const searches = (fake: ReturnType<typeof createFakeAgent>) => fake.calls.filter((c) => c.channel === 'supervisor.searchAudit');

describe('event feed', () => {
  it('backfills on open, sorts by event time, drops duplicates and hides plumbing until asked', async () => {
    const older = stored({ at: minutesAgo(30), target: { kind: 'customer', id: 'CUS-000030' }, details: { by: 'customerId', results: 1 } });
    const newer = stored({ at: minutesAgo(10), target: { kind: 'customer', id: 'CUS-000010' }, details: { by: 'customerId', results: 1 } });
    const plumbing = stored({ type: 'audit.read', at: minutesAgo(5), actor: SARA, target: { kind: 'audit-log', id: null }, details: {} });
    // The gateway answers newest first by arrival, which is not event time: an offline desk's events arrive late.
    const { fake } = await floor({ 'supervisor.searchAudit': () => ok({ events: [older, plumbing, newer], nextCursor: null }) });
    await showRaw();
    await waitFor(() => expect(feedItems()).toHaveLength(2));
    expect(searches(fake).map((c) => c.request)).toEqual([{ limit: 500 }]);
    expect(fake.calls.filter((c) => c.channel === 'supervisor.floorReport')).toHaveLength(1);
    expect(feedItems()[0]).toContain('CUS-000010');
    expect(feedItems()[1]).toContain('CUS-000030');

    // A live event between the two lands between them; the same event replayed again stays once.
    const between = stored({ at: minutesAgo(20), target: { kind: 'order', id: 'ORD-2026-0000020' }, details: { by: 'order', results: 1 } });
    act(() => {
      fake.emit('supervisor.audit', between);
      fake.emit('supervisor.audit', between);
      fake.emit('supervisor.audit', newer);
    });
    expect(feedItems()).toHaveLength(3);
    expect(feedItems()[1]).toContain('ORD-2026-0000020');

    expect(feedItems().join()).not.toContain('audit.read');
    const plumbingBox = screen.getByLabelText('Show plumbing events (1 hidden)');
    await userEvent.setup().click(plumbingBox);
    expect(feedItems()).toHaveLength(4);
    expect(feedItems()[0]).toContain('audit.read');
  });

  it('filters without regard to case, by type and by agent', async () => {
    const ben = { userId: 'u-agent-ben', username: 'agent.ben', roles: ['agent' as const] };
    const events = [
      stored({ at: minutesAgo(3), target: { kind: 'customer', id: 'CUS-000003' } }),
      stored({ type: 'customer.note.add', at: minutesAgo(2), actor: ben, target: { kind: 'customer', id: 'CUS-000002' }, details: { noteId: 'N-9' } }),
      stored({ type: 'auth.login', at: minutesAgo(1), outcome: 'failure', reason: 'invalid_credentials', actor: { userId: null, username: 'Agent.Ghost', roles: [] }, target: { kind: 'session', id: null }, details: {} }),
    ];
    const { user } = await floor({
      'supervisor.searchAudit': () => ok({ events, nextCursor: null }),
      'supervisor.agents': () =>
        ok(
          [ANA, ben].map((a) => ({ ...a, displayName: a.username, deviceId: 'd', state: 'active', captureProtection: 'protected', queueDepth: 0, appVersion: '1', lastSeenAt: minutesAgo(0), stateSince: minutesAgo(9) })),
        ),
    });
    await showRaw();
    await waitFor(() => expect(feedItems()).toHaveLength(3));
    const feed = within(screen.getByRole('region', { name: 'Live events' }));
    await user.type(feed.getByLabelText('Filter'), 'AGENT.GHOST');
    expect(feedItems()).toHaveLength(1);
    expect(feedItems()[0]).toContain('invalid_credentials');
    await user.clear(feed.getByLabelText('Filter'));
    await user.type(feed.getByLabelText('Filter'), 'cus-00000');
    expect(feedItems()).toHaveLength(2);
    await user.clear(feed.getByLabelText('Filter'));

    await user.selectOptions(feed.getByLabelText('Type'), 'customer.note.add');
    expect(feedItems()).toHaveLength(1);
    expect(feedItems()[0]).toContain('agent.ben');
    await user.selectOptions(feed.getByLabelText('Type'), '');
    await user.selectOptions(feed.getByLabelText('Agent'), 'u-agent-ana');
    expect(feedItems()).toHaveLength(1);
    expect(feedItems()[0]).toContain('CUS-000003');
  });

  it('says when live updates are paused, and backfills again once the stream is back', async () => {
    let backfill = 0;
    const missed = stored({ at: minutesAgo(1), target: { kind: 'customer', id: 'CUS-000099' } });
    const { fake } = await floor({
      'supervisor.searchAudit': () => {
        backfill += 1;
        return ok({ events: backfill === 1 ? [] : [missed], nextCursor: null });
      },
    });
    await screen.findByText(/^Live since/);
    await showRaw();
    const state = (s: Partial<SupervisorStreamState>): SupervisorStreamState => ({ status: 'live', since: new Date().toISOString(), retryAt: null, attempts: 0, ...s });
    act(() => fake.emit('supervisor.stream', state({ status: 'reconnecting', attempts: 2, retryAt: new Date(Date.now() + 4000).toISOString() })));
    const banner = screen.getByRole('status');
    expect(banner.textContent).toMatch(/Live updates paused since .*Reconnecting at .* \(try 2\)/);
    expect(searches(fake)).toHaveLength(1);

    act(() => fake.emit('supervisor.stream', state({ since: new Date(Date.now() + 1).toISOString() })));
    await waitFor(() => expect(feedItems().join()).toContain('CUS-000099'));
    expect(searches(fake)).toHaveLength(2);
    expect(screen.queryByText(/Live updates paused/)).toBeNull();
  });
});

describe('event feed as actions', () => {
  it('shows one line per action in plain words, with who recorded it, and the raw records behind a toggle', async () => {
    const lookup = sampleAuditEvent({ id: randomUUID(), actor: ANA, at: minutesAgo(2), target: { kind: 'customer', id: 'CUS-000004' }, details: { by: 'customerId', results: 1 } });
    // The desk's record and the gateway's own of one lookup: a second apart, and each with its own event ID.
    const fromDesk: StoredAuditEvent = { deviceId: 'desk-1', seq: 1, receivedAt: lookup.at, event: lookup };
    const fromGateway: StoredAuditEvent = {
      deviceId: 'gateway',
      seq: 2,
      receivedAt: lookup.at,
      event: { ...lookup, id: randomUUID(), at: new Date(Date.parse(lookup.at) + 1000).toISOString(), origin: { ...lookup.origin, deviceId: 'gateway' } },
    };
    // Two lookups the gateway never heard of (it was down), close together: two actions, not one.
    const offline = [0, 1].map((n) =>
      stored({ at: new Date(Date.parse(lookup.at) + 5000 + n * 1000).toISOString(), outcome: 'failure', reason: 'server_unreachable', target: { kind: 'customer', id: 'CUS-000005' } }),
    );
    const { user } = await floor({ 'supervisor.searchAudit': () => ok({ events: [fromGateway, ...offline, fromDesk], nextCursor: null }) });
    await waitFor(() => expect(actionItems()).toHaveLength(3));
    const [second, first, paired] = actionItems();
    expect(paired).toMatch(/ · agent\.ana looked up customer CUS-000004 · recorded by desk and gateway$/);
    for (const line of [first, second]) expect(line).toMatch(/agent\.ana looked up customer CUS-000005 — failed \(server_unreachable\) · recorded by the desk only$/);
    expect(actionItems().join()).not.toContain('customer.lookup');
    expect(screen.getByText('3 actions from 4 of 4 records')).toBeTruthy();

    await user.click(screen.getByLabelText('Show raw records'));
    expect(feedItems()).toHaveLength(4);
    expect(feedItems().filter((line) => line.includes('customer.lookup'))).toHaveLength(4);
    expect(screen.queryByRole('list', { name: 'Actions, newest first' })).toBeNull();
  });
});

describe('agent board', () => {
  it('names the audit backlog for what it is and shows time in state', async () => {
    await floor();
    const board = within(screen.getByRole('region', { name: 'Agents' }));
    expect(board.getByRole('columnheader', { name: 'Unsynced audit events' })).toBeTruthy();
    expect(board.queryByRole('columnheader', { name: 'Queue' })).toBeNull();
    expect(board.getByRole('columnheader', { name: 'In state for' })).toBeTruthy();
  });

  it('shows each live desk of an agent: a second desk reporting adds a row instead of hiding the first', async () => {
    const { fake } = await floor();
    const board = within(screen.getByRole('region', { name: 'Agents' }));
    await waitFor(() => expect(board.getAllByRole('row')).toHaveLength(2));
    await waitFor(() => expect(fake.listens('supervisor.presence')).toBe(true));
    const second = { userId: 'u-agent-ana', username: 'agent.ana', displayName: 'Ana Agent', deviceId: 'desk-2', state: 'locked', captureProtection: 'protected', queueDepth: 4, appVersion: '0.1.0', lastSeenAt: minutesAgo(0), stateSince: minutesAgo(0), auditIntegrity: 'ok' } as const;
    act(() => fake.emit('supervisor.presence', second));
    await waitFor(() => expect(board.getAllByRole('row')).toHaveLength(3));
    expect(board.getAllByRole('button', { name: 'Ana Agent' })).toHaveLength(2);
    act(() => fake.emit('supervisor.presence', { ...second, state: 'active' }));
    await waitFor(() => expect(board.getAllByText('active')).toHaveLength(2));
    expect(board.getAllByRole('row')).toHaveLength(3);
    // The feed's agent filter names her once.
    const feed = within(screen.getByRole('region', { name: 'Live events' }));
    expect(within(feed.getByLabelText('Agent')).getAllByRole('option', { name: 'agent.ana' })).toHaveLength(1);
  });

  it('marks time in a state past policy’s thresholds for it, in words as well as colour', async () => {
    const { fake } = await floor();
    const board = within(screen.getByRole('region', { name: 'Agents' }));
    await waitFor(() => expect(fake.listens('supervisor.presence')).toBe(true));
    const desk = { username: 'agent.ana', displayName: 'Ana Agent', captureProtection: 'protected', queueDepth: 0, appVersion: '0.1.0', lastSeenAt: minutesAgo(0), auditIntegrity: 'ok' } as const;
    // The fake's policy has the defaults: idle warns at 5 and alerts at 15 minutes, locked at 10 and 30; active is never marked.
    act(() => fake.emit('supervisor.presence', { ...desk, userId: 'u-1', deviceId: 'd-1', state: 'idle', stateSince: minutesAgo(20) }));
    act(() => fake.emit('supervisor.presence', { ...desk, userId: 'u-2', deviceId: 'd-2', state: 'locked', stateSince: minutesAgo(12) }));
    act(() => fake.emit('supervisor.presence', { ...desk, userId: 'u-3', deviceId: 'd-3', state: 'idle', stateSince: minutesAgo(2) }));
    act(() => fake.emit('supervisor.presence', { ...desk, userId: 'u-4', deviceId: 'd-4', state: 'active', stateSince: minutesAgo(300) }));
    await waitFor(() => expect(board.getByText('(over 15 min idle)').closest('.badge')?.className).toContain('danger'));
    expect(board.getByText('(over 10 min locked)').closest('.badge')?.className).toContain('warn');
    expect(board.queryAllByText(/over \d+ min/)).toHaveLength(2);
  });
});

describe('agent timeline', () => {
  it('opens on a click with states and durations, lookups, notes and alerts over the chosen range', async () => {
    const at = (m: number): string => minutesAgo(m);
    const trail = [
      stored({ type: 'auth.login', at: at(120), target: { kind: 'session', id: null }, details: {} }),
      stored({ at: at(110), target: { kind: 'card', id: '••••1111' }, details: { by: 'card', results: 1 } }),
      stored({ type: 'customer.note.add', at: at(100), target: { kind: 'customer', id: 'CUS-000001' }, details: { noteId: 'N-1' } }),
      stored({ type: 'session.lock', at: at(60), target: { kind: 'session', id: null }, details: {} }),
      stored({ type: 'session.unlock', at: at(30), target: { kind: 'session', id: null }, details: {} }),
      // A revoked desk's upload is evidence, not activity: it changes no state below.
      { ...stored({ type: 'session.lock', at: at(90), target: { kind: 'session', id: null }, details: {} }), flag: 'device_revoked' as const },
    ];
    const alerts = [alert({ raisedAt: at(105) }), alert({ userId: 'u-agent-ben', message: 'not Ana' }), alert({ raisedAt: at(60 * 24 * 3), message: 'long ago' })];
    const { fake, user } = await floor({
      'supervisor.searchAudit': (request: { userId?: string; from?: string; to?: string }) =>
        ok({ events: trail.filter((e) => e.event.actor.userId === request.userId && e.event.at >= (request.from ?? '') && e.event.at < (request.to ?? '~')), nextCursor: null }),
      'supervisor.alerts': () => ok(alerts),
    });
    await user.click(await screen.findByRole('button', { name: 'Ana Agent' }));
    const timeline = within(await screen.findByRole('region', { name: 'Timeline: Ana Agent' }));
    const query = searches(fake).at(-1)?.request as { userId: string; from: string; to: string };
    expect(query.userId).toBe('u-agent-ana');
    expect(Date.parse(query.to) - Date.parse(query.from)).toBeGreaterThan(7 * 3_600_000);

    const states = within(await timeline.findByRole('table', { name: 'States' }));
    const rows = states.getAllByRole('row').slice(1).map((r) => r.textContent);
    expect(rows.map((r) => (/^(No data|Active|Locked)/.exec(r))?.[0])).toEqual(['No data', 'Active', 'Locked', 'Active']);
    expect(rows[1]).toMatch(/1 h 00 min$/);
    expect(rows[2]).toMatch(/30 min$/);
    const activity = timeline.getByRole('list', { name: 'Activity and alerts, newest first' }).textContent;
    expect(activity).toContain('Lookup');
    expect(activity).toContain('••••1111 by card');
    expect(activity).toContain('Note');
    expect(activity).toContain('Alert: card_lookup_burst');
    expect(activity).not.toContain('not Ana');
    expect(activity).not.toContain('long ago');

    // A narrower range asks the gateway again for exactly that range.
    await user.clear(timeline.getByLabelText('From'));
    await user.type(timeline.getByLabelText('From'), '2026-11-30T09:00');
    await user.clear(timeline.getByLabelText('To'));
    await user.type(timeline.getByLabelText('To'), '2026-11-30T17:30');
    await user.click(timeline.getByRole('button', { name: 'Show range' }));
    await waitFor(() => expect((searches(fake).at(-1)?.request as { from: string }).from).toBe(new Date('2026-11-30T09:00').toISOString()));
    expect((searches(fake).at(-1)?.request as { to: string }).to).toBe(new Date('2026-11-30T17:30').toISOString());
    expect(timeline.getByText('Nothing in this range.')).toBeTruthy();

    await user.type(timeline.getByLabelText('To'), '{selectall}{backspace}');
    await user.click(timeline.getByRole('button', { name: 'Show range' }));
    expect(timeline.getByRole('alert').textContent).toBe('Choose a start before the end');
  });
});

describe('agent timeline paging', () => {
  it('loads earlier events of the same range page by page', async () => {
    const recent = stored({ at: minutesAgo(10), target: { kind: 'customer', id: 'CUS-000010' } });
    const earlier = stored({ at: minutesAgo(200), target: { kind: 'customer', id: 'CUS-000200' } });
    const { fake, user } = await floor({
      'supervisor.searchAudit': (request: { userId?: string; cursor?: string }) =>
        request.userId === undefined ? ok({ events: [], nextCursor: null }) : request.cursor === 'page-2' ? ok({ events: [earlier], nextCursor: null }) : ok({ events: [recent], nextCursor: 'page-2' }),
    });
    await user.click(await screen.findByRole('button', { name: 'Ana Agent' }));
    const timeline = within(await screen.findByRole('region', { name: 'Timeline: Ana Agent' }));
    await timeline.findByText(/CUS-000010/);
    expect(timeline.queryByText(/CUS-000200/)).toBeNull();
    const first = searches(fake).at(-1)?.request as { from: string; to: string };
    await user.click(timeline.getByRole('button', { name: 'Load earlier events' }));
    await timeline.findByText(/CUS-000200/);
    expect(searches(fake).at(-1)?.request).toEqual({ userId: 'u-agent-ana', from: first.from, to: first.to, limit: 500, cursor: 'page-2' });
    expect(timeline.getByText(/CUS-000010/)).toBeTruthy();
    expect(timeline.queryByRole('button', { name: 'Load earlier events' })).toBeNull();
  });
});

describe('alert history', () => {
  it('filters by status at the gateway and by severity here; an ack shows who, when and what', async () => {
    const history = [
      alert({ severity: 'critical', kind: 'audit_chain_break', message: 'chain broke on desk-9' }),
      alert({ severity: 'warning' }),
      alert({ status: 'acknowledged', acks: [{ by: 'u-sup-max', at: minutesAgo(2), note: 'Spoke to Ana: chargeback batch' }], message: 'earlier burst' }),
    ];
    const { fake, user } = await floor({
      'supervisor.alerts': (request: { status: string }) => ok(history.filter((a) => request.status === 'all' || a.status === request.status)),
      'supervisor.ackAlert': (request: { alertId: string; note: string }) => {
        const i = history.findIndex((a) => a.alertId === request.alertId);
        const before = nth(history, i);
        history[i] = { ...before, status: 'acknowledged', acks: [...before.acks, { by: 'u-sup-sara', at: new Date().toISOString(), note: request.note }] };
        return ok(history[i]);
      },
    });
    const panel = within(screen.getByRole('region', { name: /^Alerts/ }));
    await waitFor(() => expect(panel.getAllByRole('listitem')).toHaveLength(2));
    expect(fake.calls.filter((c) => c.channel === 'supervisor.alerts').map((c) => c.request)).toEqual([{ status: 'open' }]);

    await user.selectOptions(panel.getByLabelText('Severity'), 'critical');
    expect(panel.getAllByRole('listitem')).toHaveLength(1);
    expect(panel.getByRole('listitem').textContent).toContain('chain broke on desk-9');
    await user.selectOptions(panel.getByLabelText('Severity'), 'all');

    await user.selectOptions(panel.getByLabelText('Status'), 'acknowledged');
    await waitFor(() => expect(panel.getAllByRole('listitem')).toHaveLength(1));
    expect(fake.calls.at(-1)?.request).toEqual({ status: 'acknowledged' });
    expect(panel.getByRole('listitem').textContent).toMatch(/Acknowledged by u-sup-max at .+: “Spoke to Ana: chargeback batch”/);

    await user.selectOptions(panel.getByLabelText('Status'), 'open');
    await waitFor(() => expect(panel.getAllByRole('listitem')).toHaveLength(2));
    const first = within(nth(panel.getAllByRole('listitem'), 0));
    await user.click(first.getByRole('button', { name: 'Acknowledge' }));
    // A person sees the message, never the field path the API names it by.
    expect(await first.findByRole('alert')).toHaveProperty('textContent', 'The note (say what was done about the alert) needs at least 3 characters');
    await user.type(first.getByLabelText('What was done'), 'Desk re-imaged by IT');
    await user.click(first.getByRole('button', { name: 'Acknowledge' }));
    await waitFor(() => expect(panel.getAllByRole('listitem')).toHaveLength(1));
    await user.selectOptions(panel.getByLabelText('Status'), 'all');
    await waitFor(() => expect(panel.getAllByRole('listitem').map((li) => li.textContent).join('\n')).toMatch(/Acknowledged by u-sup-sara at .+: “Desk re-imaged by IT”/));
  });
});

describe('floor charts', () => {
  it('asks the gateway for the range and gives every chart a data table', async () => {
    const hour = (h: number, counts: Partial<FloorReport['hours'][number]>): FloorReport['hours'][number] => ({
      hour: new Date(Date.UTC(2026, 10, 30, h)).toISOString(),
      lookupsByCustomerId: 0,
      lookupsByOrder: 0,
      lookupsByCard: 0,
      failedSignIns: 0,
      ...counts,
    });
    const report = (request: { from: string; to: string }): FloorReport => ({
      from: request.from,
      to: request.to,
      generatedAt: new Date().toISOString(),
      hours: [hour(9, { lookupsByCustomerId: 7, lookupsByCard: 4 }), hour(10, {}), hour(11, { lookupsByOrder: 2, failedSignIns: 3 })],
      agents: [{ userId: 'u-agent-ana', username: 'agent.ana', ms: { active: 5_400_000, locked: 1_800_000, signed_out: 0, unknown: 600_000 } }],
      truncated: false,
    });
    const { fake, user } = await floor({ 'supervisor.floorReport': (request: { from: string; to: string }) => ok(report(request)) });
    const charts = within(screen.getByRole('region', { name: 'Floor charts' }));
    expect(await charts.findByRole('img', { name: 'Lookups per hour: 13 lookups, busiest hour ' + new Date(Date.UTC(2026, 10, 30, 9)).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) })).toBeTruthy();
    expect(charts.getByRole('img', { name: 'Failed sign-ins per hour: 3 failed sign-ins' })).toBeTruthy();
    expect(charts.getByRole('img', { name: 'Time in state per agent: agent.ana active 1 h 30 min, locked 30 min' })).toBeTruthy();
    const first = fake.calls.find((c) => c.channel === 'supervisor.floorReport')?.request as { from: string; to: string };
    expect(Date.parse(first.to) - Date.parse(first.from)).toBe(8 * 3_600_000);

    const tables = charts.getAllByRole('table');
    expect(tables).toHaveLength(3);
    // Hours with nothing in them are left out of the table; the chart still shows them as zero.
    const lookupRows = within(nth(tables, 0)).getAllByRole('row').slice(1).map((r) => [...r.querySelectorAll('td')].slice(1, 4).map((td) => td.textContent));
    expect(lookupRows).toEqual([['7', '0', '4'], ['0', '2', '0']]);
    expect(within(nth(tables, 2)).getAllByRole('row')[1]?.textContent).toBe('agent.ana1 h 30 min30 min0 s10 min');

    await user.selectOptions(charts.getByLabelText('Range'), 'Last 7 days');
    await waitFor(() => {
      const last = fake.calls.filter((c) => c.channel === 'supervisor.floorReport').at(-1)?.request as { from: string; to: string };
      expect(Date.parse(last.to) - Date.parse(last.from)).toBe(168 * 3_600_000);
    });
  });
});
