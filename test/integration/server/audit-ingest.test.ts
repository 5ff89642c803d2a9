// POST /v1/audit/batches over real HTTP: accepted, replayed, continued, and
// refused for a gap, a tampered hash and a bad signature (each with an alert).
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect } from 'vitest';
import type { AuditBatch } from '../../../shared/api.ts';
import type { Alert, AuditSearchQuery } from '../../../shared/schemas/supervision.ts';
import { TestDevice } from '../../harness/device/device.ts';
import type { RunningGateway } from '../../harness/gateway/gateway.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';

const it = gatewayTestWith({ customers: 5 });

async function deskSession(gw: RunningGateway): Promise<{ device: TestDevice; token: string }> {
  const device = new TestDevice();
  const { token } = await gw.login('agent.ana', { device });
  return { device, token };
}
const send = (gw: RunningGateway, token: string, batch: AuditBatch) => gw.route('auditBatches', { token, body: batch });
const openAlerts = async (gw: RunningGateway, deviceId: string): Promise<Alert[]> =>
  (await gw.gateway.alerts.list('open')).filter((a) => a.kind === 'audit_chain_break' && a.deviceId === deviceId);
const stored = async (gw: RunningGateway, query: Partial<AuditSearchQuery>) =>
  (await gw.gateway.store.audit.search({ limit: 500, ...query })).events;

describe('accepted batches', () => {
  it('stores a batch, acks it, answers a replay with the same ack, and takes the next batch', async ({ gw }) => {
    const { device, token } = await deskSession(gw);
    const batch = device.batch(device.append([device.event({ type: 'app.start' }), device.event(), device.event()]));
    const first = await send(gw, token, batch);
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ batchId: batch.batchId, ackedThroughSeq: 3 });

    const replay = await send(gw, token, batch);
    expect(replay.status).toBe(200);
    expect(replay.json).toMatchObject({ batchId: batch.batchId, ackedThroughSeq: 3 });

    const next = await send(gw, token, device.batch(device.append([device.event({ type: 'customer.view' })])));
    expect(next.json).toMatchObject({ ackedThroughSeq: 4 });
    const events = (await stored(gw, {})).filter((e) => e.deviceId === device.deviceId);
    expect(events.map((e) => e.seq).sort()).toEqual([1, 2, 3, 4]);
  });

  it('acks a retry that overlaps what is stored (a lost ack) without duplicating', async ({ gw }) => {
    const { device, token } = await deskSession(gw);
    const entries = device.append([device.event(), device.event()]);
    await send(gw, token, device.batch(entries.slice(0, 1)));
    const retry = await send(gw, token, device.batch(entries));
    expect(retry.json).toMatchObject({ ackedThroughSeq: 2 });
    expect((await stored(gw, {})).filter((e) => e.deviceId === device.deviceId)).toHaveLength(2);
  });
});

describe('refused batches', () => {
  it('answers 409 for a gap and raises an alert', async ({ gw }) => {
    const { device, token } = await deskSession(gw);
    const entries = device.append([device.event(), device.event(), device.event()]);
    await send(gw, token, device.batch(entries.slice(0, 1)));
    const gap = await send(gw, token, device.batch(entries.slice(2)));
    expect(gap.status).toBe(409);
    expect(gap.json).toMatchObject({ reason: 'gap', expectedSeq: 2, error: { code: 'conflict' } });
    expect(await openAlerts(gw, device.deviceId)).toHaveLength(1);
  });

  it('answers 409 for a tampered event and raises an alert', async ({ gw }) => {
    const { device, token } = await deskSession(gw);
    const [entry] = device.append([device.event({ outcome: 'success' })]);
    if (entry === undefined) throw new Error('no entry');
    const tampered = device.batch([{ ...entry, event: { ...entry.event, outcome: 'failure' } }]);
    const answer = await send(gw, token, tampered);
    expect(answer.status).toBe(409);
    expect(answer.json).toMatchObject({ reason: 'hash_mismatch', expectedSeq: 1 });
    expect(await openAlerts(gw, device.deviceId)).toHaveLength(1);
    expect(await stored(gw, { type: 'audit.integrity.failure' })).not.toHaveLength(0);
  });

  it('answers 409 for a signature by another key and raises an alert', async ({ gw }) => {
    const { device, token } = await deskSession(gw);
    const foreign = generateKeyPairSync('ed25519').privateKey;
    const answer = await send(gw, token, device.batch(device.append([device.event()]), { signWith: foreign }));
    expect(answer.status).toBe(409);
    expect(answer.json).toMatchObject({ reason: 'bad_signature' });
    expect(await openAlerts(gw, device.deviceId)).toHaveLength(1);
  });

  it('answers 409 when a batch does not link to the stored head', async ({ gw }) => {
    const { device, token } = await deskSession(gw);
    await send(gw, token, device.batch(device.append([device.event()])));
    const other = new TestDevice(device.deviceId);
    // Same device ID, a chain started afresh: seq 1 again is stored with another hash.
    const forked = await send(gw, token, device.batch(other.append([device.event()])));
    expect(forked.status).toBe(409);
  });

  it('refuses a batch for another device with 403', async ({ gw }) => {
    const { token } = await deskSession(gw);
    const stranger = new TestDevice();
    const answer = await send(gw, token, stranger.batch(stranger.append([stranger.event()])));
    expect(answer.status).toBe(403);
  });

  it('refuses a reused batch ID with different content', async ({ gw }) => {
    const { device, token } = await deskSession(gw);
    const first = device.batch(device.append([device.event()]));
    await send(gw, token, first);
    const reused = await send(gw, token, device.batch(device.append([device.event()]), { batchId: first.batchId }));
    expect(reused.status).toBe(400);
  });

  it('refuses an event carrying a PAN before it is stored', async ({ gw }) => {
    const { device, token } = await deskSession(gw);
    const [entry] = device.append([device.event()]);
    if (entry === undefined) throw new Error('no entry');
    const batch = device.batch([entry]);
    const withPan = JSON.parse(JSON.stringify(batch).replace('"results":1', '"results":"4111111111111111"')) as AuditBatch;
    const answer = await send(gw, token, withPan);
    expect(answer.status).toBe(400);
    expect(answer.text).not.toContain('4111111111111111');
  });
});
