// Issue 21, attacked as found: after an admin's MFA reset, whoever held the
// password enrolled the new authenticator, and the account was single-factor
// until then. The reset now issues a one-time enrolment code (handed to the
// person) that the re-enrolment must present, and that code runs out. Real
// HTTP on the run's engine.
import { expect } from 'vitest';
import { currentTotp } from '../../../server/identity/totp.ts';
import { chosenPassword, createUser, gatewayAuditEvents, signInCreated } from '../../harness/gateway/admin.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';
import type { RunningGateway } from '../../harness/gateway/gateway.ts';

const it = gatewayTestWith({ config: { authRateLimitPerMinute: 100_000 }, customers: 1 });

/** A session of the account from its password alone, as the attacker who holds it would open one. */
async function withPasswordOnly(gw: RunningGateway, username: string): Promise<{ token: string; pending: readonly string[] }> {
  const answer = await gw.attemptLogin(username, chosenPassword(username));
  if (answer.status !== 200) throw new Error(`sign-in ${username}: ${answer.status} ${answer.text}`);
  return { token: answer.body.tokens.accessToken, pending: answer.body.user.pendingSetup ?? [] };
}

it('lets nobody enrol after an MFA reset without the reset’s code: not with the password alone, not with a wrong or run-out code', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const grant = await createUser(gw, admin, { username: 'agent.reset', roles: ['agent'] });
  await signInCreated(gw, grant);

  const reset = await gw.route('adminResetMfa', { token: admin, params: { userId: grant.user.userId }, body: { reason: 'Lost phone, ticket IT-51' } });
  expect(reset.status).toBe(200);
  const { enrolmentCode, expiresAt } = reset.body;
  expect(reset.body.user.mfaEnrolled).toBe(false);

  const attacker = await withPasswordOnly(gw, 'agent.reset');
  expect(attacker.pending).toContain('mfa_enrolment');
  const bare = await gw.route('startMfa', { token: attacker.token, body: {} });
  expect([bare.status, bare.error?.code]).toEqual([403, 'enrolment_required']);
  const guessed = await gw.route('startMfa', { token: attacker.token, body: { resetCode: 'ABCDE-FGHJK-MNPQR-STUVW' } });
  expect([guessed.status, guessed.error?.code]).toEqual([401, 'invalid_credentials']);
  // Parallel guesses fare no better.
  const guesses = await Promise.all(Array.from({ length: 10 }, (_, i) => gw.route('startMfa', { token: attacker.token, body: { resetCode: `ABCDE-FGHJK-MNPQR-STU${'VWXYZ'[i % 5] ?? 'V'}${i}` } })));
  for (const answer of guesses) expect(answer.status).toBe(401);

  // The real code, once it has run out, opens nothing either.
  gw.clock.set(Date.parse(expiresAt) + 1);
  const late = await withPasswordOnly(gw, 'agent.reset');
  const expired = await gw.route('startMfa', { token: late.token, body: { resetCode: enrolmentCode } });
  expect([expired.status, expired.error?.code]).toEqual([403, 'enrolment_required']);
  expect(expired.text).toContain('run out');

  const failures = (await gatewayAuditEvents(gw, 'auth.credential.change')).filter((e) => e.target.id === grant.user.userId && e.outcome === 'failure');
  expect(failures.map((e) => e.reason)).toEqual([...Array.from({ length: 11 }, () => 'invalid_reset_code'), 'reset_code_expired']);
  expect(JSON.stringify(await gw.gateway.store.audit.search({ limit: 500 }))).not.toContain(enrolmentCode);
});

it('enrols with the reset’s code, which is then used up', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const grant = await createUser(gw, admin, { username: 'agent.found', roles: ['agent'] });
  await signInCreated(gw, grant);
  const reset = await gw.route('adminResetMfa', { token: admin, params: { userId: grant.user.userId }, body: { reason: 'New phone, ticket IT-52' } });
  const person = await withPasswordOnly(gw, 'agent.found');
  // Case and surrounding spaces do not matter to a code read aloud.
  const started = await gw.route('startMfa', { token: person.token, body: { resetCode: ` ${reset.body.enrolmentCode.toLowerCase()} ` } });
  expect(started.status).toBe(200);
  const secret = new URL(started.body.otpauthUri).searchParams.get('secret') ?? '';
  const confirmed = await gw.route('confirmMfa', { token: person.token, body: { code: await currentTotp(secret, gw.clock.now()) } });
  expect(confirmed.status).toBe(200);
  expect(confirmed.body.user.pendingSetup ?? []).toEqual([]);
  gw.clock.advance(30_000);
  const stored = await gw.gateway.store.identity.findUserById(grant.user.userId);
  expect([stored?.mfaSecretSealed === null, stored?.mfaResetHash, stored?.mfaResetExpiresAt]).toEqual([false, null, null]);
  // The reset is on record, with its code's expiry and never the code.
  const [event] = (await gatewayAuditEvents(gw, 'admin.user.change')).filter((e) => e.target.id === grant.user.userId && e.details.action === 'mfa_reset');
  expect(event).toMatchObject({ outcome: 'success', actor: { username: 'admin.ivan' }, details: { enrolmentCodeExpiresAt: reset.body.expiresAt } });
  expect(JSON.stringify(event)).not.toContain(reset.body.enrolmentCode);
});
