// Forged audit events from an agent's own, validly enrolled desk, over real
// HTTP: events that speak for another user, claim roles the user lacks, or
// claim a time the desk's chain cannot justify are refused (422, nothing of the
// batch stored), and floods of client-reported integrity failures fold into one
// alert per device instead of multiplying.
import { describe, expect } from 'vitest';
import type { AuditBatch } from '../../../shared/api.ts';
import { AUDIT_EVENT_TYPES, SYSTEM_ACTOR, type AuditEvent, type AuditEventType } from '../../../shared/audit.ts';
import { SYSTEM_ACTOR_EVENT_TYPES } from '../../../shared/system-actor-events.ts';
import type { Alert } from '../../../shared/schemas/supervision.ts';
import { TestDevice } from '../../harness/device/device.ts';
import type { RunningGateway } from '../../harness/gateway/gateway.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';

const SKEW_SECONDS = 300;
const it = gatewayTestWith({ customers: 2, config: { audit: { clockSkewSeconds: SKEW_SECONDS, beforeEnrolmentHours: 72 } } });

const ana = { userId: 'u-agent-ana', username: 'agent.ana', roles: ['agent' as const] };
const ben = { userId: 'u-agent-ben', username: 'agent.ben', roles: ['agent' as const] };
const sara = { userId: 'u-sup-sara', username: 'sup.sara', roles: ['supervisor' as const] };
const send = (gw: RunningGateway, token: string, batch: AuditBatch) => gw.route('auditBatches', { token, body: batch });
const storedOf = async (gw: RunningGateway, deviceId: string) => (await gw.gateway.store.audit.search({ limit: 500 })).events.filter((e) => e.deviceId === deviceId);
const alertsOf = async (gw: RunningGateway, kind: Alert['kind'], deviceId: string): Promise<Alert[]> =>
  (await gw.gateway.alerts.list('open')).filter((a) => a.kind === kind && a.deviceId === deviceId);
/** ISO time relative to the gateway's clock. */
const gatewayTime = (gw: RunningGateway, offsetMs: number): string => new Date(gw.clock.now() + offsetMs).toISOString();

async function anaDesk(gw: RunningGateway): Promise<{ device: TestDevice; token: string }> {
  const device = new TestDevice();
  const { token } = await gw.login('agent.ana', { device });
  return { device, token };
}

describe('actor', () => {
  it('refuses, all at once, batches whose events speak for another user or claim a role; nothing is stored and one alert counts them', async ({ gw }) => {
    const forgeries: Partial<AuditEvent>[] = [
      { actor: sara, type: 'alert.ack' },
      { actor: ben, type: 'customer.view' },
      { actor: { ...ana, roles: ['supervisor'] }, type: 'audit.read' },
      { actor: { ...ana, username: 'sup.sara' } },
      { actor: { userId: null, username: null, roles: ['admin'] }, type: 'admin.user.change' },
      { actor: { userId: 'u-nobody', username: 'nobody', roles: [] } },
    ];
    // Sign-ins one after another: the gateway checks at most two of an account's at once. The attack is the parallel upload below.
    const desks: { device: TestDevice; token: string }[] = [];
    while (desks.length < forgeries.length) desks.push(await anaDesk(gw));
    const answers = await Promise.all(
      forgeries.map((forgery, i) => {
        const desk = desks[i];
        if (desk === undefined) throw new Error('no desk');
        const { device, token } = desk;
        // A valid event first: the whole batch is refused, not just the forged one.
        return send(gw, token, device.batch(device.append([device.event({ actor: ana }), device.event(forgery)])));
      }),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(422);
      expect(answer.json).toMatchObject({ reason: 'foreign_actor', seq: 2, error: { code: 'audit_event_refused' } });
    }
    for (const { device } of desks) {
      expect(await storedOf(gw, device.deviceId)).toEqual([]);
      const [alert] = await alertsOf(gw, 'audit_quarantine', device.deviceId);
      expect(alert).toMatchObject({ severity: 'critical', userId: ana.userId, occurrences: 1 });
    }
    const refusals = (await gw.gateway.store.audit.search({ type: 'audit.integrity.failure', userId: ana.userId, limit: 500 })).events;
    expect(refusals.filter((r) => r.event.reason === 'foreign_actor').length).toBeGreaterThanOrEqual(forgeries.length);
  });

  it("accepts the signed-in user, the system actor, and the previous user of a shared desk (their logout), but not someone who never signed in there", async ({ gw }) => {
    const device = new TestDevice();
    await gw.login('agent.ben', { device });
    const { token } = await gw.login('agent.ana', { device });
    const accepted = await send(gw, 
      token,
      device.batch(device.append([device.event({ actor: ben, type: 'auth.logout' }), device.event({ actor: SYSTEM_ACTOR, type: 'app.start' }), device.event({ actor: ana })])),
    );
    expect(accepted.status).toBe(200);
    expect(accepted.json).toMatchObject({ ackedThroughSeq: 3 });

    const asSara = await send(gw, token, device.batch(device.append([device.event({ actor: sara })])));
    expect(asSara.status).toBe(422);
    expect(await storedOf(gw, device.deviceId)).toHaveLength(3);
  });

  it('takes the system actor on the desk’s lifecycle events only: an admin change "by the system" is refused, in parallel from many desks', async ({ gw }) => {
    const lifecycle = Object.keys(SYSTEM_ACTOR_EVENT_TYPES) as AuditEventType[];
    const others = (Object.keys(AUDIT_EVENT_TYPES) as AuditEventType[]).filter((type) => !lifecycle.includes(type));
    expect(others).toContain('admin.user.change');
    const forged = ['admin.user.change', 'account.role.change', 'customer.view', 'alert.ack'] as const;
    const desks: { device: TestDevice; token: string }[] = [];
    while (desks.length < forged.length) desks.push(await anaDesk(gw));
    const answers = await Promise.all(
      forged.map((type, i) => {
        const desk = desks[i];
        if (desk === undefined) throw new Error('no desk');
        return send(gw, desk.token, desk.device.batch(desk.device.append([desk.device.event({ actor: SYSTEM_ACTOR, type })])));
      }),
    );
    for (const answer of answers) expect(answer.json).toMatchObject({ reason: 'foreign_actor', seq: 1, error: { code: 'audit_event_refused' } });
    for (const { device } of desks) expect(await storedOf(gw, device.deviceId)).toEqual([]);
    const { device, token } = await anaDesk(gw);
    const accepted = await send(gw, token, device.batch(device.append(lifecycle.map((type) => device.event({ actor: SYSTEM_ACTOR, type })))));
    expect(accepted.status, accepted.text).toBe(200);
    expect((await storedOf(gw, device.deviceId)).map((e) => e.event.type).sort()).toEqual([...lifecycle].sort());
  });
});

describe('time', () => {
  it('refuses an event dated beyond the clock skew into the future', async ({ gw }) => {
    const { device, token } = await anaDesk(gw);
    const answer = await send(gw, token, device.batch(device.append([device.event({ actor: ana, at: gatewayTime(gw, (SKEW_SECONDS + 60) * 1000) })])));
    expect(answer.status).toBe(422);
    expect(answer.json).toMatchObject({ reason: 'at_in_future' });
  });

  it('refuses an event dated months back, before the desk was enrolled', async ({ gw }) => {
    const { device, token } = await anaDesk(gw);
    const answer = await send(gw, token, device.batch(device.append([device.event({ actor: ana, at: gatewayTime(gw, -120 * 86_400_000) })])));
    expect(answer.status).toBe(422);
    expect(answer.json).toMatchObject({ reason: 'at_before_chain' });
    expect(await storedOf(gw, device.deviceId)).toEqual([]);
  });

  it('refuses an event dated before what the desk already sent (minus skew), also when smuggled late in a batch', async ({ gw }) => {
    const { device, token } = await anaDesk(gw);
    expect((await send(gw, token, device.batch(device.append([device.event({ actor: ana, at: gatewayTime(gw, 0) })])))).status).toBe(200);
    const backdated = await send(gw, token, device.batch(device.append([device.event({ actor: ana, at: gatewayTime(gw, -(SKEW_SECONDS + 60) * 1000) })])));
    expect(backdated.status).toBe(422);
    expect(backdated.json).toMatchObject({ reason: 'at_before_chain', seq: 2 });

    // Walking back one skew at a time does not work either: the floor is the latest time sent, not the previous event's.
    const walker = await anaDesk(gw);
    const steps = [0, -200, -400].map((s) => walker.device.event({ actor: ana, at: gatewayTime(gw, s * 1000) }));
    const walked = await send(gw, walker.token, walker.device.batch(walker.device.append(steps)));
    expect(walked.status).toBe(422);
    expect(walked.json).toMatchObject({ reason: 'at_before_chain', seq: 3 });
  });

  it('accepts a three-day offline backlog from a desk that synced before, and the desk tolerates small clock steps back', async ({ gw }) => {
    const { device, token } = await anaDesk(gw);
    expect((await send(gw, token, device.batch(device.append([device.event({ actor: ana, at: gatewayTime(gw, 0) })])))).status).toBe(200);
    const backlog = Array.from({ length: 72 }, (_, hour) => device.event({ actor: ana, at: gatewayTime(gw, hour * 3_600_000 + (hour % 2 === 0 ? 0 : -30_000)) }));
    gw.clock.advance(3 * 86_400_000);
    const { token: later } = await gw.login('agent.ana', { device });
    expect(token).not.toBe(later);
    const answer = await send(gw, later, device.batch(device.append(backlog)));
    expect(answer.status).toBe(200);
    expect(await storedOf(gw, device.deviceId)).toHaveLength(73);
  });
});

describe('client-triggered alerts', () => {
  it('folds 40 integrity failures sent in parallel into one open alert per device with a count of 40', async ({ gw }) => {
    const { device, token } = await anaDesk(gw);
    const entries = device.append(
      Array.from({ length: 40 }, () => device.event({ actor: SYSTEM_ACTOR, at: gatewayTime(gw, 0), type: 'audit.integrity.failure', outcome: 'failure', reason: 'tag_mismatch', target: { kind: 'audit-log', id: device.deviceId } })),
    );
    // Batch k carries events 1..k: in any arrival order each stores its new part (a retry after a lost ack looks the same).
    const answers = await Promise.all(entries.map((_, k) => send(gw, token, device.batch(entries.slice(0, k + 1)))));
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    expect(await storedOf(gw, device.deviceId)).toHaveLength(40);
    const alerts = await alertsOf(gw, 'audit_chain_break', device.deviceId);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.occurrences).toBe(40);
  });

  it('folds 40 parallel forged batches from one desk into one quarantine alert', async ({ gw }) => {
    const { device, token } = await anaDesk(gw);
    const forged = Array.from({ length: 40 }, () => {
      const other = new TestDevice(device.deviceId);
      return send(gw, token, device.batch(other.append([other.event({ actor: sara, at: gatewayTime(gw, 0) })])));
    });
    const answers = await Promise.all(forged);
    expect(answers.every((a) => a.status === 422)).toBe(true);
    const alerts = await alertsOf(gw, 'audit_quarantine', device.deviceId);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.occurrences).toBe(40);
  });

  it('folds 30 parallel heartbeats reporting capture unprotected into one alert for the desk', async ({ gw }) => {
    const { device, token } = await anaDesk(gw);
    // Each one validly signed by the desk, at strictly increasing times, all sent at once.
    const heartbeats = Array.from({ length: 30 }, () => device.heartbeat(gw.clock.now(), { captureProtection: 'unsupported' }));
    const answers = await Promise.all(heartbeats.map((body) => gw.route('heartbeat', { token, body })));
    // One that overtakes a later-signed one is refused as a replay; the latest-signed one always gets through.
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((status) => status !== 200 && status !== 409)).toEqual([]);
    expect(statuses.at(-1)).toBe(200);
    const accepted = statuses.filter((status) => status === 200).length;
    const alerts = await alertsOf(gw, 'capture_unprotected', device.deviceId);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.occurrences).toBe(accepted);
  });
});
