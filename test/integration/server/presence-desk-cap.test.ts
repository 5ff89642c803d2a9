// Issue 21: an agent's scripted desks filled the presence table (6 desks, then
// 429 for the real one) and hid his real desk on the board. Over real HTTP on
// both engines: one account has at most `presence.maxLiveDesksPerUser` live
// desks, however many heartbeat at once, so the table keeps room for everyone
// else; and the board shows every live desk of an agent, not only the latest.
import { describe, expect } from 'vitest';
import { TestDevice } from '../../harness/device/device.ts';
import type { RunningGateway } from '../../harness/gateway/gateway.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';

const CAP = 3;
const it = gatewayTestWith({ customers: 2, config: { authRateLimitPerMinute: 100_000, presence: { maxDevices: 6, maxLiveDesksPerUser: CAP } } });

/** Signs `username` in on `count` new desks, one after another (the gateway checks two of an account's sign-ins at once). */
async function desks(gw: RunningGateway, username: string, count: number): Promise<{ device: TestDevice; token: string }[]> {
  const signedIn: { device: TestDevice; token: string }[] = [];
  while (signedIn.length < count) {
    const device = new TestDevice();
    signedIn.push({ device, token: (await gw.login(username, { device })).token });
  }
  return signedIn;
}

const beat = (gw: RunningGateway, desk: { device: TestDevice; token: string }) => gw.route('heartbeat', { token: desk.token, body: desk.device.heartbeat(gw.clock.now()) });

describe('live desks per account', () => {
  it('lets through exactly the cap of one agent’s six scripted desks heartbeating at once, and the next agent’s real desk still gets in', async ({ gw }) => {
    const scripted = await desks(gw, 'agent.ana', 6);
    const answers = await Promise.all(scripted.map((desk) => beat(gw, desk)));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(CAP);
    const refused = answers.filter((a) => a.status !== 200);
    expect(refused).toHaveLength(6 - CAP);
    for (const answer of refused) {
      expect(answer.status).toBe(429);
      expect(answer.error?.message).toContain(`${CAP} live desks`);
    }
    // A live desk of the capped account keeps reporting.
    const admitted = scripted.filter((_, i) => answers[i]?.status === 200);
    for (const desk of admitted) expect((await beat(gw, desk)).status).toBe(200);

    const [real] = await desks(gw, 'agent.ben', 1);
    if (real === undefined) throw new Error('no desk');
    expect((await beat(gw, real)).status).toBe(200);
    expect(await gw.gateway.store.live.presence.count()).toBe(CAP + 1);
  });
});

describe('the supervisor board', () => {
  it('shows every live desk of an agent, so a second desk cannot hide the first', async ({ gw }) => {
    const [real, second] = await desks(gw, 'agent.ben', 2);
    if (real === undefined || second === undefined) throw new Error('no desk');
    expect((await beat(gw, real)).status).toBe(200);
    expect((await beat(gw, second)).status).toBe(200);
    const { token } = await gw.login('sup.sara');
    const board = (await gw.route('agents', { token })).body;
    const ben = board.filter((row) => row.username === 'agent.ben');
    expect(ben.map((row) => row.deviceId)).toEqual(expect.arrayContaining([real.device.deviceId, second.device.deviceId]));
    expect(ben.every((row) => row.state === 'active')).toBe(true);
    // Each desk once: no row twice.
    expect(new Set(board.map((row) => row.deviceId)).size).toBe(board.length);
  });
});
