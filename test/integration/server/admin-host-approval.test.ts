// Four eyes on a new store (issue 21): its one admin asks for a second admin and
// has nobody to approve it. `npm run admin -- approve APPROVAL_ID --reason TEXT`,
// run on the host as a real child process beside the running gateway, is that
// second person: for a request to create an account, only while no usable
// admin could approve it in the app. Recorded with the host as actor.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'vitest';
import { newTotpSecret, currentTotp } from '../../../server/identity/totp.ts';
import { createAccount } from '../../harness/gateway/accounts.ts';
import { gatewayAuditEvents, REASON } from '../../harness/gateway/admin.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';
import type { RunningGateway } from '../../harness/gateway/gateway.ts';

const it = gatewayTestWith({ config: { authRateLimitPerMinute: 100_000, adminApprovals: { required: true } }, customers: 1 });

const CLI = join(import.meta.dirname, '../../../server/admin-cli.ts');
const run = promisify(execFile);

async function approveOnHost(gw: RunningGateway, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const database = gw.database === undefined ? [] : ['--database', gw.database];
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, 'approve', ...args, '--data', gw.dataDir, ...database], { timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

it("approves a new store's second admin from the host while no admin could, and refuses once one can", { timeout: 180_000 }, async ({ gw }) => {
  const ivan = (await gw.login('admin.ivan')).token;
  const asked = await gw.route('adminRequestApproval', { token: ivan, body: { kind: 'create', username: 'admin.second', displayName: 'Second', roles: ['admin'], reason: REASON } });
  expect(asked.status, asked.text).toBe(200);

  // Malformed input is a usage error (exit 1); a roles request is not the host's to approve (exit 2).
  expect((await approveOnHost(gw, [asked.body.approvalId])).code).toBe(1);
  expect((await approveOnHost(gw, ['not-an-approval', '--reason', REASON])).code).toBe(1);
  const roles = await gw.route('adminRequestApproval', { token: ivan, body: { kind: 'roles', userId: 'u-agent-ana', roles: ['admin'], reason: REASON } });
  const hostRoles = await approveOnHost(gw, [roles.body.approvalId, '--reason', REASON]);
  expect([hostRoles.code, hostRoles.stderr]).toEqual([2, expect.stringContaining('only a request to create an account')]);

  const approved = await approveOnHost(gw, [asked.body.approvalId, '--reason', 'Ticket OPS-3: second admin of a new store']);
  expect(approved.code, approved.stderr).toBe(0);
  const password = /one-time password .*\): (\S+)/.exec(approved.stdout)?.[1] ?? '';
  expect(password.length).toBeGreaterThanOrEqual(16);
  expect((await gw.gateway.store.admin.listAccounts()).find((a) => a.username === 'admin.second')).toMatchObject({ roles: ['admin'], mustChangePassword: true });
  const [record] = (await gatewayAuditEvents(gw, 'account.create')).filter((e) => e.details.approvalId === asked.body.approvalId);
  expect(record).toMatchObject({ outcome: 'success', actor: { userId: null, username: 'npm run admin' }, details: { requestedBy: 'admin.ivan', approvalNote: 'Ticket OPS-3: second admin of a new store' } });
  expect(JSON.stringify(record)).not.toContain(password);

  // With another usable admin (one Ivan did not create), the host steps back: that admin approves in the app.
  const totpSecret = newTotpSecret();
  await createAccount(gw.gateway, { userId: 'u-admin-olga', username: 'admin.olga', roles: ['admin'], password: 'Harbour lanterns drift north 9', totpSecret, createdAt: gw.clock.now() });
  expect((await gw.attemptLogin('admin.olga', 'Harbour lanterns drift north 9', { otp: await currentTotp(totpSecret, gw.clock.now()) })).status).toBe(200);
  const third = await gw.route('adminRequestApproval', { token: ivan, body: { kind: 'create', username: 'admin.third', displayName: 'Third', roles: ['admin'], reason: REASON } });
  const refused = await approveOnHost(gw, [third.body.approvalId, '--reason', REASON]);
  expect([refused.code, refused.stderr]).toEqual([2, expect.stringContaining('Another usable admin')]);
  expect((await gw.gateway.store.admin.listAccounts()).some((a) => a.username === 'admin.third')).toBe(false);
});
