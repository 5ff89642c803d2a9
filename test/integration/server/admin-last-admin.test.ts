// Issue 21: the inactivity sweep could disable every admin, after which nobody
// could administer the store. It now keeps the last usable admin (enabled, set
// up, not locked) and raises a critical alert instead; an admin who never set
// up or is locked does not count as one. Real HTTP and the run's real store.
import { expect, it } from 'vitest';
import { INACTIVITY_SWEEP_MS } from '../../../server/identity/inactivity.ts';
import { manualScheduler } from '../../harness/clock/scheduler.ts';
import { createAccount } from '../../harness/gateway/accounts.ts';
import { createUser, signInCreated } from '../../harness/gateway/admin.ts';
import { startGateway } from '../../harness/gateway/gateway.ts';

const DAY = 86_400_000;

it('never disables the last usable admin in the sweep: it stays, with a critical alert, while stale accounts go', async () => {
  const scheduler = manualScheduler();
  await using gw = await startGateway({ scheduler, customers: 1, config: { authRateLimitPerMinute: 10_000 } });
  await gw.login('admin.ivan');
  gw.clock.advance(80 * DAY);
  // Two more admins, recent, neither of whom can act: one never set up (its one-time password unchanged), one locked out.
  const recent = { password: 'Recent-admin-harbour-77', createdAt: gw.clock.now(), roles: ['admin'] as const };
  await createAccount(gw.gateway, { ...recent, userId: 'u-admin-never', username: 'admin.never', mustChangePassword: true, mfaRequired: true });
  await createAccount(gw.gateway, { ...recent, userId: 'u-admin-locked', username: 'admin.locked', lastSignInAt: gw.clock.now(), lockedUntil: gw.clock.now() + 365 * DAY });
  gw.clock.advance(11 * DAY); // Ivan: 91 days since his sign-in; the new admins: 11.

  scheduler.fire(INACTIVITY_SWEEP_MS);
  const lastAdminAlerts = async () => (await gw.gateway.alerts.list('open')).filter((a) => a.kind === 'last_admin_inactive');
  await expect.poll(async () => (await lastAdminAlerts()).map((a) => [a.userId, a.severity])).toEqual([['u-admin-ivan', 'critical']]);
  const accounts = await gw.gateway.store.admin.listAccounts();
  const status = (username: string) => accounts.find((a) => a.username === username)?.disabledAt ?? null;
  expect(status('admin.ivan')).toBeNull();
  // The stale demo agents went; the sweep is not switched off by the rule.
  expect(status('agent.ben')).not.toBeNull();
  expect(status('admin.never')).toBeNull();
  expect(status('admin.locked')).toBeNull();
  // A sweep on the next hour neither disables Ivan nor stacks a second alert.
  expect((await gw.gateway.inactivity.sweep()).map((u) => u.username)).not.toContain('admin.ivan');
  expect(await lastAdminAlerts()).toHaveLength(1);
  // Ivan signs in and administers as before.
  expect((await gw.route('adminUsers', { token: (await gw.login('admin.ivan')).token })).status).toBe(200);
});

it('keeps exactly one of several stale usable admins: the one active most recently', async () => {
  await using gw = await startGateway({ scheduler: manualScheduler(), customers: 1, config: { authRateLimitPerMinute: 10_000 } });
  const ivan = (await gw.login('admin.ivan')).token;
  const second = await createUser(gw, ivan, { username: 'admin.rosa', roles: ['admin'] });
  gw.clock.advance(DAY);
  await signInCreated(gw, second);
  gw.clock.advance(100 * DAY);
  const disabled = (await gw.gateway.inactivity.sweep()).map((u) => u.username);
  expect(disabled).toContain('admin.ivan');
  expect(disabled).not.toContain('admin.rosa');
  const accounts = await gw.gateway.store.admin.listAccounts();
  expect(accounts.filter((a) => a.roles.includes('admin') && a.disabledAt === null).map((a) => a.username)).toEqual(['admin.rosa']);
});
