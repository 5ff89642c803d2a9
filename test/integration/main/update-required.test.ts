// Issue 28: the minimum supported version. Within the grace period a desk below
// it still reads customers; after it, the gateway answers that desk's customer
// routes with the typed update_required, while it still signs in, sends
// heartbeats and syncs the audit events it already recorded, so nothing is
// lost. A desk on a supported version is not affected.
import { describe, expect } from 'vitest';
import { startDesk, type TestDesk } from '../../harness/desk/desk.ts';
import type { RunningGateway } from '../../harness/gateway/gateway.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';

const DAY = 86_400_000;
// The minimum was set 10 days ago with 14 days of grace: 4 days are left when the file starts.
const it = gatewayTestWith({
  customers: 2,
  config: { updates: { minimumVersion: '1.1.0', minimumSince: new Date(Date.now() - 10 * DAY).toISOString(), graceDays: 14 } },
});

async function signedInDesk(gw: RunningGateway, version: string): Promise<TestDesk> {
  const desk = await startDesk(gw.url, { enrolmentToken: gw.enrolment.secret, clockStart: gw.clock.now() });
  await desk.session.login({ username: 'agent.ana', password: 'desk-demo-ana-2026' });
  expect(await desk.api.call('updateCheck', { query: { version } })).toEqual({ action: 'stay' });
  return desk;
}
const lookup = (desk: TestDesk) => desk.router.handle('customers.lookup', { by: 'customerId', value: 'CUS-000001' });

describe('a desk below the minimum version', () => {
  it('reads customers during the grace period, and after it signs in and syncs but reads no customer data', async ({ gw }) => {
    const old = await signedInDesk(gw, '1.0.0');
    expect(await lookup(old)).toMatchObject({ ok: true });
    await old[Symbol.asyncDispose]();

    gw.clock.advance(5 * DAY);
    // Sign-in still works past the grace period.
    const desk = await signedInDesk(gw, '1.0.0');
    const refused = await lookup(desk);
    expect(refused).toMatchObject({ ok: false, error: { code: 'update_required' } });
    expect(JSON.stringify(refused)).toContain('1.1.0');
    expect(await desk.router.handle('customers.get', { customerId: 'CUS-000001' })).toMatchObject({ ok: false, error: { code: 'update_required' } });

    // What the desk recorded (the refused attempts among it) still reaches the gateway.
    const recorded = desk.queue.chainHead().seq;
    expect(recorded).toBeGreaterThan(0);
    await desk.sync.syncNow();
    expect(desk.queue.status().depth).toBe(0);
    const stored = await gw.gateway.store.audit.search({ limit: 500 });
    expect(stored.events.filter((e) => e.deviceId === desk.queue.deviceId).length).toBe(recorded);
    await desk.sync.sendHeartbeat({ state: 'active', captureProtection: 'unsupported', appVersion: '1.0.0' });
    await desk[Symbol.asyncDispose]();
  });

  it('does not touch a desk on a supported version', async ({ gw }) => {
    const desk = await signedInDesk(gw, '1.1.0');
    expect(await lookup(desk)).toMatchObject({ ok: true });
    await desk[Symbol.asyncDispose]();
  });

  it('holds a desk that never reported its version to the rule', async ({ gw }) => {
    const { token } = await gw.login('agent.ben');
    const answer = await gw.call('POST', '/v1/customers/lookup', { token, body: { by: 'customerId', value: 'CUS-000001' } });
    expect({ status: answer.status, code: answer.json.error?.code }).toEqual({ status: 403, code: 'update_required' });
  });
});
