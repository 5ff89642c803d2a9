// Issue 21 attacked from inside: an admin who already holds a second admin
// account (one he asked for, or one whose credentials he reset) uses it as the
// "second admin". Real HTTP on the run's engine.
import { expect } from 'vitest';
import { currentTotp } from '../../../server/identity/totp.ts';
import type { OneTimePasswordGrant } from '../../../shared/schemas/admin.ts';
import { chosenPassword, gatewayAuditEvents, independentAdmin, REASON, signInCreated } from '../../harness/gateway/admin.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';
import type { RunningGateway } from '../../harness/gateway/gateway.ts';

const it = gatewayTestWith({ config: { authRateLimitPerMinute: 100_000, adminApprovals: { required: true, hours: 24 } }, customers: 1 });

const IVAN = 'u-admin-ivan';


/** A new admin account `requester` asked for and `approver` approved, signed in by whoever holds its one-time password. */
async function approvedAdmin(gw: RunningGateway, requester: string, approver: string, username: string): Promise<{ userId: string; token: string }> {
  const asked = await gw.route('adminRequestApproval', { token: requester, body: { kind: 'create', username, displayName: username, roles: ['admin'], reason: REASON } });
  expect(asked.status, asked.text).toBe(200);
  const approved = await gw.route('adminApprove', { token: approver, params: { approvalId: asked.body.approvalId }, body: { reason: REASON } });
  expect(approved.status, approved.text).toBe(200);
  const grant: OneTimePasswordGrant = { user: approved.body.user, oneTimePassword: approved.body.oneTimePassword ?? '', expiresAt: approved.body.expiresAt ?? '' };
  return { userId: approved.body.user.userId, token: await signInCreated(gw, grant) };
}

const approvalRefusals = async (gw: RunningGateway, approvalId: string) =>
  (await gatewayAuditEvents(gw, 'admin.user.change')).filter((e) => e.details.action === 'approval_approve' && e.details.approvalId === approvalId).map((e) => e.reason);

it("refuses the creator approving his second account's request, and any account down that line approving his", async ({ gw }) => {
  const ivan = (await gw.login('admin.ivan')).token;
  const tom = await independentAdmin(gw, 'admin.tom');
  // Tom, fooled once, approves Ivan's second admin account; Ivan holds its one-time password.
  const second = await approvedAdmin(gw, ivan, tom, 'admin.second');

  // The second account asks for a third admin: Ivan approving it is one person asking and approving.
  const third = await gw.route('adminRequestApproval', { token: second.token, body: { kind: 'create', username: 'admin.third', displayName: 'Third', roles: ['admin'], reason: REASON } });
  expect(third.status).toBe(200);
  const byIvan = await gw.route('adminApprove', { token: ivan, params: { approvalId: third.body.approvalId }, body: { reason: REASON } });
  expect([byIvan.status, byIvan.error?.code]).toEqual([403, 'forbidden']);
  expect((await gw.gateway.store.admin.listAccounts()).map((a) => a.username)).not.toContain('admin.third');
  expect(await approvalRefusals(gw, third.body.approvalId)).toEqual(['creator_of_requester']);

  // Nor does the second account get customer data from Ivan's approval of its own request.
  const ownData = await gw.route('adminRequestApproval', { token: second.token, body: { kind: 'roles', userId: second.userId, roles: ['admin', 'agent'], reason: REASON } });
  expect(ownData.status).toBe(200);
  expect((await gw.route('adminApprove', { token: ivan, params: { approvalId: ownData.body.approvalId }, body: { reason: REASON } })).status).toBe(403);
  expect((await gw.gateway.store.admin.findAccount(second.userId))?.roles).toEqual(['admin']);
  expect((await gw.route('adminRejectApproval', { token: second.token, params: { approvalId: ownData.body.approvalId }, body: { reason: 'withdrawn' } })).status).toBe(200);

  // Tom approves the third (created by the second account, so Ivan's too): it cannot approve Ivan's own request.
  const approvedThird = await gw.route('adminApprove', { token: tom, params: { approvalId: third.body.approvalId }, body: { reason: REASON } });
  expect(approvedThird.status, approvedThird.text).toBe(200);
  const thirdToken = await signInCreated(gw, { user: approvedThird.body.user, oneTimePassword: approvedThird.body.oneTimePassword ?? '', expiresAt: approvedThird.body.expiresAt ?? '' });
  const mine = await gw.route('adminRequestApproval', { token: ivan, body: { kind: 'roles', userId: IVAN, roles: ['admin', 'agent'], reason: REASON } });
  const byThird = await gw.route('adminApprove', { token: thirdToken, params: { approvalId: mine.body.approvalId }, body: { reason: REASON } });
  expect(byThird.status).toBe(403);
  expect((await gw.gateway.store.admin.findAccount(IVAN))?.roles).toEqual(['admin']);
  expect(await approvalRefusals(gw, mine.body.approvalId)).toEqual(['created_by_requester']);
  expect((await gw.route('adminRejectApproval', { token: ivan, params: { approvalId: mine.body.approvalId }, body: { reason: 'withdrawn' } })).status).toBe(200);
});

it('makes one approval of a request replayed in parallel by its approver', async ({ gw }) => {
  const ivan = (await gw.login('admin.ivan')).token;
  const tess = await independentAdmin(gw, 'admin.tess');
  const asked = await gw.route('adminRequestApproval', { token: ivan, body: { kind: 'create', username: 'admin.once', displayName: 'Once', roles: ['admin'], reason: REASON } });
  const answers = await Promise.all(Array.from({ length: 6 }, () => gw.route('adminApprove', { token: tess, params: { approvalId: asked.body.approvalId }, body: { reason: REASON } })));
  expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409, 409, 409]);
  const creates = (await gatewayAuditEvents(gw, 'account.create')).filter((e) => e.outcome === 'success' && e.details.approvalId === asked.body.approvalId);
  expect(creates).toHaveLength(1);
});

it('refuses a request for a username that differs from an admin only in case, or looks like one in another script', async ({ gw }) => {
  const ivan = (await gw.login('admin.ivan')).token;
  const before = (await gw.route('adminApprovals', { token: ivan })).body.length;
  const cased = await gw.route('adminRequestApproval', { token: ivan, body: { kind: 'create', username: 'Admin.IVAN', displayName: 'Ivan', roles: ['admin'], reason: REASON } });
  expect(cased.status).toBe(409);
  // A Cyrillic "а" in place of the Latin one.
  const confusable = await gw.call('POST', '/v1/admin/approvals', { token: ivan, body: { kind: 'create', username: '\u0430dmin.ivan', displayName: 'Ivan', roles: ['admin'], reason: REASON } });
  expect([confusable.status, confusable.json.error?.code]).toEqual([400, 'invalid_request']);
  expect((await gw.route('adminApprovals', { token: ivan })).body).toHaveLength(before);
});

it("refuses an admin whose password and authenticator the requester reset approving the requester's request", async ({ gw }) => {
  const ivan = (await gw.login('admin.ivan')).token;
  await independentAdmin(gw, 'admin.rex');
  const rexId = 'u-admin-rex';
  // Ivan resets both of Rex's credentials and holds what each reset hands out.
  const password = await gw.route('adminResetPassword', { token: ivan, params: { userId: rexId }, body: { reason: 'Forgot it, ticket IT-60' } });
  const mfa = await gw.route('adminResetMfa', { token: ivan, params: { userId: rexId }, body: { reason: 'Lost phone, ticket IT-61' } });
  expect([password.status, mfa.status]).toEqual([200, 200]);
  const session = await gw.attemptLogin('admin.rex', password.body.oneTimePassword);
  expect(session.status, session.text).toBe(200);
  const changed = await gw.route('changePassword', { token: session.body.tokens.accessToken, body: { currentPassword: password.body.oneTimePassword, newPassword: chosenPassword('admin.rex') } });
  expect(changed.status, changed.text).toBe(200);
  const started = await gw.route('startMfa', { token: changed.body.tokens.accessToken, body: { resetCode: mfa.body.enrolmentCode } });
  expect(started.status, started.text).toBe(200);
  const secret = new URL(started.body.otpauthUri).searchParams.get('secret') ?? '';
  const confirmed = await gw.route('confirmMfa', { token: changed.body.tokens.accessToken, body: { code: await currentTotp(secret, gw.clock.now()) } });
  expect(confirmed.status, confirmed.text).toBe(200);
  gw.clock.advance(30_000);

  // As Rex, Ivan approves his own customer-data role: refused, Rex's credentials were Ivan's to set.
  const mine = await gw.route('adminRequestApproval', { token: ivan, body: { kind: 'roles', userId: IVAN, roles: ['admin', 'agent'], reason: REASON } });
  expect(mine.status, mine.text).toBe(200);
  const byRex = await gw.route('adminApprove', { token: confirmed.body.tokens.accessToken, params: { approvalId: mine.body.approvalId }, body: { reason: REASON } });
  expect(byRex.status).toBe(403);
  expect((await gw.gateway.store.admin.findAccount(IVAN))?.roles).toEqual(['admin']);
  expect(await approvalRefusals(gw, mine.body.approvalId)).toEqual(['created_by_requester']);
  expect((await gw.route('adminRejectApproval', { token: ivan, params: { approvalId: mine.body.approvalId }, body: { reason: 'withdrawn' } })).status).toBe(200);
});

it('refuses an approval by an admin disabled meanwhile, or by one whose request was decided in parallel with his disabling', async ({ gw }) => {
  const ivan = (await gw.login('admin.ivan')).token;
  const uma = await independentAdmin(gw, 'admin.uma');
  const val = await independentAdmin(gw, 'admin.val');
  const asked = await gw.route('adminRequestApproval', { token: ivan, body: { kind: 'create', username: 'admin.late', displayName: 'Late', roles: ['admin'], reason: REASON } });
  expect(asked.status, asked.text).toBe(200);
  // Val disables Uma while Uma approves: either the approval lands first (and stands), or it is refused.
  const [disabled, approved] = await Promise.all([
    gw.route('adminDisableUser', { token: val, params: { userId: 'u-admin-uma' }, body: { reason: 'Left the company, ticket HR-77' } }),
    gw.route('adminApprove', { token: uma, params: { approvalId: asked.body.approvalId }, body: { reason: REASON } }),
  ]);
  expect(disabled.status, disabled.text).toBe(200);
  const created = (await gw.gateway.store.admin.listAccounts()).some((a) => a.username === 'admin.late');
  expect(created).toBe(approved.status === 200);
  if (approved.status !== 200) expect([401, 403]).toContain(approved.status);
  // Once disabled, her session is gone: a later approval is refused and makes nothing.
  const after = await gw.route('adminApprove', { token: uma, params: { approvalId: asked.body.approvalId }, body: { reason: REASON } });
  expect([401, 403, 409]).toContain(after.status);
  expect((await gw.gateway.store.admin.listAccounts()).filter((a) => a.username === 'admin.late')).toHaveLength(created ? 1 : 0);
  if (!created) expect((await gw.route('adminRejectApproval', { token: ivan, params: { approvalId: asked.body.approvalId }, body: { reason: 'withdrawn' } })).status).toBe(200);
});
