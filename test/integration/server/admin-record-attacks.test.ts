// Issue 21, attacked as found, over real HTTP on the run's engine: an admin
// change whose audit write fails must not be kept (roles, accounts, enrolment
// grants, revocations, sign-offs), and a disabled admin's requests in flight
// must not complete after the disable.
import { expect } from 'vitest';
import { GATEWAY_DEVICE_ID } from '../../../shared/gateway-device.ts';
import type { AuditEvent } from '../../../shared/audit.ts';
import { openRawKysely, refuseInserts } from '../../harness/database/raw-database.ts';
import { createUser, REASON, signInCreated } from '../../harness/gateway/admin.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';
import type { RunningGateway } from '../../harness/gateway/gateway.ts';

const it = gatewayTestWith({ config: { authRateLimitPerMinute: 100_000 }, customers: 1 });

/** The gateway chain's records, in chain order, with their sequence numbers. */
async function chain(gw: RunningGateway): Promise<{ seq: number; event: AuditEvent }[]> {
  const raw = openRawKysely(gw);
  try {
    const rows = await raw.selectFrom('audit_events').select(['seq', 'event']).where('device_id', '=', GATEWAY_DEVICE_ID).orderBy('seq').execute();
    return rows.map((row) => ({ seq: row.seq, event: JSON.parse(row.event) as AuditEvent }));
  } finally {
    await raw.destroy();
  }
}

/** Runs `attack` while the store refuses every gateway audit event of `type`. */
async function withAuditFailing<T>(gw: RunningGateway, type: string, attack: () => Promise<T>): Promise<T> {
  const fault = await refuseInserts(gw, 'audit_events', `NEW.type = '${type}'`, 'disk full');
  try {
    return await attack();
  } finally {
    await fault.restore();
  }
}

it('keeps no role change whose record cannot be written: 503 audit_unavailable, roles as before, nothing in the review', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const grant = await createUser(gw, admin, { username: 'agent.quiet', roles: ['agent'] });
  const answer = await withAuditFailing(gw, 'account.role.change', () =>
    gw.route('adminSetRoles', { token: admin, params: { userId: grant.user.userId }, body: { roles: ['agent', 'supervisor'], reason: 'Granting quietly' } }),
  );
  expect([answer.status, answer.error?.code]).toEqual([503, 'audit_unavailable']);
  expect((await gw.gateway.store.admin.findAccount(grant.user.userId))?.roles).toEqual(['agent']);
  expect((await chain(gw)).filter((e) => e.event.details.reason === 'Granting quietly')).toEqual([]);
  const review = await gw.route('adminAccessReview', { token: admin, query: { format: 'json' } });
  const row = review.body.rows.find((r) => r.userId === grant.user.userId);
  expect(row?.roles).toEqual(['agent']);
  expect(row?.changesSinceLastReview.map((c) => c.action)).toEqual(['create']);
});

it('keeps no account, enrolment grant, revocation or sign-off whose record cannot be written', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const usersBefore = (await gw.gateway.store.admin.listAccounts()).length;
  const created = await withAuditFailing(gw, 'account.create', () =>
    gw.route('adminCreateUser', { token: admin, body: { username: 'agent.ghost', displayName: 'Ghost', roles: ['agent'], reason: REASON } }),
  );
  expect([created.status, created.error?.code]).toEqual([503, 'audit_unavailable']);
  expect(await gw.gateway.store.admin.listAccounts()).toHaveLength(usersBefore);

  const raw = openRawKysely(gw);
  try {
    const grants = async () => (await raw.selectFrom('enrolment_grants').select('grant_id').execute()).length;
    const grantsBefore = await grants();
    const issued = await withAuditFailing(gw, 'device.enroll', () => gw.route('issueEnrolment', { token: admin, body: { kind: 'code', reason: REASON } }));
    expect([issued.status, issued.error?.code]).toEqual([503, 'audit_unavailable']);
    expect(await grants()).toBe(grantsBefore);

    const desk = await gw.login('agent.ana');
    const revoked = await withAuditFailing(gw, 'admin.device.revoke', () =>
      gw.route('revokeDevice', { token: admin, params: { deviceId: desk.device.deviceId }, body: { reason: 'Revoked off the record' } }),
    );
    expect([revoked.status, revoked.error?.code]).toEqual([503, 'audit_unavailable']);
    expect((await gw.gateway.store.devices.find(desk.device.deviceId))?.revokedAt).toBeNull();
    // Its session was not ended either: the desk still works.
    expect((await gw.route('adminUsers', { token: desk.token })).status).toBe(403);
    expect((await gw.route('heartbeat', { token: desk.token, body: desk.device.heartbeat(gw.clock.now()) })).status).toBe(200);

    const reviews = async () => (await raw.selectFrom('access_reviews').select('review_id').execute()).length;
    const reviewsBefore = await reviews();
    // Another admin signs off (the review holds Ivan's own changes), the review she was shown.
    const rita = await signInCreated(gw, await createUser(gw, admin, { username: 'admin.rita', roles: ['admin'] }));
    const shown = (await gw.route('adminAccessReview', { token: rita, query: { format: 'json' } })).body;
    const body = { note: 'Signed off the record', generatedAt: shown.generatedAt, reviewHash: shown.reviewHash };
    const signed = await withAuditFailing(gw, 'report.generate', () => gw.route('adminSignOffReview', { token: rita, body }));
    expect([signed.status, signed.error?.code]).toEqual([503, 'audit_unavailable']);
    expect(await reviews()).toBe(reviewsBefore);
  } finally {
    await raw.destroy();
  }
  // With the store sound again, the same changes go through, each with its record.
  expect((await gw.route('issueEnrolment', { token: admin, body: { kind: 'code', reason: REASON } })).status).toBe(200);
  expect(await gw.gateway.chainVerifier.verifyNow()).toEqual([]);
});

it('completes none of a disabled admin’s 40 parallel role grants after the disable: each one recorded is recorded before it', async ({ gw }) => {
  const ivan = (await gw.login('admin.ivan')).token;
  for (let round = 0; round < 3; round++) {
    const second = await createUser(gw, ivan, { username: `admin.leaving${round}`, roles: ['admin'] });
    const leaving = await signInCreated(gw, second);
    const targets = await Promise.all([0, 1, 2, 3].map(async (i) => (await createUser(gw, ivan, { username: `agent.target${round}-${i}`, roles: ['agent'] })).user.userId));
    const grants = Array.from({ length: 40 }, (_, i) =>
      gw.route('adminSetRoles', {
        token: leaving,
        params: { userId: targets[i % targets.length] ?? '' },
        body: { roles: i % 2 === 0 ? ['agent', 'supervisor'] : ['supervisor'], reason: `Grant ${round}-${i} in flight` },
      }),
    );
    const disable = gw.route('adminDisableUser', { token: ivan, params: { userId: second.user.userId }, body: { reason: 'Leaving the company today' } });
    const [disabled, ...answers] = await Promise.all([disable, ...grants]);
    expect(disabled.status).toBe(200);

    const events = await chain(gw);
    const disableSeq = events.find((e) => e.event.target.id === second.user.userId && e.event.details.action === 'disable' && e.event.outcome === 'success')?.seq;
    expect(disableSeq).toBeDefined();
    const granted = events.filter((e) => e.event.actor.userId === second.user.userId && e.event.type === 'account.role.change' && e.event.outcome === 'success');
    // Every grant that went through is on record before the disable, and answered 200; every other one was refused.
    for (const e of granted) expect(e.seq).toBeLessThan(disableSeq ?? 0);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(granted.length);
    for (const answer of answers) expect([200, 401, 403]).toContain(answer.status);
    // The disabled admin can do nothing more.
    const after = await gw.route('adminSetRoles', { token: leaving, params: { userId: targets[0] ?? '' }, body: { roles: ['agent'], reason: 'One more try' } });
    expect(after.status).toBe(401);
  }
});
