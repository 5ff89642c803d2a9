// Main follows the gateway's supervisor stream for a signed-in supervisor and
// forwards each event to the renderer; it stops on lock and logout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDesk, type TestDesk } from '../../harness/desk/desk.ts';
import { startGateway, type RunningGateway } from '../../harness/gateway/gateway.ts';
import { lookupEvent } from '../../harness/desk/audit-queue.ts';
import { currentTotp } from '../../../server/identity/totp.ts';

let gw: RunningGateway;
let supervisorDesk: TestDesk;
let agentDesk: TestDesk;
beforeAll(async () => {
  gw = await startGateway({ customers: 3 });
  supervisorDesk = await startDesk(gw.url, { enrolmentToken: gw.enrolment.secret });
  agentDesk = await startDesk(gw.url, { enrolmentToken: gw.enrolment.secret });
});
afterAll(async () => {
  await supervisorDesk.close();
  await agentDesk.close();
  await gw.close();
});

describe('supervisor stream in main', () => {
  it('forwards another desk’s audit events to the supervisor’s renderer, and stops on lock', async () => {
    const otp = await currentTotp(await gw.totpSecret('sup.sara'), gw.clock.now());
    expect(await supervisorDesk.router.handle('session.login', { username: 'sup.sara', password: 'desk-demo-sara-2026', otp })).toMatchObject({ ok: true });
    await expect.poll(() => supervisorDesk.supervisorStream.active).toBe(true);

    expect(await agentDesk.router.handle('session.login', { username: 'agent.ana', password: 'desk-demo-ana-2026' })).toMatchObject({ ok: true });
    // `active` means the request is out, not that the gateway has subscribed it yet: instead of sleeping, keep
    // sending marker events until one is forwarded (an event sent before the subscription may be missed).
    const markers = new Set<string>();
    const forwarded = (): boolean => supervisorDesk.pushed.some((p) => p.event === 'supervisor.audit' && markers.has((p.payload as { event: { id: string } }).event.id));
    await expect
      .poll(
        async () => {
          if (forwarded()) return true;
          markers.add(agentDesk.queue.append(lookupEvent(42)).id);
          expect(await agentDesk.sync.syncNow()).toBe('drained');
          return forwarded();
        },
        { timeout: 10_000, interval: 50 },
      )
      .toBe(true);

    await supervisorDesk.router.handle('session.lock', {});
    expect(supervisorDesk.supervisorStream.active).toBe(false);
  });

  it('does not open the stream for an agent', () => {
    expect(agentDesk.supervisorStream.active).toBe(false);
  });
});
