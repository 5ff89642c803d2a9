// Issue 12: a desk is enrolled only with an admin's approval, over real HTTP and
// real SQLite: a single-use code that expires, or a reusable policy token; the
// presentation is covered by the device key's login proof; a code raced by two
// desks enrols exactly one; every refusal is an audited failed login.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containsPan } from '../../../shared/pan.ts';
import type { EnrolmentPresentation } from '../../../shared/schemas/admin.ts';
import { TestDevice } from '../../harness/device/device.ts';
import { startGateway, type RunningGateway } from '../../harness/gateway/gateway.ts';

let gw: RunningGateway;
let admin: string;

beforeAll(async () => {
  gw = await startGateway({ customers: 2, config: { authRateLimitPerMinute: 100_000 } });
  admin = (await gw.login('admin.ivan')).token;
});
afterAll(async () => {
  await gw.close();
});

const issue = async (kind: 'code' | 'policy_token', token = admin) =>
  gw.route('issueEnrolment', { token, body: { kind, reason: 'New desk for the second floor' } });
const presentationOf = async (kind: 'code' | 'policy_token'): Promise<EnrolmentPresentation> => {
  const answer = await issue(kind);
  expect(answer.status).toBe(200);
  const grant = answer.body;
  return { kind: grant.kind, secret: grant.secret };
};
const enrolAs = (device: TestDevice, enrolment: EnrolmentPresentation | null) =>
  gw.attemptLogin('agent.ana', 'desk-demo-ana-2026', { device, enrolment });
const failedLogins = async (reason: string): Promise<number> => {
  const { events } = await gw.gateway.store.audit.search({ type: 'auth.login', limit: 500 });
  return events.filter((e) => e.event.outcome === 'failure' && e.event.reason === reason).length;
};

describe('issuing enrolment secrets', () => {
  it('gives a single-use code for 15 minutes and a policy token for 30 days, never PAN-like, audited with the admin and reason', async () => {
    const code = (await issue('code')).body;
    const token = (await issue('policy_token')).body;
    expect(Date.parse(code.expiresAt) - gw.clock.now()).toBe(15 * 60_000);
    expect(Date.parse(token.expiresAt) - gw.clock.now()).toBe(30 * 86_400_000);
    for (const secret of [code.secret, token.secret]) {
      expect(secret).toMatch(/^[A-Z0-9]{5}(-[A-Z0-9]{5})+$/);
      // No run of digits and dashes holds a card number's 13 digits (a token may hold 13 digits in all, split by letters: 2.6% do).
      for (const run of secret.split(/[A-Z]+/)) expect(run.replace(/\D/g, '').length).toBeLessThan(13);
      expect(containsPan(secret)).toBe(false);
    }
    // Only a hash is kept: the secret is nowhere in the database.
    const { events } = await gw.gateway.store.audit.search({ type: 'device.enroll', limit: 500 });
    const issued = events.filter((e) => e.event.details.action === 'enrolment_issue');
    expect(issued.length).toBeGreaterThanOrEqual(2);
    expect(issued[0]?.event.actor.username).toBe('admin.ivan');
    expect(issued[0]?.event.details.reason).toBe('New desk for the second floor');
    expect(JSON.stringify(events)).not.toContain(code.secret);
  });

  it('refuses agents and supervisors (403, audited as access.denied) and hostile reasons (400)', async () => {
    const agent = (await gw.login('agent.ana')).token;
    const supervisor = (await gw.login('sup.sara')).token;
    for (const token of [agent, supervisor]) expect((await issue('code', token)).status).toBe(403);
    const { events } = await gw.gateway.store.audit.search({ type: 'access.denied', limit: 500 });
    expect(events.filter((e) => e.event.target.id === 'POST /v1/admin/enrolment').map((e) => e.event.actor.username)).toEqual(
      expect.arrayContaining(['agent.ana', 'sup.sara']),
    );
    for (const reason of ['Card 4111 1111 1111 1111 desk', 'x'.repeat(501), '', 42]) {
      const answer = await gw.call('POST', '/v1/admin/enrolment', { token: admin, body: { kind: 'code', reason } });
      expect(answer.status).toBe(400);
    }
    expect((await gw.call('POST', '/v1/admin/enrolment', { token: admin, body: { kind: 'master_key', reason: 'Give me all' } })).status).toBe(400);
  });
});

describe('enrolment at first sign-in', () => {
  it('enrols with a code once; the code does not enrol a second desk; the enrolled desk signs in again without one', async () => {
    const code = await presentationOf('code');
    const desk = new TestDevice();
    const enrolled = await enrolAs(desk, code);
    expect(enrolled.status).toBe(200);
    const record = await gw.gateway.store.devices.find(desk.deviceId);
    expect(record).toMatchObject({ enrolledVia: 'code', approvedBy: 'admin.ivan', lastUser: { username: 'agent.ana' } });
    const { events } = await gw.gateway.store.audit.search({ type: 'device.enroll', limit: 500 });
    expect(events.find((e) => e.event.target.id === desk.deviceId)?.event.details).toMatchObject({ action: 'device_enrol', via: 'code', approvedBy: 'u-admin-ivan' });
    // The admins hear of it: an alert naming the desk, or (agent.ana has enrolled desks here today) the one warning for her.
    const heard = (await gw.gateway.alerts.list('open')).filter((a) => a.kind === 'device_enrolled' && a.userId === 'u-agent-ana');
    expect(heard.some((a) => a.deviceId === desk.deviceId || (a.severity === 'warning' && a.deviceId === null))).toBe(true);

    const second = await enrolAs(new TestDevice(), code);
    expect(second.status).toBe(403);
    expect(second.error?.code).toBe('enrolment_required');
    // A known desk ignores the presentation, and needs none.
    expect((await enrolAs(desk, null)).status).toBe(200);
  });

  it('enrols many desks with one policy token', async () => {
    const token = await presentationOf('policy_token');
    const desks = [new TestDevice(), new TestDevice(), new TestDevice()];
    for (const desk of desks) expect((await enrolAs(desk, token)).status).toBe(200);
    for (const desk of desks) expect((await gw.gateway.store.devices.find(desk.deviceId))?.enrolledVia).toBe('policy_token');
  });

  it('refuses an unknown desk with none, an expired, forged or other-kind secret: enrolment_required, audited, nothing enrolled', async () => {
    const before = await failedLogins('enrolment_required');
    const expired = await presentationOf('code');
    const otherKind = await presentationOf('code');
    gw.clock.advance(15 * 60_000 + 1);
    // The admin's 15-minute access token ran out with the code.
    admin = (await gw.login('admin.ivan')).token;
    const attempts: (EnrolmentPresentation | null)[] = [
      null,
      expired,
      { kind: 'code', secret: 'ABCDE-FGHJK-MNPQR-STVWX' },
      { kind: 'policy_token', secret: otherKind.secret },
    ];
    for (const enrolment of attempts) {
      const desk = new TestDevice();
      const answer = await enrolAs(desk, enrolment);
      expect(answer.status).toBe(403);
      expect(answer.error?.code).toBe('enrolment_required');
      expect(await gw.gateway.store.identity.findDevice(desk.deviceId)).toBeNull();
    }
    expect((await failedLogins('enrolment_required')) - before).toBe(attempts.length);
  });

  it('lets exactly one of two desks racing one code enrol', async () => {
    const code = await presentationOf('code');
    // Two at once: the account's limit of sign-ins verified in parallel.
    const racers = [new TestDevice(), new TestDevice()];
    const answers = await Promise.all(racers.map((desk) => enrolAs(desk, code)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 403]);
    const enrolled = await Promise.all(racers.map((desk) => gw.gateway.store.identity.findDevice(desk.deviceId)));
    expect(enrolled.filter((d) => d !== null)).toHaveLength(1);
  });

  it('signs the presentation into the login proof: a swapped secret is refused and the code it names stays unused', async () => {
    const signedFor = await presentationOf('code');
    const swappedIn = await presentationOf('code');
    const desk = new TestDevice();
    const challenge = await gw.route('challenge', { body: { deviceId: desk.deviceId } });
    const proof = desk.loginProof(challenge.body.nonce, 'agent.ana', { enrolment: signedFor });
    const tampered = await gw.route('login', {
      body: { username: 'agent.ana', password: 'desk-demo-ana-2026', device: desk.info(), proof, enrolment: swappedIn },
    });
    expect(tampered.status).toBe(401);
    expect(await gw.gateway.store.identity.findDevice(desk.deviceId)).toBeNull();
    // Neither code was spent by the refused login.
    expect((await enrolAs(new TestDevice(), swappedIn)).status).toBe(200);
    expect((await enrolAs(new TestDevice(), signedFor)).status).toBe(200);
  });

  it('does not spend a code on a wrong password', async () => {
    const code = await presentationOf('code');
    const desk = new TestDevice();
    const wrong = await gw.attemptLogin('agent.ana', 'not-the-password-2026', { device: desk, enrolment: code });
    expect(wrong.status).toBe(401);
    expect((await enrolAs(desk, code)).status).toBe(200);
  });
});
