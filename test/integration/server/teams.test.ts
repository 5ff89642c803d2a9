// Issue 26 (and 24's team filter): admins create teams and put accounts in them
// over real HTTP on the run's engine. Each change carries a reason and lands on
// the gateway's audit chain in the same transaction (no record, no change);
// an account is in one team at most; refusals are typed and on record too.
import { expect } from 'vitest';
import { refuseInserts } from '../../harness/database/raw-database.ts';
import { gatewayAuditEvents } from '../../harness/gateway/admin.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';
import { STANDARD_TEST_PANS } from '../../harness/arbitraries/pan-arbitraries.ts';

const it = gatewayTestWith({ customers: 1 });
const REASON = 'Ticket HR-77: new shift pattern';

it('creates a team, assigns and moves an agent, each on the audit chain with its reason', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const north = await gw.route('adminCreateTeam', { token: admin, body: { name: 'North floor', reason: REASON } });
  expect(north.status).toBe(200);
  expect(north.body).toMatchObject({ name: 'North floor', createdBy: 'u-admin-ivan', members: [] });
  const south = (await gw.route('adminCreateTeam', { token: admin, body: { name: 'South floor', reason: REASON } })).body;
  const assigned = await gw.route('adminAssignTeamMember', { token: admin, params: { teamId: north.body.teamId }, body: { userId: 'u-agent-ana', reason: REASON } });
  expect(assigned.body.members).toEqual(['u-agent-ana']);
  await gw.route('adminAssignTeamMember', { token: admin, params: { teamId: north.body.teamId }, body: { userId: 'u-agent-ben', reason: REASON } });
  const moved = await gw.route('adminAssignTeamMember', { token: admin, params: { teamId: south.teamId }, body: { userId: 'u-agent-ana', reason: REASON } });
  expect(moved.body.members).toEqual(['u-agent-ana']);

  const listed = (await gw.route('adminTeams', { token: admin })).body;
  expect(listed.filter((t) => t.name.endsWith(' floor')).map((t) => [t.name, t.members])).toEqual([
    ['North floor', ['u-agent-ben']],
    ['South floor', ['u-agent-ana']],
  ]);
  // A supervisor reads the same teams for the floor's team filter.
  const sara = (await gw.login('sup.sara')).token;
  expect((await gw.route('teams', { token: sara })).body).toEqual(listed);
  const memberships = await gw.gateway.store.teams.memberships();
  expect([memberships.get('u-agent-ben'), memberships.get('u-agent-ana')]).toEqual([north.body.teamId, south.teamId]);

  const ours = (e: { target: { id: string | null } }): boolean => e.target.id === north.body.teamId || e.target.id === south.teamId;
  const created = (await gatewayAuditEvents(gw, 'team.create')).filter(ours);
  expect(created.map((e) => [e.outcome, e.target, e.details.name, e.details.reason])).toEqual([
    ['success', { kind: 'team', id: north.body.teamId }, 'North floor', REASON],
    ['success', { kind: 'team', id: south.teamId }, 'South floor', REASON],
  ]);
  const assignments = (await gatewayAuditEvents(gw, 'team.member.assign')).filter(ours);
  expect(assignments.map((e) => [e.actor.username, e.target.id, e.details.userId, e.details.previousTeamId])).toEqual([
    ['admin.ivan', north.body.teamId, 'u-agent-ana', null],
    ['admin.ivan', north.body.teamId, 'u-agent-ben', null],
    ['admin.ivan', south.teamId, 'u-agent-ana', north.body.teamId],
  ]);
});

it('refuses a taken name, an unknown team or account and a repeat, each typed and on record', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const team = (await gw.route('adminCreateTeam', { token: admin, body: { name: 'Returns', reason: REASON } })).body;
  const again = await gw.route('adminCreateTeam', { token: admin, body: { name: 'Returns', reason: REASON } });
  expect([again.status, again.error?.code]).toEqual([409, 'conflict']);
  const noTeam = await gw.route('adminAssignTeamMember', { token: admin, params: { teamId: 'team-missing' }, body: { userId: 'u-agent-ana', reason: REASON } });
  expect([noTeam.status, noTeam.error?.code]).toEqual([404, 'not_found']);
  const noAccount = await gw.route('adminAssignTeamMember', { token: admin, params: { teamId: team.teamId }, body: { userId: 'u-nobody', reason: REASON } });
  expect([noAccount.status, noAccount.error?.code]).toEqual([404, 'not_found']);
  await gw.route('adminAssignTeamMember', { token: admin, params: { teamId: team.teamId }, body: { userId: 'u-agent-ana', reason: REASON } });
  const repeat = await gw.route('adminAssignTeamMember', { token: admin, params: { teamId: team.teamId }, body: { userId: 'u-agent-ana', reason: REASON } });
  expect([repeat.status, repeat.error?.code]).toEqual([409, 'conflict']);
  const refusals = [...(await gatewayAuditEvents(gw, 'team.create')), ...(await gatewayAuditEvents(gw, 'team.member.assign'))].filter(
    (e) => e.outcome === 'failure' && (e.target.id === team.teamId || e.target.id === 'team-missing' || e.details.name === 'Returns'),
  );
  expect(refusals.map((e) => e.reason).sort()).toEqual(['name_taken', 'no_account', 'not_found', 'unchanged']);
});

it('refuses hostile input with a typed 400 and stores nothing of it', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const pan = STANDARD_TEST_PANS[0];
  const bodies: unknown[] = [
    { name: `Team ${pan}`, reason: REASON },
    { name: 'Fine name', reason: `card ${pan}` },
    { name: 'x'.repeat(81), reason: REASON },
    { name: 'Fine name', reason: 'r'.repeat(501) },
    { name: 'Fine name' },
    { name: ['array'], reason: REASON },
  ];
  for (const body of bodies) {
    const answer = await gw.call('POST', '/v1/admin/teams', { token: admin, body });
    expect(answer.status, JSON.stringify(body).slice(0, 40)).toBe(400);
    expect(answer.json.error?.code).toBe('invalid_request');
  }
  const badMember = await gw.call('POST', '/v1/admin/teams/team-x/members', { token: admin, body: { userId: pan, reason: REASON } });
  expect(badMember.status).toBe(400);
  expect((await gw.route('adminTeams', { token: admin })).body.filter((t) => t.name === 'Fine name' || t.name.startsWith('Team '))).toEqual([]);
  expect(JSON.stringify(await gatewayAuditEvents(gw, 'team.create'))).not.toContain(pan);
});

it('lets only admins change teams, and only admins and supervisors read them', async ({ gw }) => {
  for (const user of ['agent.ana', 'sup.sara']) {
    const { token } = await gw.login(user);
    expect((await gw.route('adminCreateTeam', { token, body: { name: `Team of ${user}`, reason: REASON } })).status).toBe(403);
    expect((await gw.route('adminTeams', { token })).status).toBe(403);
  }
  const ana = (await gw.login('agent.ana')).token;
  expect((await gw.route('teams', { token: ana })).status).toBe(403);
});

it('makes no change it cannot record: 503 audit_unavailable and no team', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const fault = await refuseInserts(gw, 'audit_events', "NEW.type = 'team.create'", 'disk full');
  try {
    const answer = await gw.route('adminCreateTeam', { token: admin, body: { name: 'Ghost team', reason: REASON } });
    expect([answer.status, answer.error?.code]).toEqual([503, 'audit_unavailable']);
  } finally {
    await fault.restore();
  }
  expect((await gw.route('adminTeams', { token: admin })).body.filter((t) => t.name === 'Ghost team')).toEqual([]);
});
