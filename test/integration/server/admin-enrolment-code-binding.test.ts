// Issue 21: an enrolment code is bound to the account it was issued for. Another
// account's sign-in that presents it is refused and recorded, and the code stays
// usable by its own account, also when both race for it. Real HTTP on the
// run's engine.
import { expect } from 'vitest';
import { currentTotp } from '../../../server/identity/totp.ts';
import { DEMO_ACCOUNTS } from '../../../server/seed/demo-seed.ts';
import type { EnrolmentPresentation } from '../../../shared/schemas/admin.ts';
import { TestDevice } from '../../harness/device/device.ts';
import { gatewayAuditEvents, REASON } from '../../harness/gateway/admin.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';
import type { RunningGateway } from '../../harness/gateway/gateway.ts';

const it = gatewayTestWith({ config: { authRateLimitPerMinute: 100_000 }, customers: 1 });

const ANA = 'u-agent-ana';

async function codeFor(gw: RunningGateway, admin: string, userId: string, reason: string): Promise<EnrolmentPresentation> {
  const issued = await gw.route('issueEnrolment', { token: admin, body: { kind: 'code', reason, userId } });
  expect(issued.status, issued.text).toBe(200);
  return { kind: 'code', secret: issued.body.secret };
}

/** A demo account's sign-in on a new desk presenting `enrolment` (its code's time step is not spent: the caller moves the clock on). */
const signInOnNewDesk = async (gw: RunningGateway, username: string, enrolment: EnrolmentPresentation) => {
  const account = DEMO_ACCOUNTS.find((a) => a.username === username);
  if (account === undefined) throw new Error(`no demo account ${username}`);
  const otp = account.mfa ? await currentTotp(await gw.totpSecret(username), gw.clock.now()) : undefined;
  return gw.attemptLogin(username, account.password, { device: new TestDevice(), enrolment, ...(otp === undefined ? {} : { otp }) });
};

it("refuses another account's sign-in with a code issued for Ana, records it, and leaves the code to Ana", async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const code = await codeFor(gw, admin, ANA, 'Desk for Ana, ticket HR-7');

  const ben = await signInOnNewDesk(gw, 'agent.ben', code);
  gw.clock.advance(30_000);
  expect(ben.status).toBe(403);
  expect(ben.error?.code).toBe('enrolment_required');
  const [refused] = (await gatewayAuditEvents(gw, 'auth.login')).filter((e) => e.reason === 'enrolment_code_other_account');
  expect(refused).toMatchObject({ outcome: 'failure', actor: { username: 'agent.ben' } });

  const listed = (await gw.route('enrolmentGrants', { token: admin })).body.find((g) => g.reason === 'Desk for Ana, ticket HR-7');
  expect(listed).toMatchObject({ status: 'usable', forUser: 'agent.ana', usedAt: null });
  expect((await signInOnNewDesk(gw, 'agent.ana', code)).status).toBe(200);
  gw.clock.advance(30_000);
  expect((await gw.route('enrolmentGrants', { token: admin })).body.find((g) => g.reason === 'Desk for Ana, ticket HR-7')?.status).toBe('used');
});

it('gives a bound code to its own account when another races it for the same code', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  for (let round = 0; round < 5; round++) {
    const code = await codeFor(gw, admin, ANA, `Race ${round} for Ana`);
    const [ben, ana] = await Promise.all([signInOnNewDesk(gw, 'agent.ben', code), signInOnNewDesk(gw, 'agent.ana', code)]);
    gw.clock.advance(30_000);
    expect([ben.status, ana.status]).toEqual([403, 200]);
  }
});

it('refuses binding a policy token, or a code to an unknown account, with a typed error and no grant', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const before = (await gw.route('enrolmentGrants', { token: admin })).body.length;
  const token = await gw.route('issueEnrolment', { token: admin, body: { kind: 'policy_token', reason: REASON, userId: ANA } });
  expect(token.status).toBe(400);
  const unknown = await gw.route('issueEnrolment', { token: admin, body: { kind: 'code', reason: REASON, userId: 'u-nobody' } });
  expect(unknown.status).toBe(404);
  const hostile = await gw.call('POST', '/v1/admin/enrolment', { token: admin, body: { kind: 'code', reason: REASON, userId: '../../etc/passwd' } });
  expect(hostile.status).toBe(400);
  expect((await gw.route('enrolmentGrants', { token: admin })).body).toHaveLength(before);
});
