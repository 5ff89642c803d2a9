// The wallboard (issue 24) attacked by its own desk: a grant that lands while
// the display shows (a password change started just before it) must not turn
// the display back into a full supervisor's desk with no lock in between; a
// locked desk must not become a wallboard.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDesk, type TestDesk } from '../../harness/desk/desk.ts';
import { createAccount } from '../../harness/gateway/accounts.ts';
import { startSeededGateway } from '../../harness/gateway/gateway.ts';

const WALL = { userId: 'u-sup-race', username: 'sup.race', password: 'Harbour-lantern-2026-a' };
const NEW_PASSWORD = 'Harbour-lantern-2026-b';
let gateway: Awaited<ReturnType<typeof startSeededGateway>>;
let supervisor: TestDesk;

beforeAll(async () => {
  gateway = await startSeededGateway({ customers: 1 });
  await createAccount(gateway.gateway, { ...WALL, displayName: 'Floor display', roles: ['supervisor'], createdAt: Date.now() });
  supervisor = await startDesk(gateway.url, { enrolmentToken: gateway.enrolmentToken });
});
afterAll(async () => {
  await supervisor.close();
  await gateway.gateway.close();
});

describe('the wallboard against a grant in flight', () => {
  it('stays a wallboard when a password change started before it answers after it', async () => {
    expect(await supervisor.router.handle('session.login', { username: WALL.username, password: WALL.password })).toMatchObject({ ok: true });
    // Both start at once: the change waits on the gateway, the wallboard is entered in main meanwhile.
    const [changed, entered] = await Promise.all([
      supervisor.router.handle('account.changePassword', { currentPassword: WALL.password, newPassword: NEW_PASSWORD }),
      supervisor.router.handle('session.wallboard', {}),
    ]);
    expect(changed, JSON.stringify(changed)).toMatchObject({ ok: true });
    expect(entered).toMatchObject({ ok: true, value: { wallboard: true } });
    // Whichever finished last, the display is still the wallboard: nothing but its channels answer.
    expect(supervisor.session.state()).toMatchObject({ status: 'active', wallboard: true });
    expect(await supervisor.router.handle('supervisor.agents', {})).toMatchObject({ ok: false, error: { code: 'wallboard_mode' } });
  });

  it('is not entered from a locked desk, and the unlock after leaving it brings back the desk without it', async () => {
    expect(await supervisor.router.handle('session.lock', {})).toMatchObject({ ok: true, value: { status: 'locked' } });
    // Whoever walks up to the locked desk cannot turn it into a display that needs no password.
    expect(await supervisor.router.handle('session.wallboard', {})).toMatchObject({ ok: false });
    expect(supervisor.session.state()).toMatchObject({ status: 'locked' });
    expect(await supervisor.router.handle('session.unlock', { password: NEW_PASSWORD })).toMatchObject({ ok: true, value: { status: 'active' } });
    expect(supervisor.session.state()).not.toHaveProperty('wallboard');
    expect(supervisor.session.caller()).toMatchObject({ wallboard: false, locked: false });
  });
});
