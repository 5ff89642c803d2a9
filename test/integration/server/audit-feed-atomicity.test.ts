// A desk's stored events and their live-feed rows are one transaction: with a
// real fault in the store (a trigger refusing inserts for one desk) on either
// table, the batch stores neither, the desk is told so, and its retry once the
// fault is gone stores both: every stored event is on the supervisor stream.
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';
import { openRawDatabase, refuseInserts } from '../../harness/database/raw-database.ts';
import { TestDevice } from '../../harness/device/device.ts';
import type { RunningGateway } from '../../harness/gateway/gateway.ts';
import { expect } from 'vitest';

const it = gatewayTestWith({ customers: 2 });

/** A live-feed row of one of the desk's own events (its data begins with the desk's ID), given as SQL text. */
const deskFeedRow = (deviceId: string, row = 'live_feed'): string => `${row}.kind = 'audit' AND ${row}.data LIKE '{"deviceId":"' || ${deviceId} || '",%'`;

/** How many stored events, and how many live-feed rows, name `deviceId`. */
async function storedFor(gw: RunningGateway, deviceId: string): Promise<{ events: number; feed: number; batches: number }> {
  const db = await openRawDatabase(gw);
  try {
    const count = async (query: string) => (await db.rows<{ n: number }>(query, [deviceId]))[0]?.n;
    const param = db.engine === 'sqlite' ? '?' : '$1';
    return {
      events: Number(await count(`SELECT count(*) AS n FROM audit_events WHERE device_id = ${param}`)),
      feed: Number(await count(`SELECT count(*) AS n FROM live_feed WHERE ${deskFeedRow(param)}`)),
      batches: Number(await count(`SELECT count(*) AS n FROM audit_batches WHERE device_id = ${param}`)),
    };
  } finally {
    await db.close();
  }
}

it.for([
  ['its live-feed rows', 'live_feed', (d: string) => deskFeedRow(`'${d}'`, 'NEW')],
  ['its events', 'audit_events', (d: string) => `NEW.device_id = '${d}'`],
] as const)('stores neither events nor feed rows when %s cannot be written, and both on the retry', async ([, table, condition], { gw }) => {
  const desk = new TestDevice();
  const { token } = await gw.login('agent.ana', { device: desk });
  const batch = desk.batch(desk.append(Array.from({ length: 5 }, () => desk.event({ type: 'customer.view', target: { kind: 'customer', id: 'CUS-000001' } }))));
  const fault = await refuseInserts(gw, table, condition(desk.deviceId), 'disk full');
  try {
    const refused = await gw.route('auditBatches', { token, body: batch });
    expect(refused.status).toBeGreaterThanOrEqual(500);
    expect(await storedFor(gw, desk.deviceId)).toEqual({ events: 0, feed: 0, batches: 0 });
    expect(await gw.gateway.store.audit.head(desk.deviceId)).toBeNull();
  } finally {
    await fault.restore();
  }
  const retried = await gw.route('auditBatches', { token, body: batch });
  expect(retried.status).toBe(200);
  expect(await storedFor(gw, desk.deviceId)).toEqual({ events: 5, feed: 5, batches: 1 });
  expect(await gw.gateway.chainVerifier.verifyNow()).toEqual([]);
});
