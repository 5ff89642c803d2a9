// The pop reaches the agent's desk through main: the call watcher asks the real
// gateway for the call on this desk and pushes call.current through the push
// gate, to Ana's desk for Ana's call and never to Ben's. Real gateway and desk
// services on 127.0.0.1; the watcher is polled here instead of on its timer.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CurrentCallSchema } from '../../../shared/schemas/calls.ts';
import { currentTotp } from '../../../server/identity/totp.ts';
import { startDesk } from '../../harness/desk/desk.ts';
import { AGENTS, sendConnect } from '../../harness/gateway/contact-center.ts';
import { startGateway, type RunningGateway } from '../../harness/gateway/gateway.ts';

let gw: RunningGateway;
beforeAll(async () => {
  gw = await startGateway({ customers: 5 });
});
afterAll(async () => {
  await gw.close();
});

const pops = (pushed: { event: string; payload: unknown }[]) => pushed.filter((p) => p.event === 'call.current').map((p) => CurrentCallSchema.parse(p.payload).call);

describe('the call pop on the desk', () => {
  it('reaches the offered agent’s desk as call.current, once per change, and never the other agent’s', async () => {
    await using ana = await startDesk(gw.url, { enrolmentToken: gw.enrolment.secret });
    await using ben = await startDesk(gw.url, { enrolmentToken: gw.enrolment.secret });
    expect(await ana.router.handle('session.login', { username: 'agent.ana', password: 'desk-demo-ana-2026' })).toMatchObject({ ok: true });
    const benOtp = await currentTotp(await gw.totpSecret('agent.ben'), gw.clock.now());
    expect(await ben.router.handle('session.login', { username: 'agent.ben', password: 'desk-demo-ben-2026', otp: benOtp })).toMatchObject({ ok: true });

    await ana.calls.poll();
    await ben.calls.poll();
    expect(pops(ana.pushed)).toEqual([null]);

    const [customer] = await gw.gateway.store.customers.summaries(['CUS-000001']);
    const contactId = randomUUID();
    await sendConnect(gw, { eventType: 'CONNECTED_TO_AGENT', contactId, at: gw.clock.now(), caller: customer?.customer.phone ?? '', agentId: AGENTS.connectAna });
    await ana.calls.poll();
    await ana.calls.poll();
    await ben.calls.poll();

    const anaPops = pops(ana.pushed);
    expect(anaPops).toHaveLength(2);
    expect(anaPops[1]?.matches.map((m) => m.customerId)).toContain('CUS-000001');
    expect(anaPops[1]?.state).toBe('on_call');
    expect(pops(ben.pushed)).toEqual([null]);

    await sendConnect(gw, { eventType: 'DISCONNECTED', contactId, at: gw.clock.now() + 1000 });
    await ana.calls.poll();
    expect(pops(ana.pushed).at(-1)?.state).toBe('wrap_up');
  }, 60_000);
});
