// Issue 26 (PCI DSS 10.4.1.1, 10.7.2, 10.7.3): a simulated month of six agents
// on signed desks, over real HTTP on the run's engine and a manual clock. Every
// working day each agent signs in at 09:00 UTC, makes a few card lookups and
// opens two customers of their own. Planted: 10x the usual card lookups, access
// at night, one customer opened by six agents, screen-capture protection off
// for 20 minutes, an admin who grants a role (on the last day). The daily job reviews each day;
// each anomaly is a finding of its day and nothing else in the month is; a
// supervisor signs the days off; the last one, left unsigned, alerts; the
// capture outage is an incident that closes only with its whole analysis.
import { expect } from 'vitest';
import type { ReviewDay } from '../../../shared/schemas/review.ts';
import { incidentsFor, reviewEvidenceFor } from '../../../server/audit/review-evidence.ts';
import { STANDARD_TEST_PANS } from '../../harness/arbitraries/pan-arbitraries.ts';
import { gatewayAuditEvents } from '../../harness/gateway/admin.ts';
import { createAccount } from '../../harness/gateway/accounts.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';
import type { RunningGateway } from '../../harness/gateway/gateway.ts';
import { agentDesk, customerId, DAY_MS, dayString, demoDesk, HOUR_MS, midnightAfter, ok, testPan, type Desk } from '../../harness/review/month.ts';

const it = gatewayTestWith({
  customers: 40,
  config: {
    authRateLimitPerMinute: 100_000,
    // The planted day's 40 card lookups in a quarter of an hour are for the review to find, not for the live caps to stop.
    customerAccess: { cardLookups: { max: 500 } },
    alerts: { cardLookupBurst: { maxLookups: 500 } },
  },
});

const MONTH_DAYS = 28;
const BIG_LOOKUPS_DAY = 20;
const NIGHT_DAY = 22;
const SHARED_CUSTOMER_DAY = 24;
const CAPTURE_DAY = 26;
const ROLE_DAY = 28;
const SHARED_CUSTOMER = customerId(7);

interface Month {
  readonly agents: Desk[];
  readonly sara: Desk;
  readonly admin: Desk;
  /** Midnight UTC of day 1. */
  readonly start: number;
  readonly dayOf: (n: number) => string;
}

let month: Month | undefined;
const theMonth = (): Month => {
  if (month === undefined) throw new Error('the month has not run');
  return month;
};

const at = (gw: RunningGateway, start: number, day: number, hours: number): void => {
  gw.clock.set(start + (day - 1) * DAY_MS + hours * HOUR_MS);
};

/** One agent's ordinary morning: four card lookups, and two customers of their own opened. */
async function ordinaryMorning(gw: RunningGateway, desk: Desk, index: number, day: number): Promise<string> {
  const token = await desk.signIn();
  for (let i = 0; i < 4; i += 1) await ok(gw.route('lookup', { token, body: { by: 'card', value: testPan(index + i + day) } }), 'lookup');
  for (const n of [10 + index * 2, 11 + index * 2]) await ok(gw.route('customer', { token, params: { customerId: customerId(n) } }), 'customer');
  return token;
}

/** The supervisor signs off every day generated and still pending, with a note per finding. */
async function signOffPending(gw: RunningGateway, sara: Desk, from: string, to: string): Promise<ReviewDay[]> {
  const token = await sara.signIn();
  const days = (await ok(gw.route('reviewDays', { token, query: { from, to } }), 'reviewDays')).body;
  const signed: ReviewDay[] = [];
  for (const day of days.filter((d) => d.status !== 'signed')) {
    const notes = day.findings.map((f) => ({ findingId: f.findingId, note: `Checked ${f.rule} with the team lead; see ticket SEC-${day.day}` }));
    signed.push((await ok(gw.route('reviewSignOff', { token, params: { day: day.day }, body: { notes } }), `sign-off ${day.day}`)).body);
  }
  return signed;
}

it('reviews a simulated month: each planted anomaly is a finding of its day, and nothing else is', { timeout: 600_000 }, async ({ gw }) => {
  const agents: Desk[] = [];
  // The job's first run, at the gateway's start, reviewed the day before it; it is done before the clock moves.
  await gw.gateway.dailyReview.runNow();
  // Day 0: the floor is set up (accounts, desks enrolled, a team); the month under review starts the next midnight.
  const start = midnightAfter(gw.clock.now(), 2);
  gw.clock.set(start - DAY_MS + 8 * HOUR_MS);
  for (let n = 1; n <= 6; n += 1) agents.push(await agentDesk(gw, n));
  const sara = demoDesk(gw, 'sup.sara', 'u-sup-sara');
  const admin = demoDesk(gw, 'admin.ivan', 'u-admin-ivan');
  const adminToken = await admin.signIn();
  const team = (await ok(gw.route('adminCreateTeam', { token: adminToken, body: { name: 'Month floor', reason: 'Ticket HR-1: new floor' } }), 'team')).body;
  for (const desk of agents) {
    await desk.signIn();
    await ok(gw.route('adminAssignTeamMember', { token: adminToken, params: { teamId: team.teamId }, body: { userId: desk.userId, reason: 'Ticket HR-1: new floor' } }), 'assign');
  }
  await sara.signIn();
  const dayOf = (n: number): string => dayString(start + (n - 1) * DAY_MS);
  const before = dayString(start - 40 * DAY_MS);
  // What the gateway generated before the month (the day before it started, the set-up day) is signed off in time too.
  await signOffPending(gw, sara, before, dayOf(0));
  at(gw, start, 1, 0.5);
  await gw.gateway.dailyReview.runNow();
  await signOffPending(gw, sara, before, dayOf(0));
  expect(await gw.gateway.alerts.list('all')).not.toContainEqual(expect.objectContaining({ kind: 'review_overdue' }));

  const [a1, a2, a3, a4] = agents;
  if (a1 === undefined || a2 === undefined || a3 === undefined || a4 === undefined) throw new Error('agents');
  for (let day = 1; day <= MONTH_DAYS; day += 1) {
    at(gw, start, day, 9);
    for (const [index, desk] of agents.entries()) {
      const token = await ordinaryMorning(gw, desk, index, day);
      if (day === BIG_LOOKUPS_DAY && desk === a1) {
        for (let i = 0; i < 36; i += 1) await ok(gw.route('lookup', { token, body: { by: 'card', value: testPan(i) } }), 'big lookups');
      }
      if (day === SHARED_CUSTOMER_DAY) await ok(gw.route('customer', { token, params: { customerId: SHARED_CUSTOMER } }), 'shared customer');
    }
    if (day === NIGHT_DAY) {
      at(gw, start, day, 2.5);
      const token = await a2.signIn();
      await ok(gw.route('customer', { token, params: { customerId: customerId(30) } }), 'night read');
    }
    if (day === CAPTURE_DAY) {
      at(gw, start, day, 10);
      const token = await a3.signIn();
      for (let minute = 0; minute <= 20; minute += 5) {
        at(gw, start, day, 10 + minute / 60);
        const heartbeat = a3.device.heartbeat(gw.clock.now(), { captureProtection: minute < 20 ? 'off' : 'protected' });
        await ok(gw.route('heartbeat', { token: minute < 15 ? token : await a3.signIn(), body: heartbeat }), 'heartbeat');
      }
    }
    if (day === ROLE_DAY) {
      at(gw, start, day, 11);
      await ok(gw.route('adminSetRoles', { token: await admin.signIn(), params: { userId: a4.userId }, body: { roles: ['agent', 'supervisor'], reason: 'Ticket HR-9: acting team lead' } }), 'roles');
    }
    // Past midnight the job reviews the day that ended; the supervisor signs it off, except the month's last.
    at(gw, start, day + 1, 0.5);
    await gw.gateway.dailyReview.runNow();
    if (day < MONTH_DAYS) await signOffPending(gw, sara, dayOf(1), dayOf(day));
  }
  month = { agents, sara, admin, start, dayOf };

  const token = await sara.signIn();
  const days = (await ok(gw.route('reviewDays', { token, query: { from: dayOf(1), to: dayOf(MONTH_DAYS) } }), 'month')).body;
  expect(days.map((d) => d.day)).toEqual(Array.from({ length: MONTH_DAYS }, (_, i) => dayOf(i + 1)));
  const found = days.flatMap((d) => d.findings.map((f) => [d.day, f.rule, f.subject.id]));
  const captureDesk = a3.device.deviceId;
  expect(found).toEqual([
    [dayOf(BIG_LOOKUPS_DAY), 'card_lookups_above_baseline', a1.userId],
    [dayOf(NIGHT_DAY), 'off_hours_access', a2.userId],
    [dayOf(SHARED_CUSTOMER_DAY), 'customer_many_agents', SHARED_CUSTOMER],
    [dayOf(CAPTURE_DAY), 'capture_protection_off', captureDesk],
    [dayOf(ROLE_DAY), 'role_change', a4.userId],
  ]);
  // Each finding explains itself with its numbers.
  const finding = (day: number) => days.find((d) => d.day === dayOf(day))?.findings[0];
  expect(finding(BIG_LOOKUPS_DAY)).toMatchObject({ severity: 'high', numbers: { count: 40, ownMean: 4, ownDays: BIG_LOOKUPS_DAY - 1, ratioToOwn: 10, teamMean: 4, ratioToTeam: 10 } });
  expect(finding(BIG_LOOKUPS_DAY)?.summary).toBe(
    `month.agent1 made 40 card lookups on ${dayOf(BIG_LOOKUPS_DAY)}: 10× their own mean of 4 a day over ${BIG_LOOKUPS_DAY - 1} working days; 10× team Month floor' mean of 4 per agent-day`,
  );
  expect(finding(NIGHT_DAY)).toMatchObject({ severity: 'medium', numbers: { accesses: 1, firstHour: 2 } });
  expect(finding(NIGHT_DAY)?.summary).toContain('02:00 UTC, outside their usual hours');
  expect(finding(SHARED_CUSTOMER_DAY)).toMatchObject({ severity: 'high', numbers: { agents: 6 } });
  expect(finding(CAPTURE_DAY)).toMatchObject({ severity: 'high', numbers: { incidents: 1, minutes: 20 } });
  expect(finding(ROLE_DAY)?.summary).toBe('admin.ivan changed the roles of month.agent4 from agent to agent,supervisor');
  expect(days.slice(0, -1).every((d) => d.status === 'signed' && d.signOff?.by === 'sup.sara')).toBe(true);
  expect(days.at(-1)?.status).toBe('pending');
});

it('alerts when a day is still unsigned a day after it was generated, once', async ({ gw }) => {
  const { start, dayOf } = theMonth();
  const lastDay = dayOf(MONTH_DAYS);
  const overdue = async () => (await gw.gateway.alerts.list('all')).filter((a) => a.kind === 'review_overdue' && a.message.includes(lastDay));
  at(gw, start, MONTH_DAYS + 1, 23);
  await gw.gateway.dailyReview.runNow();
  expect(await overdue()).toEqual([]);
  at(gw, start, MONTH_DAYS + 2, 1);
  const run = await gw.gateway.dailyReview.runNow();
  expect(run.overdue).toEqual([lastDay]);
  expect(await overdue()).toHaveLength(1);
  expect((await overdue())[0]?.message).toBe(`The log review of ${lastDay} is not signed off 24 hours after it was generated`);
  expect((await gw.gateway.dailyReview.runNow()).overdue).toEqual([]);
  const token = await theMonth().sara.signIn();
  const [day] = (await ok(gw.route('reviewDays', { token, query: { from: lastDay, to: lastDay } }), 'last day')).body;
  expect(day?.status).toBe('overdue');
});

it('refuses hostile sign-offs with typed errors, and signs off with a note per finding, on the audit trail', async ({ gw }) => {
  const { sara, agents, dayOf } = theMonth();
  const lastDay = dayOf(MONTH_DAYS);
  const pan = STANDARD_TEST_PANS[1];
  const token = await sara.signIn();
  const [day] = (await ok(gw.route('reviewDays', { token, query: { from: lastDay, to: lastDay } }), 'last day')).body;
  const notesWith = (note: string) => (day?.findings ?? []).map((f) => ({ findingId: f.findingId, note }));
  const path = `/v1/review/days/${lastDay}/sign-off`;
  const hostile: [unknown, number][] = [
    [{ notes: [{ findingId: 'f-'.padEnd(34, 'a'), note: `card ${pan} was read` }] }, 400],
    [{ notes: [{ findingId: 'f-'.padEnd(34, 'a'), note: 'x'.repeat(1001) }] }, 400],
    [{ notes: 'everything is fine' }, 400],
    [{ notes: Array.from({ length: 200 }, (_, i) => ({ findingId: `f-${'abcdefghijklmnop'.repeat(2).slice(0, 31)}${'abcdefghijklmnop'[i % 16] ?? 'a'}`, note: 'n'.repeat(900) })) }, 413],
  ];
  for (const [body, status] of hostile) expect((await gw.call('POST', path, { token, body })).status).toBe(status);
  // Notes must name exactly the day's findings; a day signed off stays signed off.
  expect((await gw.route('reviewSignOff', { token, params: { day: lastDay }, body: { notes: [] } })).error?.code).toBe('invalid_request');
  expect((await gw.route('reviewSignOff', { token, params: { day: dayOf(CAPTURE_DAY) }, body: { notes: [] } })).status).toBe(409);
  expect((await gw.call('GET', `/v1/review/days?from=2000-01-01&to=${lastDay}`, { token })).status).toBe(400);
  expect((await gw.call('GET', '/v1/review/days?from=2026-13-45&to=2026-13-46', { token })).status).toBe(400);
  expect((await gw.call('POST', '/v1/review/days/not-a-day/sign-off', { token, body: { notes: [] } })).status).toBe(400);
  expect((await gw.route('reviewSignOff', { token, params: { day: '2001-01-01' }, body: { notes: [] } })).status).toBe(404);
  // Neither an agent nor an admin reviews the logs.
  const agentToken = await agents[0]?.signIn();
  expect((await gw.route('reviewDays', { token: agentToken ?? '', query: { from: lastDay, to: lastDay } })).status).toBe(403);
  const adminToken = await theMonth().admin.signIn();
  expect((await gw.route('reviewSignOff', { token: adminToken, params: { day: lastDay }, body: { notes: notesWith('Looked at it') } })).status).toBe(403);

  const signed = await ok(gw.route('reviewSignOff', { token, params: { day: lastDay }, body: { notes: notesWith('Nothing found on this day; quiet floor') } }), 'sign-off');
  expect(signed.body).toMatchObject({ status: 'signed', signOff: { by: 'sup.sara', byUserId: 'u-sup-sara' } });
  expect((await gw.route('reviewSignOff', { token, params: { day: lastDay }, body: { notes: notesWith('Again') } })).status).toBe(409);
  const records = (await gatewayAuditEvents(gw, 'review.signoff')).filter((e) => e.target.id === lastDay);
  expect(records.map((e) => [e.outcome, e.reason, e.actor.username])).toEqual([
    ['failure', 'notes_mismatch', 'sup.sara'],
    ['success', null, 'sup.sara'],
    ['failure', 'already_signed', 'sup.sara'],
  ]);
  expect(JSON.stringify(await gatewayAuditEvents(gw, 'review.signoff'))).not.toContain(pan);
});

it('opens an incident for the capture outage that closes only with its whole analysis, each step audited', async ({ gw }) => {
  const { sara, admin, agents, start, dayOf } = theMonth();
  const token = await sara.signIn();
  const [incident, ...others] = (await ok(gw.route('incidents', { token, query: { status: 'open' } }), 'incidents')).body;
  expect(others).toEqual([]);
  const captureDesk = agents[2]?.device.deviceId ?? '';
  expect(incident).toMatchObject({
    control: 'capture_protection',
    deviceIds: [captureDesk],
    startedAt: new Date(start + (CAPTURE_DAY - 1) * DAY_MS + 10 * HOUR_MS).toISOString(),
    endedAt: new Date(start + (CAPTURE_DAY - 1) * DAY_MS + 10 * HOUR_MS + 20 * 60_000).toISOString(),
    status: 'restored',
    closure: null,
  });
  const incidentId = incident?.incidentId ?? '';
  // Admins see open incidents too; agents do not.
  expect((await gw.route('incidents', { token: await admin.signIn(), query: { status: 'open' } })).body.map((i) => i.incidentId)).toEqual([incidentId]);
  expect((await gw.route('incidents', { token: (await agents[0]?.signIn()) ?? '', query: { status: 'open' } })).status).toBe(403);

  const full = {
    rootCause: 'The desk ran a screen-recording driver that turned protection off',
    restoration: 'Driver removed by IT; protection back on at the next heartbeat',
    securityIssues: 'No card data was shown unmasked; the watermark stayed on',
    riskAssessment: 'Low: twenty minutes, one desk, masked data only',
    prevention: 'The driver is blocked by the managed policy from now on',
  };
  const path = `/v1/incidents/${incidentId}/close`;
  for (const field of Object.keys(full) as (keyof typeof full)[]) {
    const { [field]: _left, ...partial } = full;
    const answer = await gw.call('POST', path, { token, body: partial });
    expect([answer.status, answer.json.error?.code], field).toEqual([400, 'invalid_request']);
  }
  const pan = STANDARD_TEST_PANS[2];
  expect((await gw.call('POST', path, { token, body: { ...full, rootCause: `the card ${pan} was on screen` } })).status).toBe(400);
  expect((await gw.call('POST', path, { token, body: { ...full, prevention: 'p'.repeat(2001) } })).status).toBe(400);
  expect((await gw.call('POST', path, { token, body: { ...full, prevention: 'short' } })).status).toBe(400);
  expect((await gw.route('incidents', { token, query: { status: 'open' } })).body.map((i) => i.incidentId)).toEqual([incidentId]);

  const closed = await ok(gw.route('closeIncident', { token, params: { incidentId }, body: full }), 'close');
  expect(closed.body).toMatchObject({ status: 'closed', closure: { ...full, closedBy: 'sup.sara' } });
  expect((await gw.route('closeIncident', { token, params: { incidentId }, body: full })).status).toBe(409);
  expect((await gw.route('incidents', { token, query: { status: 'open' } })).body).toEqual([]);
  const steps = [...(await gatewayAuditEvents(gw, 'incident.open')), ...(await gatewayAuditEvents(gw, 'incident.update')), ...(await gatewayAuditEvents(gw, 'incident.close'))].filter(
    (e) => e.target.id === incidentId,
  );
  expect(steps.map((e) => [e.type, e.outcome, e.details.change ?? e.reason ?? null])).toEqual([
    ['incident.open', 'success', 'opened'],
    ['incident.update', 'success', 'ended'],
    ['incident.close', 'success', null],
    ['incident.close', 'failure', 'already_closed'],
  ]);
  expect(JSON.stringify(steps)).not.toContain(pan);

  // The evidence pack's view of the month: every day with its findings, notes and sign-off, and the incident with its analysis.
  const range = { from: dayOf(1), to: dayOf(MONTH_DAYS) };
  const evidence = await reviewEvidenceFor(gw.gateway.store, range, { now: gw.clock.now(), signOffHours: 24 });
  expect(evidence).toHaveLength(MONTH_DAYS);
  expect(evidence.flatMap((d) => d.findings).every((f) => f.note !== null && f.note.length > 0)).toBe(true);
  expect((await incidentsFor(gw.gateway.store, range)).map((i) => [i.incidentId, i.status])).toEqual([[incidentId, 'closed']]);
});

it('lets a security reviewer, and nobody else new, read and sign off the review', async ({ gw }) => {
  const { dayOf } = theMonth();
  await createAccount(gw.gateway, { userId: 'u-sec-sam', username: 'sec.sam', roles: ['security'], createdAt: gw.clock.now(), password: 'Quiet harbour lanterns drift 43' });
  const signIn = await gw.attemptLogin('sec.sam', 'Quiet harbour lanterns drift 43');
  const token = signIn.body.tokens.accessToken;
  expect((await gw.route('reviewDays', { token, query: { from: dayOf(1), to: dayOf(2) } })).status).toBe(200);
  expect((await gw.route('incidents', { token, query: { status: 'all' } })).status).toBe(200);
  expect((await gw.route('lookup', { token, body: { by: 'customerId', value: customerId(1) } })).status).toBe(403);
  expect((await gw.route('agents', { token })).status).toBe(403);
  expect((await gw.route('adminUsers', { token })).status).toBe(403);
});
