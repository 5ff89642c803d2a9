// The floor report over real HTTP: lookups and failed sign-ins per hour and
// time in state per agent, computed from what the gateway stored, audited, and
// refusing bad ranges and the wrong role. Lookups and sign-ins count from the
// gateway's own records only: a desk's copy of the same lookup does not. A
// wrong password at unlock is a failed sign-in too, in the chart and in the
// activity report alike (one definition, shared/report-figures.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestDevice } from '../../harness/device/device.ts';
import { startGateway, type RunningGateway } from '../../harness/gateway/gateway.ts';
import type { RouteCall } from '../../harness/gateway/route-client.ts';

const HOUR = 3_600_000;
const MIN = 60_000;
const ANA = { userId: 'u-agent-ana', username: 'agent.ana', roles: ['agent' as const] };

let gw: RunningGateway;
let supervisor: string;
let base: number;
let signedInAt: number;
let to: number;

const floor = (query: RouteCall<'floorReport'>['query'], token = supervisor) => gw.route('floorReport', { query, token });
const iso = (ms: number): string => new Date(ms).toISOString();

beforeAll(async () => {
  gw = await startGateway({ customers: 3 });
  supervisor = (await gw.login('sup.sara')).token;
  base = Math.floor(gw.clock.now() / HOUR) * HOUR - 3 * HOUR;
  // Two wrong passwords at the gateway (they count), then Ana's real sign-in.
  for (let i = 0; i < 2; i++) {
    const refused = await gw.attemptLogin('agent.ana', 'wrong-password-123');
    expect(refused.status).toBe(401);
    expect(refused.error?.code).toBe('invalid_credentials');
  }
  signedInAt = gw.clock.now();
  to = signedInAt + MIN;
  const desk = new TestDevice();
  const { token, grant } = await gw.login('agent.ana', { device: desk });
  // A wrong password at unlock: a failed sign-in in both reports.
  const unlock = await gw.route('reauth', { body: { ...desk.sessionProof('reauth', grant.tokens.refreshToken), password: 'wrong-password-123' } });
  expect(unlock.status).toBe(401);
  // The lookups the gateway answers (and records) in the sign-in's hour; the desk's copies below are not counted again.
  for (const body of [{ by: 'customerId', value: 'CUS-000001' }, { by: 'order', value: 'ORD-2026-0000001' }, { by: 'card', value: '4111111111111111' }] as const) {
    expect((await gw.route('lookup', { token, body })).status).toBe(200);
  }
  const at = (minutes: number) => iso(base + minutes * MIN);
  const events = [
    // A desk's own copies (a failed sign-in while the gateway was unreachable, lookups) are not the gateway's records: not counted.
    desk.event({ type: 'auth.login', at: at(5), outcome: 'failure', reason: 'server_unreachable', actor: { userId: null, username: 'agent.ana', roles: [] }, target: { kind: 'session', id: null }, details: {} }),
    desk.event({ type: 'auth.login', at: at(10), actor: ANA, target: { kind: 'session', id: null }, details: {} }),
    desk.event({ at: at(20), actor: ANA, target: { kind: 'card', id: '••••1111' }, details: { by: 'card', results: 1 } }),
    desk.event({ at: at(30), actor: ANA, target: { kind: 'customer', id: 'CUS-000001' }, details: { by: 'customerId', results: 1 } }),
    desk.event({ at: at(70), actor: ANA, target: { kind: 'customer', id: 'CUS-000002' }, details: { by: 'customerId', results: 1 } }),
    desk.event({ at: at(75), outcome: 'failure', reason: 'server_unreachable', actor: ANA, target: { kind: 'customer', id: 'CUS-000009' }, details: { by: 'customerId', results: 0 } }),
    desk.event({ type: 'session.lock', at: at(80), actor: ANA, target: { kind: 'session', id: null }, details: { reason: 'idle' } }),
    desk.event({ type: 'session.unlock', at: at(110), actor: ANA, target: { kind: 'session', id: null }, details: {} }),
    desk.event({ at: at(130), actor: ANA, target: { kind: 'order', id: 'ORD-2026-0000001' }, details: { by: 'order', results: 1 } }),
    desk.event({ type: 'auth.logout', at: at(150), actor: ANA, target: { kind: 'session', id: null }, details: {} }),
  ];
  expect((await gw.route('auditBatches', { token, body: desk.batch(desk.append(events)) })).status).toBe(200);
});
afterAll(async () => {
  await gw.close();
});

describe('floor report', () => {
  it('counts the gateway’s lookups by mode and failed sign-ins per hour, and time in state per agent', async () => {
    const answer = await floor({ from: iso(base), to: iso(to) });
    expect(answer.status).toBe(200);
    const report = answer.body;
    expect(report.truncated).toBe(false);
    const hourOfSignIn = Math.floor((signedInAt - base) / HOUR);
    // Usually four hours; five when the sign-in fell in the last minute of an hour.
    const expected = Array.from({ length: Math.ceil((to - base) / HOUR) }, (_, h) => h).map((h) => ({
      hour: iso(base + h * HOUR),
      lookupsByCustomerId: h === hourOfSignIn ? 1 : 0,
      lookupsByOrder: h === hourOfSignIn ? 1 : 0,
      lookupsByCard: h === hourOfSignIn ? 1 : 0,
      failedSignIns: h === hourOfSignIn ? 3 : 0,
    }));
    expect(report.hours).toEqual(expected);
    expect(report.agents).toEqual([
      {
        userId: 'u-agent-ana',
        username: 'agent.ana',
        ms: { unknown: 10 * MIN, active: 70 * MIN + 40 * MIN + (to - signedInAt), locked: 30 * MIN, signed_out: signedInAt - (base + 150 * MIN) },
      },
    ]);
    const total = Object.values(report.agents[0]?.ms ?? {}).reduce((a, b) => a + b, 0);
    expect(total).toBe(to - base);
  });

  it('agrees with the activity report on every figure both show', async () => {
    const range = { from: iso(base), to: iso(to) };
    const hours = (await floor(range)).body.hours;
    const rows = (await gw.route('activityReport', { query: { ...range, userId: 'u-agent-ana' }, token: supervisor })).body.rows;
    const sum = (pick: (h: (typeof hours)[number]) => number): number => hours.reduce((n, h) => n + pick(h), 0);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      lookupsByCustomerId: sum((h) => h.lookupsByCustomerId),
      lookupsByOrder: sum((h) => h.lookupsByOrder),
      lookupsByCard: sum((h) => h.lookupsByCard),
      failedLogins: sum((h) => h.failedSignIns),
    });
    expect(rows[0]?.failedLogins).toBe(3);
  });

  it('is itself audited by the gateway', async () => {
    await floor({ from: iso(base), to: iso(to) });
    const { events } = await gw.gateway.store.audit.search({ type: 'report.generate', limit: 10 });
    expect(events[0]?.event).toMatchObject({ actor: { username: 'sup.sara' }, target: { kind: 'report', id: 'floor' }, details: { from: iso(base), to: iso(to) } });
    expect(events[0]?.deviceId).toBe('gateway');
  });

  it('answers many concurrent requests alike', async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, () => floor({ from: iso(base), to: iso(to) })));
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 12 }, () => 200));
    const shapes = new Set(answers.map((a) => JSON.stringify({ hours: a.json.hours, agents: a.json.agents })));
    expect(shapes.size).toBe(1);
  });

  it('refuses a reversed, too long or malformed range with a typed error, and refuses agents', async () => {
    const bad = [
      { from: iso(to), to: iso(base) },
      { from: iso(base - 8 * 24 * HOUR), to: iso(base) },
      { from: '2026-13-45T99:00:00Z', to: iso(base) },
      { from: `${iso(base)}%00`, to: iso(to) },
      { from: 'x'.repeat(10_000), to: iso(to) },
      { to: iso(to) },
    ];
    for (const query of bad) {
      const answer = await gw.call('GET', `/v1/supervisor/reports/floor?${new URLSearchParams(query as Record<string, string>).toString()}`, { token: supervisor });
      expect(answer.status, JSON.stringify(query).slice(0, 80)).toBe(400);
      expect(answer.json.error?.code).toBe('invalid_request');
    }
    const { token } = await gw.login('agent.ben');
    expect((await floor({ from: iso(base), to: iso(to) }, token)).status).toBe(403);
    expect((await gw.route('floorReport', { query: { from: iso(base), to: iso(to) } })).status).toBe(401);
  });
});
