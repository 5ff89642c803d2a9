// A password change raced with what a holder of the OLD password can do at the
// same moment on another desk: sign in, refresh, change it too. The promise
// (account-setup.ts, identity-repo.ts changePassword): once the change answers,
// the only live session of the account is the one that made it (and sessions
// opened with the new password afterwards).
import { describe, expect } from 'vitest';
import type { SessionGrant } from '../../../shared/api.ts';
import { createAccount } from '../../harness/gateway/accounts.ts';
import { TestDevice } from '../../harness/device/device.ts';
import { watchStream } from '../../harness/gateway/sse.ts';
import type { RunningGateway } from '../../harness/gateway/gateway.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';

let serial = 0;
// No periodic session check to lean on: a stream the change ends must close at once.
const it = gatewayTestWith({ config: { authRateLimitPerMinute: 100_000, limits: { connectionsPerIp: 1_000 }, stream: { sessionRecheckMs: 3_600_000 } }, customers: 2 });

const OLD = 'Harbour lantern quiet evening 31';
const NEW = 'Copper meadow rocket violin 28';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function account(gw: RunningGateway, roles: ('agent' | 'supervisor')[] = ['agent']) {
  serial += 1;
  const user = await createAccount(gw.gateway, { userId: `u-race-${serial}`, username: `race.person${serial}`, createdAt: gw.clock.now(), password: OLD, roles });
  const device = new TestDevice();
  const answer = await gw.attemptLogin(user.username, OLD, { device });
  expect(answer.status, answer.text).toBe(200);
  return { user, device, grant: answer.body };
}

const refresh = (gw: RunningGateway, device: TestDevice, refreshToken: string) =>
  gw.route('refresh', { body: device.sessionProof('refresh', refreshToken) });

/** Whether a session still reaches the API: its access token is accepted on an authenticated route. */
const alive = async (gw: RunningGateway, grant: SessionGrant): Promise<boolean> =>
  (await gw.route('customer', { params: { customerId: 'c-none' }, token: grant.tokens.accessToken })).status !== 401;

describe('a password change raced with the old password on another desk', () => {
  it('leaves no session opened with the old password alive once the change has answered', async ({ gw }) => {
    const survivors: string[] = [];
    // The sign-in starts at staggered moments of the change: its password check overlaps the change's hashing and commit.
    for (let round = 0; round < 24; round++) {
      const { user, grant } = await account(gw);
      const other = new TestDevice();
      const [changed, signedIn] = await Promise.all([
        gw.route('changePassword', { token: grant.tokens.accessToken, body: { currentPassword: OLD, newPassword: NEW } }),
        sleep((round % 12) * 8).then(() => gw.attemptLogin(user.username, OLD, { device: other })),
      ]);
      expect(changed.status, changed.text).toBe(200);
      // A 401 is a sign-in that read the new password (or was refused for the change that landed meanwhile); 429, the change's check held the slot.
      if (signedIn.status !== 200) continue;
      const intruder = signedIn.body;
      if (await alive(gw, intruder)) survivors.push(`round ${round}: access token works`);
      if ((await refresh(gw, other, intruder.tokens.refreshToken)).status === 200) survivors.push(`round ${round}: refresh works`);
    }
    // Before the fix, 3 of 24 rounds on SQLite and 10 of 24 on PostgreSQL left such a session alive.
    expect(survivors).toEqual([]);
  });

  it("closes another session's open supervisor stream at once, keeps the changer's own stream, and the kept session refreshes", async ({ gw }) => {
    const { user, device, grant } = await account(gw, ['supervisor']);
    const other = new TestDevice();
    const otherLogin = await gw.attemptLogin(user.username, OLD, { device: other });
    expect(otherLogin.status, otherLogin.text).toBe(200);
    const otherGrant = otherLogin.body;
    const url = `${gw.url}/v1/supervisor/stream`;
    const theirs = await watchStream(url, otherGrant.tokens.accessToken);
    const mine = await watchStream(url, grant.tokens.accessToken);
    try {
      const changed = await gw.route('changePassword', { token: grant.tokens.accessToken, body: { currentPassword: OLD, newPassword: NEW } });
      expect(changed.status, changed.text).toBe(200);
      const kept = changed.body;
      const closed = await Promise.race([theirs.ended.then(() => 'closed'), sleep(3_000).then(() => 'still open')]);
      expect(closed).toBe('closed');
      // The changer's stream is of the session that was kept; it stays open.
      expect(await Promise.race([mine.ended.then(() => 'closed'), sleep(300).then(() => 'open')])).toBe('open');
      expect(gw.gateway.streams.openCount()).toBe(1);
      // The other desk cannot reopen one, and its refresh token is dead.
      expect((await gw.route('supervisorStream', { token: otherGrant.tokens.accessToken })).status).toBe(401);
      expect((await refresh(gw, other, otherGrant.tokens.refreshToken)).status).toBe(401);
      // The kept session refreshes, and its refreshed token still reaches the supervisor routes.
      const renewed = await refresh(gw, device, kept.tokens.refreshToken);
      expect(renewed.status, renewed.text).toBe(200);
      const next = renewed.body.tokens.accessToken;
      expect((await gw.route('agents', { token: next })).status).toBe(200);
    } finally {
      theirs.close();
      mine.close();
    }
  });

  it('a refresh of another session raced with the change leaves that session dead either way', async ({ gw }) => {
    const dead: string[] = [];
    for (let round = 0; round < 12; round++) {
      const { user, grant } = await account(gw);
      const other = new TestDevice();
      const otherLogin = await gw.attemptLogin(user.username, OLD, { device: other });
      expect(otherLogin.status, otherLogin.text).toBe(200);
      const otherGrant = otherLogin.body;
      const [changed, refreshed] = await Promise.all([
        gw.route('changePassword', { token: grant.tokens.accessToken, body: { currentPassword: OLD, newPassword: NEW } }),
        sleep((round % 6) * 15).then(() => refresh(gw, other, otherGrant.tokens.refreshToken)),
      ]);
      expect(changed.status, changed.text).toBe(200);
      if (refreshed.status === 200) {
        const renewed = refreshed.body;
        if (await alive(gw, renewed)) dead.push(`round ${round}: the refreshed access token works`);
        if ((await refresh(gw, other, renewed.tokens.refreshToken)).status === 200) dead.push(`round ${round}: the refreshed refresh token works`);
      }
      if (await alive(gw, otherGrant)) dead.push(`round ${round}: the old access token works`);
    }
    expect(dead).toEqual([]);
  });

  it('lets one of two sessions changing the password at once win: the winner keeps its session, the loser loses it', async ({ gw }) => {
    for (let round = 0; round < 6; round++) {
      const first = await account(gw);
      const second = new TestDevice();
      const login = await gw.attemptLogin(first.user.username, OLD, { device: second });
      expect(login.status, login.text).toBe(200);
      const sessions = [
        { device: first.device, grant: first.grant, password: NEW },
        { device: second, grant: login.body, password: 'Velvet canyon oyster lamp 50' },
      ];
      const answers = await Promise.all(
        sessions.map((x) => gw.route('changePassword', { token: x.grant.tokens.accessToken, body: { currentPassword: OLD, newPassword: x.password } })),
      );
      const winners = answers.flatMap((x, i) => (x.status === 200 ? [i] : []));
      expect(winners, answers.map((x) => x.text).join(' | ')).toHaveLength(1);
      const winner = winners[0] ?? 0;
      const loser = sessions[1 - winner];
      const kept = answers[winner]?.body;
      if (kept === undefined) throw new Error('no winner');
      expect(await alive(gw, kept)).toBe(true);
      expect((await refresh(gw, sessions[winner]?.device ?? second, kept.tokens.refreshToken)).status).toBe(200);
      if (loser === undefined) throw new Error('no loser');
      expect(await alive(gw, loser.grant)).toBe(false);
      expect((await refresh(gw, loser.device, loser.grant.tokens.refreshToken)).status).toBe(401);
      // The winner's password is the one in force.
      expect((await gw.attemptLogin(first.user.username, sessions[winner]?.password ?? '', { device: new TestDevice() })).status).toBe(200);
    }
  });

  it('leaves no session alive of a sign-in raced with an admin disabling the account or taking a role away', async ({ gw }) => {
    const survivors: string[] = [];
    for (let round = 0; round < 24; round++) {
      const { user } = await account(gw);
      const change = round % 2 === 0
        ? () => gw.gateway.store.admin.disable({ actorId: 'u-admin-ivan', userId: user.userId, at: gw.clock.now() }, () => null)
        : () => gw.gateway.store.admin.setRoles({ actorId: 'u-admin-ivan', userId: user.userId, at: gw.clock.now(), roles: ['supervisor'], requireSecondAdmin: false }, () => null);
      const [signedIn, changed] = await Promise.all([
        gw.attemptLogin(user.username, OLD, { device: new TestDevice() }),
        sleep((round % 12) * 6).then(change),
      ]);
      expect(changed.outcome.ok).toBe(true);
      if (signedIn.status !== 200) continue;
      const grant = signedIn.body;
      // A sign-in that read the account after the role change got the new role: a session of its own, rightly alive.
      if (!grant.user.roles.includes('agent')) continue;
      // A session that still holds the agent role (or any role, once disabled) must not reach the API.
      if (await alive(gw, grant)) survivors.push(`round ${round}: ${round % 2 === 0 ? 'disabled' : 'demoted'} account's session works`);
    }
    expect(survivors).toEqual([]);
  });
});
