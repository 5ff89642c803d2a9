// Issue 21: a process holding a desk's tokens read a customer, and nothing
// noticed. Over real HTTP on both engines: the gateway compares the desk's
// synced trail with its own record of the customer records it served that
// desk, and raises a critical alert for a read the desk's trail does not show;
// a desk whose trail shows its reads raises none.
import { describe, expect } from 'vitest';
import { TestDevice } from '../../harness/device/device.ts';
import type { RunningGateway } from '../../harness/gateway/gateway.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';

const SKEW_SECONDS = 60;
const it = gatewayTestWith({ customers: 3, config: { authRateLimitPerMinute: 100_000, audit: { clockSkewSeconds: SKEW_SECONDS } } });
const ana = { userId: 'u-agent-ana', username: 'agent.ana', roles: ['agent' as const] };
const iso = (ms: number): string => new Date(ms).toISOString();

async function desk(gw: RunningGateway) {
  const device = new TestDevice();
  const { token } = await gw.login('agent.ana', { device });
  const read = async (customerId: string) => {
    const answer = await gw.route('customer', { params: { customerId }, token });
    expect(answer.status, answer.text).toBe(200);
  };
  const viewed = (customerId: string) => device.event({ actor: ana, type: 'customer.view', target: { kind: 'customer', id: customerId }, at: iso(gw.clock.now()) });
  const sync = async (events: Parameters<TestDevice['append']>[0]) => {
    const answer = await gw.route('auditBatches', { token, body: device.batch(device.append(events)) });
    expect(answer.status, answer.text).toBe(200);
  };
  return { device, read, viewed, sync };
}

const mismatches = async (gw: RunningGateway, deviceId: string) => (await gw.gateway.alerts.list('open')).filter((a) => a.kind === 'desk_read_mismatch' && a.deviceId === deviceId);

describe('the desk’s trail against the gateway’s record of its reads', () => {
  it('alerts on a customer read with the desk’s token that the desk’s synced trail does not show', async ({ gw }) => {
    const honest = await desk(gw);
    await honest.read('CUS-000001');
    const honestView = honest.viewed('CUS-000001');
    // The same token, used by another process: the gateway serves it and records it for this desk.
    await honest.read('CUS-000002');
    gw.clock.advance(2 * SKEW_SECONDS * 1000);
    await honest.sync([honestView, honest.device.event({ actor: ana, type: 'session.lock', target: { kind: 'session', id: null }, at: iso(gw.clock.now()) })]);
    const [alert] = await mismatches(gw, honest.device.deviceId);
    expect(alert).toMatchObject({ severity: 'critical', userId: ana.userId, occurrences: 1 });
    expect(alert?.message).toContain('CUS-000002');
    expect(alert?.message).not.toContain('CUS-000001');
  });

  it('raises nothing for a desk whose trail shows every read it was served, checked over several batches', async ({ gw }) => {
    const clean = await desk(gw);
    await clean.read('CUS-000001');
    await clean.sync([clean.viewed('CUS-000001')]);
    await clean.read('CUS-000003');
    const view = clean.viewed('CUS-000003');
    gw.clock.advance(2 * SKEW_SECONDS * 1000);
    await clean.sync([view, clean.device.event({ actor: ana, type: 'session.lock', target: { kind: 'session', id: null }, at: iso(gw.clock.now()) })]);
    expect(await mismatches(gw, clean.device.deviceId)).toEqual([]);
  });
});
