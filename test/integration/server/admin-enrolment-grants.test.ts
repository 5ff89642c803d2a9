// Issue 21: enrolment grants could be neither listed nor revoked. An admin now
// lists every code and policy token (never a secret) and revokes one: no desk
// enrols with it afterwards. Each list read and each revocation is on the
// gateway's record. Real HTTP on the run's engine.
import { expect } from 'vitest';
import { TestDevice } from '../../harness/device/device.ts';
import { gatewayAuditEvents } from '../../harness/gateway/admin.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';

const it = gatewayTestWith({ config: { authRateLimitPerMinute: 100_000 }, customers: 1 });

it('lists codes and tokens without their secrets, and a revoked one enrols no desk', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const code = (await gw.route('issueEnrolment', { token: admin, body: { kind: 'code', reason: 'Desk for the new starter' } })).body;
  const token = (await gw.route('issueEnrolment', { token: admin, body: { kind: 'policy_token', reason: 'Managed build, floor 2' } })).body;

  const listed = await gw.route('enrolmentGrants', { token: admin });
  expect(listed.status).toBe(200);
  for (const secret of [code.secret, token.secret, gw.enrolment.secret]) expect(listed.text).not.toContain(secret);
  const byReason = (reason: string) => listed.body.find((g) => g.reason === reason);
  expect(byReason('Desk for the new starter')).toMatchObject({ kind: 'code', status: 'usable', issuedBy: 'admin.ivan', usedAt: null, revokedAt: null });
  expect(byReason('Managed build, floor 2')).toMatchObject({ kind: 'policy_token', status: 'usable', issuedBy: 'admin.ivan' });
  expect((await gatewayAuditEvents(gw, 'admin.view')).filter((e) => e.target.id === 'admin.enrolment_grants')).toHaveLength(1);

  // Only admins: an agent neither lists nor revokes.
  const agent = (await gw.login('agent.ana')).token;
  const tokenGrant = byReason('Managed build, floor 2')?.grantId ?? '';
  expect((await gw.route('enrolmentGrants', { token: agent })).status).toBe(403);
  expect((await gw.route('revokeEnrolment', { token: agent, params: { grantId: tokenGrant }, body: { reason: 'Not mine to revoke' } })).status).toBe(403);

  // Revoked: the token and the code enrol nobody; parallel second revocations are conflicts, the first stays.
  const revocations = await Promise.all([0, 1, 2].map(() => gw.route('revokeEnrolment', { token: admin, params: { grantId: tokenGrant }, body: { reason: 'Build file leaked' } })));
  expect(revocations.map((r) => r.status).sort()).toEqual([200, 409, 409]);
  expect(revocations.find((r) => r.status === 200)?.body).toMatchObject({ status: 'revoked', revokedBy: 'admin.ivan' });
  const codeGrant = byReason('Desk for the new starter')?.grantId ?? '';
  expect((await gw.route('revokeEnrolment', { token: admin, params: { grantId: codeGrant }, body: { reason: 'Starter did not join' } })).status).toBe(200);
  for (const enrolment of [{ kind: 'policy_token' as const, secret: token.secret }, { kind: 'code' as const, secret: code.secret }]) {
    const desk = new TestDevice();
    // agent.ana signs in without MFA: the right password, refused only for the revoked grant.
    const answer = await gw.attemptLogin('agent.ana', 'desk-demo-ana-2026', { device: desk, enrolment });
    expect([answer.status, answer.error?.code], enrolment.kind).toEqual([403, 'enrolment_required']);
    expect(await gw.gateway.store.devices.find(desk.deviceId)).toBeNull();
  }
  expect((await gw.route('revokeEnrolment', { token: admin, params: { grantId: 'no-such-grant-id' }, body: { reason: 'Typo in the ID' } })).status).toBe(404);

  const revoked = (await gatewayAuditEvents(gw, 'device.enroll')).filter((e) => e.details.action === 'enrolment_revoke');
  expect(revoked.map((e) => [e.details.grantId, e.details.reason, e.actor.username])).toEqual([
    [tokenGrant, 'Build file leaked', 'admin.ivan'],
    [codeGrant, 'Starter did not join', 'admin.ivan'],
  ]);
  // The harness's own policy token still enrols desks: only the revoked grants stopped.
  expect((await gw.login('agent.ana', { device: new TestDevice() })).token).toMatch(/\./);
});
