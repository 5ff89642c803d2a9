// Issue 21, attacked as found: one policy token enrolled 21 scripted desks for
// one agent, each raising an info alert. Desks are now capped per user per day
// and per policy token (counted in the enrolment's own transaction), and a
// second desk for one user within a day is one warning for that user, not an
// alert per desk. Real HTTP on the run's engine.
import { expect } from 'vitest';
import { TestDevice } from '../../harness/device/device.ts';
import { gatewayAuditEvents } from '../../harness/gateway/admin.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';
import type { RunningGateway } from '../../harness/gateway/gateway.ts';

const it = gatewayTestWith({
  config: { authRateLimitPerMinute: 100_000, enrolment: { desksPerUserPerDay: 3, desksPerPolicyToken: 4 }, lockout: { maxFailedAttempts: 10 } },
  customers: 1,
});

const DAY = 86_400_000;
/** agent.ana signs in without MFA: every refusal below is the enrolment's. */
const scriptedDesk = (gw: RunningGateway, secret: string) => {
  const device = new TestDevice();
  return gw.attemptLogin('agent.ana', 'desk-demo-ana-2026', { device, enrolment: { kind: 'policy_token', secret } }).then((answer) => ({ answer, device }));
};

it('stops one user’s scripted desks at the daily cap and a token at its own, with one warning for the user', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const token = (await gw.route('issueEnrolment', { token: admin, body: { kind: 'policy_token', reason: 'Managed build, floor 3' } })).body;

  const today: Awaited<ReturnType<typeof scriptedDesk>>[] = [];
  for (let i = 0; i < 5; i++) today.push(await scriptedDesk(gw, token.secret));
  expect(today.map((d) => d.answer.status)).toEqual([200, 200, 200, 403, 403]);
  expect(today[3]?.answer.error?.code).toBe('enrolment_required');
  expect(today[3]?.answer.text).toContain('today');
  for (const { device } of today.slice(3)) expect(await gw.gateway.store.devices.find(device.deviceId)).toBeNull();

  const alerts = (await gw.gateway.alerts.list('open')).filter((a) => a.kind === 'device_enrolled' && a.userId === 'u-agent-ana');
  expect(alerts.map((a) => [a.severity, a.deviceId === null]).sort()).toEqual([['info', false], ['warning', true]]);
  expect(alerts.find((a) => a.severity === 'warning')?.message).toContain('desks within a day');

  // The next day the user may enrol again, until the token itself is used up (4 desks in all).
  gw.clock.advance(DAY + 1);
  const tomorrow = [await scriptedDesk(gw, token.secret), await scriptedDesk(gw, token.secret)];
  expect(tomorrow.map((d) => d.answer.status)).toEqual([200, 403]);
  expect(tomorrow[1]?.answer.text).toContain('policy token');
  const refused = (await gatewayAuditEvents(gw, 'auth.login')).filter((e) => e.outcome === 'failure' && String(e.reason).startsWith('enrolment_'));
  expect(refused.map((e) => e.reason)).toEqual(['enrolment_user_cap', 'enrolment_user_cap', 'enrolment_grant_cap']);
});
