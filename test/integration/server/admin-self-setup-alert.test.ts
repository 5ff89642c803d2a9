// Issue 21, attacked as found: an admin created an account and set it up
// himself, on his own desk (he held its one-time password and chose its
// password and MFA). Setting an account up on a desk its creating admin signed
// in on now raises a critical alert for the admins; set up by its person on
// another desk, it raises none. Real HTTP on the run's engine.
import { expect } from 'vitest';
import { chosenPassword, createUser, signInCreated } from '../../harness/gateway/admin.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';

const it = gatewayTestWith({ config: { authRateLimitPerMinute: 100_000 }, customers: 1 });

it('alerts when an account is set up on the desk its creator signed in on, and not when its person sets it up elsewhere', async ({ gw }) => {
  const { token: admin, device: adminDesk } = await gw.login('admin.ivan');
  const alertsFor = async (userId: string) => (await gw.gateway.alerts.list('open')).filter((a) => a.kind === 'account_setup_on_creator_desk' && a.userId === userId);

  // The person, on a desk of their own: no alert.
  const honest = await createUser(gw, admin, { username: 'agent.honest', roles: ['agent'] });
  await signInCreated(gw, honest);
  expect(await alertsFor(honest.user.userId)).toEqual([]);

  // The admin, on his own desk, with the one-time password he was shown.
  const sock = await createUser(gw, admin, { username: 'agent.sock', roles: ['agent'] });
  const first = await gw.attemptLogin('agent.sock', sock.oneTimePassword, { device: adminDesk });
  expect(first.status).toBe(200);
  const changed = await gw.route('changePassword', {
    token: first.body.tokens.accessToken,
    body: { currentPassword: sock.oneTimePassword, newPassword: chosenPassword('agent.sock') },
  });
  expect(changed.status).toBe(200);
  const [alert, ...more] = await alertsFor(sock.user.userId);
  expect(more).toEqual([]);
  expect(alert).toMatchObject({ severity: 'critical', deviceId: adminDesk.deviceId });
  expect(alert?.message).toContain('agent.sock');
  // The admins see it in their list.
  expect((await gw.route('adminAlerts', { token: admin })).body.some((a) => a.alertId === alert?.alertId)).toBe(true);
});
