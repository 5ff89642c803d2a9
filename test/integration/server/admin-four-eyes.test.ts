// Issue 21, attacked as found: an admin created a second admin account, set it
// up himself, and had it give him `agent`; simpler, he made an account an admin
// alone. Creating an admin, and giving an admin a customer-data role, now takes
// a second admin's approval: a request that another admin approves before it
// expires, never its requester, an account the requester created, or the
// account changed. Real HTTP on the run's engine, parallel approvals included.
import { expect } from 'vitest';
import type { OneTimePasswordGrant } from '../../../shared/schemas/admin.ts';
import { createUser, gatewayAuditEvents, independentAdmin, REASON, signInCreated } from '../../harness/gateway/admin.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';
import type { RunningGateway } from '../../harness/gateway/gateway.ts';

const it = gatewayTestWith({ config: { authRateLimitPerMinute: 100_000, adminApprovals: { required: true, hours: 24 } }, customers: 1 });

const HOUR = 3_600_000;


const usernames = async (gw: RunningGateway): Promise<string[]> => (await gw.gateway.store.admin.listAccounts()).map((a) => a.username);
const rolesOf = async (gw: RunningGateway, userId: string) => (await gw.gateway.store.admin.findAccount(userId))?.roles;

it('refuses one admin alone making an admin or giving an admin customer data, and records each refusal', async ({ gw }) => {
  const ivan = (await gw.login('admin.ivan')).token;
  const created = await gw.route('adminCreateUser', { token: ivan, body: { username: 'admin.sock', displayName: 'Sock', roles: ['admin'], reason: REASON } });
  expect(created.status).toBe(403);
  expect(created.json.reason).toBe('approval_required');
  expect(await usernames(gw)).not.toContain('admin.sock');
  expect((await gatewayAuditEvents(gw, 'account.create')).filter((e) => e.outcome === 'failure' && e.reason === 'approval_required')).toHaveLength(1);

  // An agent account is his to create; making it an admin is not, nor is a second admin-and-agent in one go.
  const plain = await createUser(gw, ivan, { username: 'agent.plain', roles: ['agent'] });
  for (const roles of [['admin'], ['admin', 'agent']] as const) {
    const answer = await gw.route('adminSetRoles', { token: ivan, params: { userId: plain.user.userId }, body: { roles: [...roles], reason: REASON } });
    expect(answer.status).toBe(403);
    expect(answer.json.reason).toBe('approval_required');
  }
  expect(await rolesOf(gw, plain.user.userId)).toEqual(['agent']);
  // Roles that make no admin and give no admin customer data need no second admin.
  expect((await gw.route('adminSetRoles', { token: ivan, params: { userId: plain.user.userId }, body: { roles: ['supervisor'], reason: REASON } })).status).toBe(200);

  // His request alone changes nothing, and he cannot approve it himself.
  const asked = await gw.route('adminRequestApproval', { token: ivan, body: { kind: 'create', username: 'admin.sock', displayName: 'Sock', roles: ['admin'], reason: REASON } });
  expect(asked.status).toBe(200);
  expect(asked.body).toMatchObject({ status: 'pending', requestedBy: 'admin.ivan', roles: ['admin'], decidedBy: null });
  const own = await gw.route('adminApprove', { token: ivan, params: { approvalId: asked.body.approvalId }, body: { reason: 'I approve myself' } });
  expect(own.status).toBe(403);
  expect(await usernames(gw)).not.toContain('admin.sock');
  const [refusal] = (await gatewayAuditEvents(gw, 'admin.user.change')).filter((e) => e.details.action === 'approval_approve');
  expect(refusal).toMatchObject({ outcome: 'failure', reason: 'own_request', actor: { username: 'admin.ivan' }, details: { approvalId: asked.body.approvalId } });
  // A second request for the same account waits behind the first.
  const again = await gw.route('adminRequestApproval', { token: ivan, body: { kind: 'create', username: 'admin.sock', displayName: 'Sock', roles: ['admin'], reason: REASON } });
  expect(again.status).toBe(409);

  // Unanswered, it expires: the next admin finds it expired and cannot approve it any more.
  gw.clock.advance(25 * HOUR);
  const rosa = await independentAdmin(gw, 'admin.rosa');
  const listed = await gw.route('adminApprovals', { token: rosa });
  expect(listed.body.find((a) => a.approvalId === asked.body.approvalId)?.status).toBe('expired');
  expect((await gw.route('adminApprove', { token: rosa, params: { approvalId: asked.body.approvalId }, body: { reason: REASON } })).status).toBe(409);
  expect(await usernames(gw)).not.toContain('admin.sock');
  // The list read is on the gateway's trail, as the other admin lists are.
  expect((await gatewayAuditEvents(gw, 'admin.view')).some((e) => e.target.id === 'admin.approvals' && e.actor.username === 'admin.rosa')).toBe(true);
});

it("stops the second-account attack: the second account cannot approve its creator's requests, nor anyone their own account's", async ({ gw }) => {
  const ivan = (await gw.login('admin.ivan')).token;
  const tom = await independentAdmin(gw, 'admin.tom');

  // Ivan asks for a second admin account; Tom, a second person, approves it and is shown its one-time password.
  const asked = await gw.route('adminRequestApproval', { token: ivan, body: { kind: 'create', username: 'admin.second', displayName: 'Second', roles: ['admin'], reason: REASON } });
  const approved = await gw.route('adminApprove', { token: tom, params: { approvalId: asked.body.approvalId }, body: { reason: 'Checked with HR-42' } });
  expect(approved.status, approved.text).toBe(200);
  expect(approved.body.approval).toMatchObject({ status: 'approved', decidedBy: 'admin.tom', requestedBy: 'admin.ivan' });
  expect(approved.body.user).toMatchObject({ username: 'admin.second', roles: ['admin'], mustChangePassword: true });
  const [createRecord] = (await gatewayAuditEvents(gw, 'account.create')).filter((e) => e.target.id === approved.body.user.userId);
  expect(createRecord).toMatchObject({
    outcome: 'success',
    actor: { username: 'admin.tom' },
    details: { action: 'create', roles: 'admin', approvalId: asked.body.approvalId, requestedBy: 'admin.ivan', approvalNote: 'Checked with HR-42', reason: REASON },
  });
  // Say Ivan got hold of its one-time password and set it up himself.
  const grant: OneTimePasswordGrant = { user: approved.body.user, oneTimePassword: approved.body.oneTimePassword ?? '', expiresAt: approved.body.expiresAt ?? '' };
  const second = await signInCreated(gw, grant);
  const ivanId = 'u-admin-ivan';

  // The second account gives Ivan `agent`: refused alone; as a request, Ivan cannot approve a change to his own account...
  const direct = await gw.route('adminSetRoles', { token: second, params: { userId: ivanId }, body: { roles: ['admin', 'agent'], reason: REASON } });
  expect(direct.status).toBe(403);
  const forIvan = await gw.route('adminRequestApproval', { token: second, body: { kind: 'roles', userId: ivanId, roles: ['admin', 'agent'], reason: REASON } });
  expect(forIvan.status).toBe(200);
  expect((await gw.route('adminApprove', { token: ivan, params: { approvalId: forIvan.body.approvalId }, body: { reason: REASON } })).status).toBe(403);
  expect((await gw.route('adminRejectApproval', { token: second, params: { approvalId: forIvan.body.approvalId }, body: { reason: 'withdrawn' } })).status).toBe(200);
  // ...and when Ivan asks for himself, his second account cannot approve it: Ivan created it.
  const mine = await gw.route('adminRequestApproval', { token: ivan, body: { kind: 'roles', userId: ivanId, roles: ['admin', 'agent'], reason: REASON } });
  const bySecond = await gw.route('adminApprove', { token: second, params: { approvalId: mine.body.approvalId }, body: { reason: REASON } });
  expect(bySecond.status).toBe(403);
  expect(await rolesOf(gw, ivanId)).toEqual(['admin']);
  const asked2 = [forIvan.body.approvalId, mine.body.approvalId];
  const refusals = (await gatewayAuditEvents(gw, 'admin.user.change')).filter((e) => e.details.action === 'approval_approve' && asked2.includes(String(e.details.approvalId))).map((e) => e.reason);
  expect(refusals).toEqual(['own_account', 'created_by_requester']);
  // A rejected request is decided: nobody approves it later.
  expect((await gw.route('adminApprove', { token: tom, params: { approvalId: forIvan.body.approvalId }, body: { reason: REASON } })).status).toBe(409);
  // Tom, a second person, may approve Ivan's request: that is four eyes. The change ends Ivan's sessions.
  expect((await gw.route('adminApprove', { token: tom, params: { approvalId: mine.body.approvalId }, body: { reason: REASON } })).status).toBe(200);
  expect(await rolesOf(gw, ivanId)).toEqual(['admin', 'agent']);
  expect((await gw.route('adminUsers', { token: ivan })).status).toBe(401);
});

it('makes a change once when admins approve and reject the same request in parallel', async ({ gw }) => {
  const ivan = (await gw.login('admin.ivan')).token;
  const deciders = [await independentAdmin(gw, 'admin.una'), await independentAdmin(gw, 'admin.vic'), await independentAdmin(gw, 'admin.wes')];
  for (let round = 0; round < 6; round++) {
    const username = `admin.race${round}`;
    const asked = await gw.route('adminRequestApproval', { token: ivan, body: { kind: 'create', username, displayName: 'Race', roles: ['admin', 'agent'], reason: REASON } });
    const params = { approvalId: asked.body.approvalId };
    const answers = await Promise.all(
      deciders.map((token, i) =>
        i === round % 3
          ? gw.route('adminRejectApproval', { token, params, body: { reason: `no ${round}` } })
          : gw.route('adminApprove', { token, params, body: { reason: `yes ${round}` } }),
      ),
    );
    // Exactly one decision stands; the others find it decided.
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(2);
    const approvedBy200 = answers.findIndex((a, i) => a.status === 200 && i !== round % 3) !== -1;
    const creates = (await gatewayAuditEvents(gw, 'account.create')).filter((e) => e.outcome === 'success' && e.details.approvalId === params.approvalId);
    expect(creates).toHaveLength(approvedBy200 ? 1 : 0);
    expect((await usernames(gw)).includes(username)).toBe(approvedBy200);
  }
});

it('refuses malformed and hostile approval requests with a typed error, storing nothing', async ({ gw }) => {
  const ivan = (await gw.login('admin.ivan')).token;
  const before = (await gw.route('adminApprovals', { token: ivan })).body.length;
  const bodies: unknown[] = [
    {},
    { kind: 'delete', userId: 'u-admin-ivan', reason: REASON },
    { kind: 'roles', userId: 'u-admin-ivan', roles: ['root'], reason: REASON },
    { kind: 'create', username: 'admin.x', displayName: 'X', roles: ['admin'], reason: 'x'.repeat(5_000) },
    { kind: 'roles', userId: 'u-nobody', roles: ['admin'], reason: REASON },
  ];
  for (const body of bodies) {
    const answer = await gw.call('POST', '/v1/admin/approvals', { token: ivan, body });
    expect([400, 404], JSON.stringify(body).slice(0, 80)).toContain(answer.status);
    expect(answer.json.error?.code).toMatch(/invalid_request|not_found/);
  }
  for (const approvalId of ['nope', 'ap-../../x', `ap-${'a'.repeat(200)}`, 'ap-00000000-0000-4000-8000-000000000000']) {
    const answer = await gw.call('POST', `/v1/admin/approvals/${encodeURIComponent(approvalId)}/approve`, { token: ivan, body: { reason: REASON } });
    // 414: the gateway refuses an over-long URL before routing it.
    expect([400, 404, 414]).toContain(answer.status);
  }
  expect((await gw.route('adminApprovals', { token: ivan })).body).toHaveLength(before);
  // Only admins reach the approvals.
  const agent = (await gw.login('agent.ana')).token;
  expect((await gw.route('adminApprovals', { token: agent })).status).toBe(403);
});
