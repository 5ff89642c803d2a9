// A revoked desk still delivers its pending audit trail: the admin revokes the
// device, the desk's next call is refused and signs it out, and sync sends the
// queue over the device-signed route up to the head its last heartbeat
// promised; the gateway stores every such event flagged. What the desk wrote
// after that promise stays in its local trail (the gateway would refuse it).
import { describe, expect } from 'vitest';
import { ApiError } from '../../../main/api/api-client.ts';
import { lookupEvent } from '../../harness/desk/audit-queue.ts';
import { startDesk, type TestDesk } from '../../harness/desk/desk.ts';
import type { RunningGateway } from '../../harness/gateway/gateway.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';

const it = gatewayTestWith({ customers: 2 });

async function storedFrom(gw: RunningGateway, deviceId: string): Promise<{ seq: number; flag: string | null }[]> {
  const found: { seq: number; flag: string | null }[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await gw.gateway.store.audit.search({ limit: 500, ...(cursor ? { cursor } : {}) });
    found.push(...page.events.filter((e) => e.deviceId === deviceId).map((e) => ({ seq: e.seq, flag: e.flag ?? null })));
    if (page.nextCursor === null) return found.sort((a, b) => a.seq - b.seq);
    cursor = page.nextCursor;
  }
}

async function revoke(gw: RunningGateway, deviceId: string): Promise<void> {
  const { token } = await gw.login('admin.ivan');
  const answer = await gw.route('revokeDevice', { params: { deviceId }, token, body: { reason: 'Laptop reported stolen, ticket SEC-7' } });
  expect(answer.status).toBe(200);
}

/** A heartbeat as the desk's timer sends it: it promises the queue head so far. */
async function promise(desk: TestDesk): Promise<number> {
  await desk.sync.sendHeartbeat({ state: 'active', captureProtection: 'unsupported', appVersion: '0.1.0-test' });
  return desk.queue.chainHead().seq;
}

async function signedInDesk(gw: RunningGateway): Promise<TestDesk> {
  const desk = await startDesk(gw.url, { enrolmentToken: gw.enrolment.secret, batchSize: 5 });
  await desk.session.login({ username: 'agent.ana', password: 'desk-demo-ana-2026' });
  return desk;
}

describe('a revoked desk keeps delivering its trail', () => {
  it('the next call is refused, the desk signs out, and every pending event reaches the gateway flagged device_revoked', async ({ gw }) => {
    const desk = await signedInDesk(gw);
    try {
      expect(await desk.sync.syncNow()).toBe('drained');
      const beforeRevoke = desk.queue.chainHead().seq;
      for (let n = 0; n < 12; n++) desk.queue.append(lookupEvent(n));
      expect(desk.queue.status().depth).toBe(12);
      const promised = await promise(desk);
      await revoke(gw, desk.queue.deviceId);

      // The desk's next gateway call: its session was ended by the revocation, and the refresh is refused.
      const refused = await desk.api.call('lookup', { body: { by: 'customerId', value: 'CUS-000001' } }).then(
        () => null,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(ApiError);
      expect(desk.session.state()).toEqual({ status: 'signed_out', reason: 'device_revoked' });

      // Sign-out started a sync; a second run joins or follows it, and everything promised is delivered.
      expect(await desk.sync.syncNow()).toBe('drained');
      const head = desk.queue.chainHead().seq;
      expect(desk.queue.status().depth).toBe(head - promised);
      const stored = await storedFrom(gw, desk.queue.deviceId);
      expect(stored.map((e) => e.seq)).toEqual(Array.from({ length: promised }, (_, i) => i + 1));
      const afterRevoke = stored.filter((e) => e.seq > beforeRevoke);
      expect(afterRevoke).toHaveLength(12);
      expect(afterRevoke.every((e) => e.flag === 'device_revoked')).toBe(true);
      expect(stored.filter((e) => e.seq <= beforeRevoke).every((e) => e.flag === null)).toBe(true);
    } finally {
      await desk.close();
    }
  });

  it('parallel sync runs after revocation still store each promised event exactly once, and later events stay on the desk', async ({ gw }) => {
    const desk = await signedInDesk(gw);
    try {
      for (let n = 0; n < 7; n++) desk.queue.append(lookupEvent(n));
      const promised = await promise(desk);
      await revoke(gw, desk.queue.deviceId);
      const outcomes = await Promise.all([desk.sync.syncNow(), desk.sync.syncNow(), desk.sync.syncNow()]);
      expect(outcomes).toEqual(['drained', 'drained', 'drained']);
      // No token was ever refreshed: the first batch met a 401 refresh refusal or device_revoked and switched for good.
      desk.queue.append(lookupEvent(99));
      expect(await desk.sync.syncNow()).toBe('drained');
      const stored = await storedFrom(gw, desk.queue.deviceId);
      expect(stored.map((e) => e.seq)).toEqual(Array.from({ length: promised }, (_, i) => i + 1));
      expect(stored.at(-1)?.flag).toBe('device_revoked');
      expect(desk.queue.status().depth).toBe(desk.queue.chainHead().seq - promised);
    } finally {
      await desk.close();
    }
  });
});
