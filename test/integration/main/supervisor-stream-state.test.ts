// Main tells the supervisor's renderer whether live updates are live: the
// stream's state is pushed on every change and readable on open, across a real
// gateway going away and coming back on the same port.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '../../../server/identity/totp.ts';
import { demoCredentials } from '../../../server/seed/demo-seed.ts';
import type { SupervisorStreamState } from '../../../shared/schemas/floor.ts';
import { startDesk, type TestDesk } from '../../harness/desk/desk.ts';
import { startSeededGateway } from '../../harness/gateway/gateway.ts';

let gateway: Awaited<ReturnType<typeof startSeededGateway>>;
let desk: TestDesk;
beforeAll(async () => {
  gateway = await startSeededGateway({ customers: 3 });
  desk = await startDesk(gateway.url, { enrolmentToken: gateway.enrolmentToken });
});
afterAll(async () => {
  await desk.close();
  await gateway.gateway.close();
});

const states = (): SupervisorStreamState[] => desk.pushed.filter((p) => p.event === 'supervisor.stream').map((p) => p.payload as SupervisorStreamState);
const last = (): SupervisorStreamState['status'] | undefined => states().at(-1)?.status;

describe('supervisor stream state', () => {
  it('goes connecting → live, reconnecting while the gateway is down, live again, stopped on lock', async () => {
    const secret = (await demoCredentials(gateway.gateway.store, gateway.gateway.seal)).find((a) => a.username === 'sup.sara')?.totpSecret ?? '';
    const login = await desk.router.handle('session.login', { username: 'sup.sara', password: 'desk-demo-sara-2026', otp: await currentTotp(secret, Date.now()) });
    expect(login).toMatchObject({ ok: true });
    await expect.poll(last).toBe('live');
    expect(states().map((s) => s.status)).toEqual(['connecting', 'live']);
    expect(await desk.router.handle('supervisor.streamState', {})).toMatchObject({ ok: true, value: { status: 'live', attempts: 0, retryAt: null } });

    const port = Number(new URL(gateway.url).port);
    await gateway.gateway.close();
    await expect.poll(last, { timeout: 5000 }).toBe('reconnecting');
    const paused = states().at(-1);
    expect(paused?.attempts).toBeGreaterThanOrEqual(1);
    expect(Date.parse(paused?.retryAt ?? '')).toBeGreaterThan(Date.parse(paused?.since ?? ''));
    expect(await desk.router.handle('supervisor.streamState', {})).toMatchObject({ ok: true, value: { status: 'reconnecting' } });

    gateway = await startSeededGateway({ dir: gateway.dir, gatewayPort: port, customers: 3 });
    await expect.poll(last, { timeout: 10_000 }).toBe('live');
    expect(states().at(-1)?.attempts).toBe(0);

    expect(await desk.router.handle('session.lock', {})).toMatchObject({ ok: true });
    expect(last()).toBe('stopped');
    // Locked, the renderer may not ask; main refuses the channel like every other supervisor read.
    expect(await desk.router.handle('supervisor.streamState', {})).toMatchObject({ ok: false, error: { code: 'session_locked' } });
  });
});
