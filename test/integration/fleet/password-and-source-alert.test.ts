// Two instances on one PostgreSQL, attacked on today's two account-safety
// fixes: a password change on A raced with a sign-in using the old password on
// B, with B's stream of another session; and a sprayer's address hitting A and
// B while a supervisor acknowledges its alert. Each promise must hold over the
// fleet, not per instance.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../../shared/schemas/supervision.ts';
import { createAccount } from '../../harness/gateway/accounts.ts';
import { TestDevice } from '../../harness/device/device.ts';
import { startGateway, startSecondInstance, type RunningGateway } from '../../harness/gateway/gateway.ts';
import { watchStream } from '../../harness/gateway/sse.ts';

const RECHECK_MS = 300;
const PER_SOURCE = 5;
let a: RunningGateway;
let b: RunningGateway;
beforeAll(async () => {
  a = await startGateway({
    config: {
      authRateLimitPerMinute: 100_000,
      limits: { connectionsPerIp: 1_000 },
      stream: { sessionRecheckMs: RECHECK_MS },
      alerts: { failedLogins: { threshold: 1_000, perSourceThreshold: PER_SOURCE, globalThreshold: 100_000 } },
    },
    customers: 2,
  });
  if (a.database === undefined) throw new Error('the fleet test runs on PostgreSQL only (SENTINEL_TEST_DATABASE=postgres)');
  b = await startSecondInstance(a);
});
afterAll(async () => {
  await b.close();
  await a.close();
});

const OLD = 'Harbour lantern quiet evening 31';
const NEW = 'Copper meadow rocket violin 28';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let serial = 0;

async function account(roles: ('agent' | 'supervisor')[] = ['agent']) {
  serial += 1;
  const user = await createAccount(a.gateway, { userId: `u-fleet-pw-${serial}`, username: `fleet.pw${serial}`, createdAt: a.clock.now(), password: OLD, roles });
  const device = new TestDevice();
  const answer = await a.attemptLogin(user.username, OLD, { device });
  expect(answer.status, answer.text).toBe(200);
  return { user, device, grant: answer.body };
}

describe('a password change on A', () => {
  it('leaves no session opened on B with the old password alive once it has answered', async () => {
    const survivors: string[] = [];
    for (let round = 0; round < 24; round++) {
      const { user, grant } = await account();
      const other = new TestDevice();
      const [changed, signedIn] = await Promise.all([
        a.route('changePassword', { token: grant.tokens.accessToken, body: { currentPassword: OLD, newPassword: NEW } }),
        sleep((round % 12) * 8).then(() => b.attemptLogin(user.username, OLD, { device: other })),
      ]);
      expect(changed.status, changed.text).toBe(200);
      if (signedIn.status !== 200) continue;
      const intruder = signedIn.body;
      for (const gw of [a, b]) {
        if ((await gw.route('customer', { params: { customerId: 'c-none' }, token: intruder.tokens.accessToken })).status !== 401) survivors.push(`round ${round}: works on ${gw === a ? 'A' : 'B'}`);
      }
    }
    expect(survivors).toEqual([]);
  });

  it("closes another session's stream on B within the session re-check, and the changer's session keeps working on B", async () => {
    const { user, device, grant } = await account(['supervisor']);
    const otherLogin = await b.attemptLogin(user.username, OLD, { device: new TestDevice() });
    expect(otherLogin.status, otherLogin.text).toBe(200);
    const other = otherLogin.body;
    const theirs = await watchStream(`${b.url}/v1/supervisor/stream`, other.tokens.accessToken);
    try {
      const changed = await a.route('changePassword', { token: grant.tokens.accessToken, body: { currentPassword: OLD, newPassword: NEW } });
      expect(changed.status, changed.text).toBe(200);
      expect(await Promise.race([theirs.ended.then(() => 'closed'), sleep(RECHECK_MS * 10).then(() => 'still open')])).toBe('closed');
      const kept = changed.body;
      const renewed = await b.route('refresh', { body: device.sessionProof('refresh', kept.tokens.refreshToken) });
      expect(renewed.status, renewed.text).toBe(200);
      expect((await b.route('agents', { token: renewed.body.tokens.accessToken })).status).toBe(200);
    } finally {
      theirs.close();
    }
  });
});

describe("a sprayer's address over A and B while its alert is acknowledged", () => {
  it('keeps at most one open alert for the address, opens exactly one after the ack, and loses or doubles no failure', async () => {
    const { token: supervisor } = await a.login('sup.sara');
    const source = '203.0.113.45';
    const ofSource = async (): Promise<Alert[]> =>
      (await a.gateway.alerts.list('all')).filter((al) => al.kind === 'failed_logins_source' && al.message.includes(` ${source} `));
    const spray = (n: number, from: number) =>
      Promise.all(Array.from({ length: n }, (_, i) => (i % 2 === 0 ? a : b).gateway.alerts.noteFailedLogin({ username: `spray-${from + i}`, userId: null, source })));

    await spray(PER_SOURCE + 9, 0);
    const [first] = await ofSource();
    expect(first?.occurrences).toBe(10);
    // The ack lands on B while failures keep arriving on both.
    const [ack] = await Promise.all([
      b.route('ackAlert', { params: { alertId: first?.alertId ?? '' }, token: supervisor, body: { note: 'blocked at the firewall' } }),
      spray(12, 100),
    ]);
    expect(ack.status, ack.text).toBe(200);
    await spray(6, 200);
    const all = await ofSource();
    expect(all.filter((al) => al.status === 'open')).toHaveLength(1);
    expect(all).toHaveLength(2);
    // Every failure at or past the threshold is in exactly one of them.
    expect(all.reduce((sum, al) => sum + al.occurrences, 0)).toBe(10 + 12 + 6);
  });
});
