// The wallboard (issue 24): a supervisor's desk turned into a display of the
// floor in aggregate. It must outlast the idle lock (30 simulated minutes past
// it here), answer nothing but its figures, the lock and sign-out, send the page
// no role-gated push (presence, feed, calls), and hold no live stream; leaving
// it is a lock, after which the idle lock applies again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeskTimers, type DeskTimers } from '../../../main/desk-timers.ts';
import { channels, type ContractChannelName } from '../../../shared/contract/channels.ts';
import { decideAccess } from '../../../shared/roles.ts';
import type { SessionState } from '../../../shared/schemas/session.ts';
import type { SupervisorStreamState } from '../../../shared/schemas/floor.ts';
import { startDesk, type TestDesk } from '../../harness/desk/desk.ts';
import { VALID_REQUESTS } from '../../harness/desk/valid-requests.ts';
import { createAccount } from '../../harness/gateway/accounts.ts';
import { startSeededGateway } from '../../harness/gateway/gateway.ts';

const IDLE_LOCK_MINUTES = 5;
/** A supervisor without MFA, so the unlock after the wallboard needs no second one-time code within one TOTP step. */
const WALL = { userId: 'u-sup-wall', username: 'sup.wall', password: 'Wallboard-display-2026' };
let gateway: Awaited<ReturnType<typeof startSeededGateway>>;
let supervisor: TestDesk;
let agent: TestDesk;
let timers: DeskTimers | null = null;

beforeAll(async () => {
  gateway = await startSeededGateway({ customers: 5 });
  await createAccount(gateway.gateway, { ...WALL, displayName: 'Floor display', roles: ['supervisor'], createdAt: Date.now() });
  supervisor = await startDesk(gateway.url, { enrolmentToken: gateway.enrolmentToken, policy: { idleLockMinutes: IDLE_LOCK_MINUTES } });
  agent = await startDesk(gateway.url, { enrolmentToken: gateway.enrolmentToken });
});
afterAll(async () => {
  timers?.stop();
  await supervisor.close();
  await agent.close();
  await gateway.gateway.close();
});

const sessionOf = (desk: TestDesk): SessionState => desk.session.state();
const streamStatus = (): SupervisorStreamState['status'] | undefined =>
  supervisor.pushed.filter((p) => p.event === 'supervisor.stream').map((p) => (p.payload as SupervisorStreamState).status).at(-1);
const ROLE_GATED = (event: string): boolean => event.startsWith('supervisor.') || event.startsWith('call.') || event.startsWith('customer');

describe('the wallboard', () => {
  it('answers only its figures, gets no role-gated push, outlasts the idle lock, and ends with a lock', async () => {
    expect(await supervisor.router.handle('session.login', { username: WALL.username, password: WALL.password })).toMatchObject({ ok: true });
    await expect.poll(streamStatus).toBe('live');
    expect(await agent.router.handle('session.login', { username: 'agent.ana', password: 'desk-demo-ana-2026' })).toMatchObject({ ok: true });
    expect(await agent.router.handle('customers.lookup', { by: 'customerId', value: 'CUS-000001' })).toMatchObject({ ok: true });
    // Presence comes from the desk's signed heartbeat.
    await agent.sync.sendHeartbeat({ state: 'active', captureProtection: 'unsupported', appVersion: '0.1.0-test' });

    const entered = await supervisor.router.handle('session.wallboard', {});
    expect(entered).toMatchObject({ ok: true, value: { status: 'active', wallboard: true } });
    // No live stream behind a display: stopped at once, so no feed line is even held in main.
    expect(streamStatus()).toBe('stopped');
    const pushedBefore = supervisor.pushed.length;

    // Every channel but the wallboard's few is refused; the ones the supervisor's role allows say why.
    const names = Object.keys(channels) as ContractChannelName[];
    const allowedOnWallboard = names.filter((name) => (channels[name] as { onWallboard?: true }).onWallboard === true);
    expect(allowedOnWallboard.sort()).toEqual(['app.status', 'audit.status', 'session.lock', 'session.logout', 'session.state', 'supervisor.wallboard']);
    for (const [name, request] of Object.entries(VALID_REQUESTS) as [ContractChannelName, Record<string, unknown>][]) {
      const answer = await supervisor.router.handle(name, request);
      expect(answer.ok, name).toBe(false);
      if (decideAccess(channels[name].access, ['supervisor']) === 'allow') expect(answer, name).toMatchObject({ error: { code: 'wallboard_mode' } });
    }

    // The desk's clock is the test's manual one: bring it to now, so the last hour holds the lookup.
    supervisor.fixture.clock.set(Date.now());
    const board = await supervisor.router.handle('supervisor.wallboard', {});
    expect(board).toMatchObject({ ok: true });
    if (!board.ok) throw new Error('unreachable');
    const figures = board.value as { agents: { figures: Record<string, number> | null; asOf: string | null }; lastHour: { figures: { lookups: number } | null } };
    expect(figures.agents.figures?.active).toBeGreaterThanOrEqual(1);
    expect(figures.lastHour.figures?.lookups).toBeGreaterThanOrEqual(1);
    expect(figures.agents.asOf).not.toBeNull();
    // The figures are counts: not one name, user ID or customer crosses.
    expect(JSON.stringify(board.value)).not.toMatch(/agent\.ana|u-agent|CUS-/);

    // A role-gated push is dropped at the gate while the wallboard shows, even one main would send.
    supervisor.push('supervisor.stream', { status: 'live', since: new Date().toISOString(), retryAt: null, attempts: 0 });
    expect(await agent.router.handle('customers.lookup', { by: 'customerId', value: 'CUS-000002' })).toMatchObject({ ok: true });

    // 30 simulated minutes past the idle limit, on a timer that ticks every 5 ms: the sync ticks prove the checks ran.
    const idleSeconds = (): number => IDLE_LOCK_MINUTES * 60 + 30 * 60;
    timers = startDeskTimers({ desk: supervisor, idleSeconds, periods: { idleCheckMs: 5, syncMs: 5, heartbeatMs: 60_000, maintenanceMs: 3_600_000 } });
    const ticks = (): number => supervisor.pushed.slice(pushedBefore).filter((p) => p.event === 'sync.status').length;
    await expect.poll(ticks).toBeGreaterThanOrEqual(50);
    expect(sessionOf(supervisor)).toMatchObject({ status: 'active', wallboard: true });
    expect(supervisor.pushed.slice(pushedBefore).filter((p) => ROLE_GATED(p.event))).toEqual([]);

    // Leaving is a lock; the unlock brings back the supervisor's desk, which the idle clock now locks.
    expect(await supervisor.router.handle('session.lock', {})).toMatchObject({ ok: true, value: { status: 'locked' } });
    timers.stop();
    timers = null;
    expect(await supervisor.router.handle('session.unlock', { password: WALL.password })).toMatchObject({ ok: true, value: { status: 'active' } });
    expect(sessionOf(supervisor)).not.toHaveProperty('wallboard');
    timers = startDeskTimers({ desk: supervisor, idleSeconds, periods: { idleCheckMs: 5, syncMs: 5, heartbeatMs: 60_000, maintenanceMs: 3_600_000 } });
    await expect.poll(() => sessionOf(supervisor)).toMatchObject({ status: 'locked', reason: 'idle' });

    // Entering and leaving are in the desk's trail.
    const types = supervisor.queue.readStored().map((e) => e.event?.type);
    expect(types).toContain('session.wallboard');
  });
});
