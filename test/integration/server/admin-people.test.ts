// Issue 12: people administration over real HTTP and the run's real store (SQLite or PostgreSQL). Each
// action is tried by an admin, refused for agents, supervisors and a
// supervisor who takes calls, and read back from the gateway's audit chain.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OneTimePasswordGrant } from '../../../shared/schemas/admin.ts';
import { containsPan } from '../../../shared/pan.ts';
import { createUser, gatewayAuditEvents, REASON, signInAgain, signInCreated } from '../../harness/gateway/admin.ts';
import { TestDevice } from '../../harness/device/device.ts';
import { startGateway, type RunningGateway } from '../../harness/gateway/gateway.ts';
import { openRawKysely } from '../../harness/database/raw-database.ts';

let gw: RunningGateway;
let admin: string;
let tokens: { agent: string; supervisor: string; supervisorAgent: string };

const IVAN = 'u-admin-ivan';

/** A users column as stored, read past the repos on a connection of the test's own (either engine). */
async function column(userId: string, name: string): Promise<unknown> {
  const raw = openRawKysely(gw);
  const { rows } = await sql<{ v: unknown }>`SELECT ${sql.ref(name)} AS v FROM users WHERE user_id = ${userId}`.execute(raw).finally(() => raw.destroy());
  return rows[0]?.v;
}

const post = (path: string, token: string, body: unknown) => gw.call('POST', path, { token, body });

beforeAll(async () => {
  gw = await startGateway({ config: { authRateLimitPerMinute: 100_000 } });
  admin = (await gw.login('admin.ivan')).token;
  const both = await createUser(gw, admin, { username: 'sup.omar', roles: ['supervisor', 'agent'] });
  tokens = {
    agent: (await gw.login('agent.ana')).token,
    supervisor: (await gw.login('sup.sara')).token,
    supervisorAgent: await signInCreated(gw, both),
  };
}, 60_000);

afterAll(async () => {
  await gw.close();
});

describe('creating an account', () => {
  it('gives a one-time password that signs in, stores only its argon2 hash, and audits the admin, the account, the roles and the reason', async () => {
    const before = gw.clock.now();
    const grant = await createUser(gw, admin, { username: 'Agent.Nia', roles: ['agent'], displayName: 'Nia Ndiaye' });
    expect(grant.user).toMatchObject({ username: 'agent.nia', displayName: 'Nia Ndiaye', roles: ['agent'], status: 'active', mustChangePassword: true, mfaEnrolled: false, lastSignInAt: null });
    expect(grant.oneTimePassword.length).toBeGreaterThanOrEqual(16);
    expect(containsPan(grant.oneTimePassword)).toBe(false);
    expect(Date.parse(grant.expiresAt) - before).toBe(72 * 3_600_000);
    const stored = String((await column(grant.user.userId, 'password_hash')));
    expect(stored.startsWith('$argon2id$')).toBe(true);
    expect(stored).not.toContain(grant.oneTimePassword);
    expect((await column(grant.user.userId, 'must_change_password'))).toBe(1);
    expect((await column(grant.user.userId, 'password_expires_at'))).toBe(Date.parse(grant.expiresAt));

    const [event] = (await gatewayAuditEvents(gw, 'account.create')).filter((e) => e.target.id === grant.user.userId);
    expect(event).toMatchObject({
      outcome: 'success',
      actor: { userId: IVAN, username: 'admin.ivan' },
      target: { kind: 'account', id: grant.user.userId },
      details: { action: 'create', reason: REASON, roles: 'agent' },
    });
    expect(JSON.stringify(event)).not.toContain(grant.oneTimePassword);
    await expect(signInCreated(gw, grant)).resolves.toMatch(/\./);
    const listed = (await gw.route('adminUsers', { token: admin })).body;
    expect(listed.map((u) => u.username)).toContain('agent.nia');
  });

  it('refuses a taken username (any case) with conflict and audits the refusal', async () => {
    const answer = await post('/v1/admin/users', admin, { username: 'AGENT.ANA', displayName: 'Impostor', roles: ['admin'], reason: REASON });
    expect(answer.status).toBe(409);
    expect(answer.json.error?.code).toBe('conflict');
    const refused = (await gatewayAuditEvents(gw, 'account.create')).filter((e) => e.outcome === 'failure');
    expect(refused.at(-1)).toMatchObject({ reason: 'username_taken', actor: { userId: IVAN }, details: { action: 'create' } });
  });

  it('lets exactly one of two admins creating the same username at once win', async () => {
    const second = await createUser(gw, admin, { username: 'admin.rita', roles: ['admin'] });
    const rita = await signInCreated(gw, second);
    const body = { username: 'agent.twin', displayName: 'Twin', roles: ['agent'], reason: REASON };
    const answers = await Promise.all([post('/v1/admin/users', admin, body), post('/v1/admin/users', rita, body), post('/v1/admin/users', admin, body)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
    const users = (await gw.route('adminUsers', { token: admin })).body;
    expect(users.filter((u) => u.username === 'agent.twin')).toHaveLength(1);
  });

  it('refuses hostile input and stores nothing: a card number in the reason, display name or username, oversized text, Unicode look-alikes', async () => {
    const countBefore = ((await gw.route('adminUsers', { token: admin })).body).length;
    const base = { username: 'agent.hostile', displayName: 'Hostile', roles: ['agent'], reason: REASON };
    const cases: [Record<string, unknown>, number][] = [
      [{ ...base, reason: 'Card 4111 1111 1111 1111 on file' }, 400],
      [{ ...base, reason: 'Card ４１１１１１１１１１１１１１１１ on file' }, 400],
      [{ ...base, displayName: '4111-1111-1111-1111' }, 400],
      [{ ...base, username: '4111111111111111' }, 422],
      [{ ...base, username: '4111.1111.1111.1111' }, 422],
      [{ ...base, reason: 'x'.repeat(501) }, 400],
      [{ ...base, reason: '' }, 400],
      [{ ...base, username: 'аgent.cyrillic' }, 400],
      [{ ...base, username: 'agent\u200b.zw' }, 400],
      [{ ...base, roles: ['root'] }, 400],
      [{ ...base, roles: [] }, 400],
    ];
    for (const [body, status] of cases) {
      const answer = await post('/v1/admin/users', admin, body);
      expect(answer.status, JSON.stringify(body)).toBe(status);
      if (status === 422) expect(answer.json.error?.code).toBe('pan_in_text');
    }
    const oversized = await gw.call('POST', '/v1/admin/users', { token: admin, rawBody: JSON.stringify({ ...base, displayName: 'y'.repeat(2_000_000) }), headers: { 'content-type': 'application/json' } });
    expect([400, 413]).toContain(oversized.status);
    const after = (await gw.route('adminUsers', { token: admin })).body;
    expect(after).toHaveLength(countBefore);
    const trail = JSON.stringify(await gw.gateway.store.audit.search({ limit: 500 }));
    expect(trail).not.toContain('4111 1111 1111 1111');
    expect(containsPan(trail)).toBe(false);
  });
});

describe('who may administer', () => {
  const actions = (userId: string): [string, string, unknown][] => [
    ['GET', '/v1/admin/users', undefined],
    ['POST', '/v1/admin/users', { username: 'agent.sneaky', displayName: 'Sneaky', roles: ['admin'], reason: REASON }],
    ['POST', `/v1/admin/users/${userId}/roles`, { roles: ['admin'], reason: REASON }],
    ['POST', `/v1/admin/users/${userId}/disable`, { reason: REASON }],
    ['POST', `/v1/admin/users/${userId}/enable`, { reason: REASON }],
    ['POST', `/v1/admin/users/${userId}/unlock`, { reason: REASON }],
    ['POST', `/v1/admin/users/${userId}/reset-mfa`, { reason: REASON }],
    ['POST', `/v1/admin/users/${userId}/reset-password`, { reason: REASON }],
    ['GET', '/v1/admin/access-review?format=json', undefined],
    ['GET', '/v1/admin/access-review?format=csv', undefined],
    ['POST', '/v1/admin/access-review/sign-off', { note: 'Looks fine to me' }],
    ['GET', '/v1/admin/alerts', undefined],
    ['POST', '/v1/admin/alerts/some-alert/ack', { note: 'Handled it myself' }],
  ];

  it('refuses every admin route for an agent, a supervisor and a supervisor who takes calls, changes nothing, and audits each denial', async () => {
    const deniedBefore = (await gatewayAuditEvents(gw, 'access.denied')).length;
    const before = JSON.stringify((await gw.route('adminUsers', { token: admin })).json);
    let tried = 0;
    for (const [who, token] of Object.entries(tokens)) {
      for (const [method, path, body] of actions('u-agent-ben')) {
        const answer = await gw.call(method, path, { token, ...(body === undefined ? {} : { body }) });
        expect(answer.status, `${who} ${method} ${path}`).toBe(403);
        expect(answer.json.error?.code).toBe('forbidden');
        tried++;
      }
    }
    expect(JSON.stringify((await gw.route('adminUsers', { token: admin })).json)).toBe(before);
    const denied = (await gatewayAuditEvents(gw, 'access.denied')).slice(deniedBefore);
    expect(denied).toHaveLength(tried);
    expect(new Set(denied.map((e) => e.actor.username))).toEqual(new Set(['agent.ana', 'sup.sara', 'sup.omar']));
    expect(denied.every((e) => e.outcome === 'failure' && e.target.kind === 'url' && /^(GET|POST) \/v1\/admin\//.test(String(e.target.id)))).toBe(true);
  });

  it('refuses every admin route without a session', async () => {
    for (const [method, path, body] of actions('u-agent-ben')) {
      expect((await gw.call(method, path, body === undefined ? {} : { body })).status, `${method} ${path}`).toBe(401);
    }
  });

  it('has no way to delete an account', async () => {
    for (const method of ['DELETE', 'PUT', 'PATCH']) {
      expect((await gw.call(method, '/v1/admin/users/u-agent-ben', { token: admin })).status).toBe(404);
    }
  });
});

describe('changing an account', () => {
  let grant: OneTimePasswordGrant;
  let token: string;
  beforeAll(async () => {
    grant = await createUser(gw, admin, { username: 'agent.kai', roles: ['agent'] });
    token = await signInCreated(gw, grant);
  });
  const path = (action: string) => `/v1/admin/users/${grant.user.userId}/${action}`;

  it('changes roles with a reason, ends the sessions that carried the old roles, and audits roles and previous roles', async () => {
    expect((await post(path('roles'), admin, { roles: ['supervisor'] })).status).toBe(400);
    const answer = await gw.route('adminSetRoles', { params: { userId: grant.user.userId }, token: admin, body: { roles: ['supervisor', 'agent'], reason: 'Promoted to team lead' } });
    expect(answer.status).toBe(200);
    expect(answer.body.roles).toEqual(['supervisor', 'agent']);
    expect((await gw.route('agents', { token })).status).toBe(401);
    const [event] = (await gatewayAuditEvents(gw, 'account.role.change')).filter((e) => e.target.id === grant.user.userId && e.outcome === 'success');
    expect(event).toMatchObject({ actor: { userId: IVAN }, details: { action: 'roles', reason: 'Promoted to team lead', roles: 'supervisor,agent', previousRoles: 'agent' } });
  });

  it('refuses an admin changing their own roles, and taking admin from the last active admin', async () => {
    const own = await post(`/v1/admin/users/${IVAN}/roles`, admin, { roles: ['agent'], reason: 'Stepping down' });
    expect(own.status).toBe(403);
    const refusedOwn = (await gatewayAuditEvents(gw, 'account.role.change')).at(-1);
    expect(refusedOwn).toMatchObject({ outcome: 'failure', reason: 'own_account', target: { id: IVAN } });
  });

  it('disables with every session ended at once, refuses the refresh, and re-enables', async () => {
    const device = new TestDevice();
    const session = await signInAgain(gw, grant, { device });
    const { accessToken: live, refreshToken } = (session.json as { tokens: { accessToken: string; refreshToken: string } }).tokens;
    const disabled = await post(path('disable'), admin, { reason: 'Left the company' });
    expect(disabled.status).toBe(200);
    expect(disabled.json).toMatchObject({ status: 'disabled', disabledReason: 'admin' });
    expect((await gw.route('lookup', { token: live, body: { by: 'customerId', value: 'CUS-000001' } })).status).toBe(401);
    const refreshed = await gw.route('refresh', {
      body: { refreshToken, deviceId: device.deviceId, signature: device.sessionProof('refresh', refreshToken).signature },
    });
    expect(refreshed.status).toBe(401);
    expect((await signInAgain(gw, grant)).status).not.toBe(200);
    expect((await post(path('disable'), admin, { reason: 'Left the company' })).status).toBe(409);

    const enabled = await post(path('enable'), admin, { reason: 'Came back in January' });
    expect(enabled.status).toBe(200);
    expect(enabled.json).toMatchObject({ status: 'active', disabledReason: null });
    expect((await column(grant.user.userId, 'enabled_at'))).toBe(gw.clock.now());
    expect((await signInAgain(gw, grant)).status).toBe(200);
    const changes = (await gatewayAuditEvents(gw, 'admin.user.change')).filter((e) => e.target.id === grant.user.userId && e.outcome === 'success');
    expect(changes.map((e) => [e.details.action, e.details.reason])).toEqual([
      ['disable', 'Left the company'],
      ['enable', 'Came back in January'],
    ]);
  });

  it('re-enables an account the inactivity rule disabled, restarting its inactivity clock', async () => {
    const idle = await createUser(gw, admin, { username: 'agent.idle', roles: ['agent'] });
    const raw = openRawKysely(gw);
    await raw
      .updateTable('users')
      .set({ disabled_at: gw.clock.now(), disabled_reason: 'inactivity' })
      .where('user_id', '=', idle.user.userId)
      .execute()
      .finally(() => raw.destroy());
    const listed = (await gw.route('adminUsers', { token: admin })).body.find((u) => u.userId === idle.user.userId);
    expect(listed).toMatchObject({ status: 'disabled', disabledReason: 'inactivity' });
    gw.clock.advance(1_000);
    const enabled = await post(`/v1/admin/users/${idle.user.userId}/enable`, admin, { reason: 'Back from long leave' });
    expect(enabled.json).toMatchObject({ status: 'active', disabledReason: null });
    expect((await column(idle.user.userId, 'enabled_at'))).toBe(gw.clock.now());
  });

  it('refuses disabling yourself or resetting your own MFA or password (another admin decides), and audits each refusal', async () => {
    const sealed = (await column(IVAN, 'mfa_secret_sealed'));
    const hash = (await column(IVAN, 'password_hash'));
    for (const action of ['disable', 'reset-mfa', 'reset-password']) {
      const answer = await post(`/v1/admin/users/${IVAN}/${action}`, admin, { reason: 'Testing the limits' });
      expect(answer.status, action).toBe(403);
      expect((await gatewayAuditEvents(gw, 'admin.user.change')).at(-1)).toMatchObject({ outcome: 'failure', reason: 'own_account', target: { id: IVAN } });
    }
    expect((await column(IVAN, 'disabled_at'))).toBeNull();
    expect((await column(IVAN, 'mfa_secret_sealed'))).toBe(sealed);
    expect((await column(IVAN, 'password_hash'))).toBe(hash);
  });

  it('unlocks a locked account', async () => {
    await gw.gateway.store.identity.lockAccount(grant.user.userId, gw.clock.now() + 3_600_000, gw.clock.now());
    expect((await signInAgain(gw, grant)).error?.code).toBe('account_locked');
    const answer = await post(path('unlock'), admin, { reason: 'Verified by phone' });
    expect(answer.json).toMatchObject({ lockedUntil: null });
    expect((await column(grant.user.userId, 'failed_attempts'))).toBe(0);
    expect((await signInAgain(gw, grant)).status).toBe(200);
    expect((await gatewayAuditEvents(gw, 'admin.user.change')).at(-1)).toMatchObject({ details: { action: 'unlock', reason: 'Verified by phone' } });
  });

  it('resets MFA: the secret is gone, the sessions end, and the account must enrol again', async () => {
    const ben = await gw.login('agent.ben');
    expect((await column('u-agent-ben', 'mfa_secret_sealed'))).not.toBeNull();
    const answer = await post('/v1/admin/users/u-agent-ben/reset-mfa', admin, { reason: 'Lost the phone' });
    expect(answer.json).toMatchObject({ user: { mfaEnrolled: false } });
    expect((await column('u-agent-ben', 'mfa_secret_sealed'))).toBeNull();
    expect((await gw.route('lookup', { token: ben.token, body: { by: 'customerId', value: 'CUS-000001' } })).status).toBe(401);
    expect((await gatewayAuditEvents(gw, 'admin.user.change')).at(-1)).toMatchObject({ target: { id: 'u-agent-ben' }, details: { action: 'mfa_reset', reason: 'Lost the phone' } });
  });

  it('resets the password to a new one-time password that must be changed; the old one stops working', async () => {
    const answer = await gw.route('adminResetPassword', { params: { userId: grant.user.userId }, token: admin, body: { reason: 'Forgot it' } });
    expect(answer.status).toBe(200);
    const reset = answer.body;
    expect(reset.oneTimePassword).not.toBe(grant.oneTimePassword);
    expect(reset.user.mustChangePassword).toBe(true);
    expect((await signInAgain(gw, grant)).status).toBe(401);
    const withReset = await signInAgain(gw, grant, { password: reset.oneTimePassword });
    expect(withReset.status).toBe(200);
    expect(withReset.body.user.pendingSetup).toEqual(['password_change']);
    const event = (await gatewayAuditEvents(gw, 'admin.user.change')).at(-1);
    expect(event).toMatchObject({ details: { action: 'password_reset', reason: 'Forgot it' } });
    expect(JSON.stringify(event)).not.toContain(reset.oneTimePassword);
  });

  it('answers not_found for an unknown account, and refuses a card number in a reason', async () => {
    expect((await post('/v1/admin/users/u-nobody/disable', admin, { reason: 'No such person' })).status).toBe(404);
    const pan = await post(path('disable'), admin, { reason: 'Used card 5555 5555 5555 4444' });
    expect(pan.status).toBe(400);
    expect(pan.json.error?.message).toContain('card number');
    expect((await column(grant.user.userId, 'disabled_at'))).toBeNull();
  });
});

describe('the last active admin', () => {
  it('lets at most one of two admins disabling each other at once succeed, so an active admin always remains', async () => {
    await using g = await startGateway({ customers: 1 });
    const ivan = (await g.login('admin.ivan')).token;
    const second = await createUser(g, ivan, { username: 'admin.zoe', roles: ['admin'] });
    const zoe = await signInCreated(g, second);
    const [a, b] = await Promise.all([
      g.route('adminDisableUser', { params: { userId: second.user.userId }, token: ivan, body: { reason: 'Race test one' } }),
      g.route('adminDisableUser', { params: { userId: IVAN }, token: zoe, body: { reason: 'Race test two' } }),
    ]);
    expect([a.status, b.status].filter((s) => s === 200).length).toBeLessThanOrEqual(1);
    const users = await g.gateway.store.admin.listAccounts();
    expect(users.filter((u) => u.roles.includes('admin') && u.disabledAt === null).length).toBeGreaterThanOrEqual(1);
  });

  it('refuses taking the admin role from, or disabling, the last active admin, even when done in parallel', async () => {
    await using g = await startGateway({ customers: 1 });
    const ivan = (await g.login('admin.ivan')).token;
    const grants = await Promise.all(['admin.a', 'admin.b', 'admin.c'].map((username) => createUser(g, ivan, { username, roles: ['admin'] })));
    // Ivan demotes all three other admins and they try to demote him, all at once: one active admin must be left.
    // One after another: each sign-in advances the shared clock past its code's time step, which would void another's code in flight.
    const others: string[] = [];
    for (const grant of grants) others.push(await signInCreated(g, grant));
    const demote = (token: string, userId: string) =>
      g.route('adminSetRoles', { params: { userId }, token, body: { roles: ['agent'], reason: 'Least privilege' } }).then((answer) => ({ userId, answer }));
    const answers = await Promise.all([...grants.map((grant) => demote(ivan, grant.user.userId)), ...others.map((token) => demote(token, IVAN))]);
    expect(answers.every(({ answer }) => [200, 401, 403, 409].includes(answer.status))).toBe(true);
    const accounts = await g.gateway.store.admin.listAccounts();
    const admins = [IVAN, ...grants.map((grant) => grant.user.userId)];
    const active = accounts.filter((u) => admins.includes(u.userId) && u.roles.includes('admin') && u.disabledAt === null);
    expect(active.length).toBeGreaterThanOrEqual(1);
    // Exactly the admins some accepted answer demoted lost the role. Two still-active admins may both demote Ivan: the second sets what is already set.
    const demoted = new Set(answers.filter(({ answer }) => answer.status === 200).map(({ userId }) => userId));
    expect([...demoted].sort()).toEqual(admins.filter((id) => !active.some((u) => u.userId === id)).sort());
  });

  it('names the refusal in the store itself: an actor no longer an active admin, and the last active admin', async () => {
    await using g = await startGateway({ customers: 1 });
    const ivan = (await g.login('admin.ivan')).token;
    const second = await createUser(g, ivan, { username: 'admin.lee', roles: ['admin'] });
    const lee = await signInCreated(g, second);
    expect((await g.route('adminDisableUser', { params: { userId: second.user.userId }, token: ivan, body: { reason: 'Off-boarding' } })).status).toBe(200);
    // Lee's session ended with the disable; Ivan is the last admin and nobody can remove him.
    expect((await g.route('adminDisableUser', { params: { userId: IVAN }, token: lee, body: { reason: 'Revenge' } })).status).toBe(401);
    const third = await createUser(g, ivan, { username: 'agent.moe', roles: ['agent'] });
    const db = g.gateway.store.admin;
    const unrecorded = () => null;
    const outcome = await db.disable({ actorId: second.user.userId, userId: IVAN, at: g.clock.now() }, unrecorded);
    expect(outcome.outcome).toEqual({ ok: false, refusal: 'actor_inactive' });
    expect((await db.setRoles({ actorId: IVAN, userId: IVAN, roles: ['agent'], at: g.clock.now(), requireSecondAdmin: false }, unrecorded)).outcome).toEqual({ ok: false, refusal: 'last_admin' });
    expect((await db.disable({ actorId: IVAN, userId: IVAN, at: g.clock.now() }, unrecorded)).outcome).toEqual({ ok: false, refusal: 'last_admin' });
    expect(third.user.status).toBe('active');
  });
});
