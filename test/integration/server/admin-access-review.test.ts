// Issue 12: the access review (PCI DSS 7.2.4) and the admins' alerts, over real
// HTTP and a real SQLite store: every account with roles, MFA, last sign-in and
// status, the changes since the last sign-off read from the gateway's audit
// chain, JSON and CSV, and a sign-off after which the next review starts afresh.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_REVIEW_CSV_COLUMNS } from '../../../shared/access-review-csv.ts';
import { containsPan } from '../../../shared/pan.ts';
import type { AccessReview } from '../../../shared/schemas/admin.ts';
import { ADMIN_ALERT_KINDS } from '../../../shared/schemas/supervision.ts';
import { createUser, gatewayAuditEvents, REASON, signInCreated } from '../../harness/gateway/admin.ts';
import { startGateway, type RunningGateway } from '../../harness/gateway/gateway.ts';

let gw: RunningGateway;
let admin: string;

const review = async (token = admin): Promise<AccessReview> => {
  const answer = await gw.route('adminAccessReview', { query: { format: 'json' }, token });
  expect(answer.status).toBe(200);
  return answer.body;
};

beforeAll(async () => {
  gw = await startGateway({ customers: 5 });
  admin = (await gw.login('admin.ivan')).token;
}, 60_000);

afterAll(async () => {
  await gw.close();
});

describe('the access review', () => {
  it('lists every account with roles, MFA, last sign-in, status and who changed what, then starts afresh after a sign-off', async () => {
    const kim = await createUser(gw, admin, { username: 'agent.kim', roles: ['agent'] });
    gw.clock.advance(1_000);
    await gw.route('adminSetRoles', { params: { userId: kim.user.userId }, token: admin, body: { roles: ['agent', 'supervisor'], reason: 'Covers the late shift' } });
    gw.clock.advance(1_000);
    await gw.route('adminDisableUser', { params: { userId: 'u-agent-ana' }, token: admin, body: { reason: 'On leave until May' } });

    const first = await review();
    expect(first.lastSignOff).toBeNull();
    expect(first.rows.map((r) => r.username).sort()).toEqual(['admin.ivan', 'agent.ana', 'agent.ben', 'agent.kim', 'sup.sara']);
    const kimRow = first.rows.find((r) => r.username === 'agent.kim');
    expect(kimRow).toMatchObject({ roles: ['agent', 'supervisor'], mfaEnrolled: false, status: 'active', lastSignInAt: null });
    expect(kimRow?.changesSinceLastReview.map((c) => [c.action, c.by, c.reason])).toEqual([
      ['create', 'admin.ivan', REASON],
      ['roles', 'admin.ivan', 'Covers the late shift'],
    ]);
    expect(first.rows.find((r) => r.username === 'agent.ana')).toMatchObject({ status: 'disabled', disabledReason: 'admin' });
    expect(first.rows.find((r) => r.username === 'agent.ben')).toMatchObject({ mfaEnrolled: true, changesSinceLastReview: [] });

    gw.clock.advance(1_000);
    // The changes are Ivan's: another admin signs the review off, naming the review she was shown.
    const ritaGrant = await createUser(gw, admin, { username: 'admin.rita', roles: ['admin'] });
    const rita = await signInCreated(gw, ritaGrant);
    gw.clock.advance(1_000);
    const shown = await review(rita);
    const note = 'Q4 review: all roles justified';
    const body = { note, generatedAt: shown.generatedAt, reviewHash: shown.reviewHash };
    const signed = await gw.route('adminSignOffReview', { token: rita, body });
    expect(signed.status).toBe(200);
    const signOff = signed.body;
    expect(signOff).toMatchObject({ by: 'admin.rita', note, accounts: 6, coversThrough: shown.generatedAt });
    const [audited] = (await gatewayAuditEvents(gw, 'report.generate')).filter((e) => e.details.action === 'access_review_signoff' && e.outcome === 'success');
    expect(audited).toMatchObject({ actor: { userId: ritaGrant.user.userId }, target: { kind: 'report', id: signOff.reviewId }, details: { reason: note, accounts: 6, reviewHash: shown.reviewHash } });

    gw.clock.advance(1_000);
    await gw.route('adminEnableUser', { params: { userId: 'u-agent-ana' }, token: admin, body: { reason: 'Back from leave' } });
    const second = await review();
    expect(second.lastSignOff).toEqual(signOff);
    expect(second.rows.find((r) => r.username === 'agent.kim')?.changesSinceLastReview).toEqual([]);
    expect(second.rows.find((r) => r.username === 'agent.ana')?.changesSinceLastReview.map((c) => c.action)).toEqual(['enable']);
  });

  it('shows changes by other owners of the convention (the inactivity rule, with no admin behind it)', async () => {
    await gw.gateway.audit.record({
      type: 'admin.user.change',
      outcome: 'success',
      actor: { userId: null, username: null, roles: [] },
      target: { kind: 'account', id: 'u-agent-ben' },
      details: { action: 'disabled_inactive', reason: 'No sign-in for 90 days' },
    });
    const row = (await review()).rows.find((r) => r.username === 'agent.ben');
    expect(row?.changesSinceLastReview.at(-1)).toMatchObject({ action: 'disabled_inactive', by: null, reason: 'No sign-in for 90 days' });
  });

  it('serves the same review as CSV whose cells never join into a card number, and audits each generation', async () => {
    // Digits a person may type, in neighbouring fields: username, display name and reason.
    const tricky = await createUser(gw, admin, { username: '411111', roles: ['agent'], displayName: '1111111111' });
    await gw.route('adminResetPassword', { params: { userId: tricky.user.userId }, token: admin, body: { reason: 'Ticket 1111 1111' } });
    const before = (await gatewayAuditEvents(gw, 'report.generate')).length;
    const answer = await gw.route('adminAccessReview', { query: { format: 'csv' }, token: admin });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('text/csv');
    const lines = answer.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(ACCESS_REVIEW_CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(1 + (await review()).rows.length);
    expect(containsPan(answer.text)).toBe(false);
    const trickyLine = lines.find((l) => l.startsWith(tricky.user.userId));
    expect(trickyLine).toContain(',411111,');
    expect(trickyLine).toContain('1111111111');
    expect(trickyLine).toContain('password_reset by admin.ivan at ');
    expect(trickyLine).toContain('Ticket 1111 1111');
    const generated = (await gatewayAuditEvents(gw, 'report.generate')).slice(before);
    expect(generated.map((e) => e.details.format)).toEqual(['csv', 'json']);
  });

  it('refuses a sign-off note with a card number or too short, and stores no sign-off', async () => {
    const last = (await review()).lastSignOff;
    const shown = await review();
    for (const note of ['Card 4111111111111111 ok', 'ok', 'n'.repeat(1001)]) {
      expect((await gw.route('adminSignOffReview', { token: admin, body: { note, generatedAt: shown.generatedAt, reviewHash: shown.reviewHash } })).status).toBe(400);
    }
    expect((await review()).lastSignOff).toEqual(last);
  });
});

describe('admin alerts', () => {
  it('lists only the admin kinds and acknowledges them with an audited note; supervisor alerts are not theirs', async () => {
    const locked = await gw.gateway.alerts.raise({ kind: 'account_locked', severity: 'warning', userId: 'u-agent-ben', deviceId: null, message: 'agent.ben locked after 5 failed sign-ins' });
    const revoked = await gw.gateway.alerts.raise({ kind: 'device_revoked', severity: 'info', userId: null, deviceId: 'desk-0001-abcdef', message: 'desk revoked' });
    const supervisors = await gw.gateway.alerts.raise({ kind: 'sync_lag', severity: 'warning', userId: 'u-agent-ana', deviceId: null, message: 'lagging' });

    const listed = (await gw.route('adminAlerts', { token: admin })).body;
    // The desks this file signed in were enrolled, so device_enrolled alerts are listed too.
    expect(listed.map((a) => a.alertId)).toEqual(expect.arrayContaining([locked.alertId, revoked.alertId]));
    expect(listed.map((a) => a.alertId)).not.toContain(supervisors.alertId);
    expect(listed.every((a) => (ADMIN_ALERT_KINDS as readonly string[]).includes(a.kind))).toBe(true);

    const acked = await gw.route('adminAckAlert', { params: { alertId: locked.alertId }, token: admin, body: { note: 'Unlocked after a call-back' } });
    expect(acked.status).toBe(200);
    expect(acked.json).toMatchObject({ status: 'acknowledged', acks: [{ by: 'u-admin-ivan', note: 'Unlocked after a call-back' }] });
    expect((await gatewayAuditEvents(gw, 'alert.ack')).at(-1)).toMatchObject({ actor: { userId: 'u-admin-ivan' }, target: { kind: 'alert', id: locked.alertId }, details: { kind: 'account_locked' } });

    const notTheirs = await gw.route('adminAckAlert', { params: { alertId: supervisors.alertId }, token: admin, body: { note: 'Not mine to close' } });
    expect(notTheirs.status).toBe(404);
    expect((await gw.gateway.store.alerts.find(supervisors.alertId))?.acks).toEqual([]);
    expect((await gw.route('adminAckAlert', { params: { alertId: revoked.alertId }, token: admin, body: { note: 'Card 4111 1111 1111 1111' } })).status).toBe(400);
  });
});
