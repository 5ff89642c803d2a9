// Every device that promised a head is accounted for: a desk syncs its trail and
// promises its head in a signed heartbeat, then an attacker with database access
// deletes the whole trail (events, signed batches and head) the way issue #25
// did: on SQLite by dropping the guard triggers and putting them back, on
// PostgreSQL under `session_replication_role = replica`, which touches no
// trigger at all. The next verifier pass raises a critical alert for the desk.
import { describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '../../harness/gateway/gateway.ts';
import { openRawDatabase } from '../../harness/database/raw-database.ts';
import { knownTestDatabase, TEST_ENGINE } from '../../harness/database/test-database.ts';
import { TestDevice } from '../../harness/device/device.ts';
import { SQLITE_APPEND_ONLY_TRIGGERS } from '../../../server/storage/append-only.ts';

/** A desk that synced `events` events and promised its head in a heartbeat the gateway accepted. */
async function syncedDesk(gw: RunningGateway, events: number): Promise<TestDevice> {
  const device = new TestDevice();
  const { token } = await gw.login('agent.ana', { device });
  const entries = device.append(Array.from({ length: events }, () => device.event({ type: 'customer.view', target: { kind: 'customer', id: 'CUS-000001' } })));
  expect((await gw.route('auditBatches', { token, body: device.batch(entries) })).status).toBe(200);
  expect((await gw.route('heartbeat', { token, body: device.heartbeat(gw.clock.now()) })).status).toBe(200);
  return device;
}

const triggerSql = (name: string): string => {
  const trigger = SQLITE_APPEND_ONLY_TRIGGERS.find((t) => t.name === name);
  if (trigger === undefined) throw new Error(`no trigger ${name}`);
  return trigger.sql;
};

/** The attacker's script: the desk's events, batches and head gone, every guard as it was. */
function deleteTrail(deviceId: string): string {
  const deletes = `DELETE FROM audit_events WHERE device_id = '${deviceId}'; DELETE FROM audit_batches WHERE device_id = '${deviceId}'; DELETE FROM device_heads WHERE device_id = '${deviceId}';`;
  if (TEST_ENGINE === 'postgres') return `BEGIN; SET LOCAL session_replication_role = replica; ${deletes} COMMIT;`;
  const guards = ['audit_events_no_delete', 'audit_batches_no_delete', 'device_heads_no_delete'];
  return `${guards.map((g) => `DROP TRIGGER ${g};`).join(' ')} ${deletes} ${guards.map(triggerSql).join(' ')}`;
}

describe('a desk whose whole trail vanished', () => {
  it('is a critical break on the next verifier pass, though every guard is in place', async () => {
    await using gw = await startGateway({ customers: 2 });
    const desk = await syncedDesk(gw, 8);
    const untouched = await syncedDesk(gw, 3);
    expect(await gw.gateway.chainVerifier.verifyNow()).toEqual([]);

    const db = await openRawDatabase({ dataDir: gw.dataDir, database: knownTestDatabase(gw.dataDir) });
    try {
      await db.exec(deleteTrail(desk.deviceId));
      expect(await db.rows(`SELECT seq FROM audit_events WHERE device_id = '${desk.deviceId}'`)).toEqual([]);
    } finally {
      await db.close();
    }

    const breaks = await gw.gateway.chainVerifier.verifyNow();
    // The guards were never seen missing: only the promise gives the deletion away.
    expect(breaks.map((b) => b.deviceId)).toEqual([desk.deviceId]);
    expect(breaks[0]?.problem).toMatch(/promised sequence 8 .*no event of it is stored/);
    const alerts = (await gw.gateway.alerts.list('open')).filter((a) => a.kind === 'audit_chain_break');
    expect(alerts).toEqual([expect.objectContaining({ severity: 'critical', deviceId: desk.deviceId })]);
    expect(alerts.some((a) => a.deviceId === untouched.deviceId)).toBe(false);
  });

  it('is a break when only its tail vanished, the head moved back to match', async () => {
    await using gw = await startGateway({ customers: 2 });
    const desk = await syncedDesk(gw, 6);
    const d = desk.deviceId;
    const db = await openRawDatabase({ dataDir: gw.dataDir, database: knownTestDatabase(gw.dataDir) });
    const cut = `DELETE FROM audit_events WHERE device_id = '${d}' AND seq > 4; DELETE FROM audit_batches WHERE device_id = '${d}';
      UPDATE device_heads SET seq = 4, hash = (SELECT hash FROM audit_events WHERE device_id = '${d}' AND seq = 4) WHERE device_id = '${d}';`;
    const guards = ['audit_events_no_delete', 'audit_batches_no_delete', 'device_heads_forward_only'];
    try {
      await db.exec(
        TEST_ENGINE === 'postgres'
          ? `BEGIN; SET LOCAL session_replication_role = replica; ${cut} COMMIT;`
          : `${guards.map((g) => `DROP TRIGGER ${g};`).join(' ')} ${cut} ${guards.map(triggerSql).join(' ')}`,
      );
    } finally {
      await db.close();
    }
    const breaks = await gw.gateway.chainVerifier.verifyNow();
    expect(breaks.map((b) => b.deviceId)).toEqual([d]);
    expect(breaks[0]?.problem).toMatch(/promised sequence 6 .*stored trail ends at 4/);
  });

  it('finds nothing for a desk that promised more than it has synced yet (a lagging sync is not a break)', async () => {
    await using gw = await startGateway({ customers: 2 });
    const desk = new TestDevice();
    const { token } = await gw.login('agent.ana', { device: desk });
    const entries = desk.append(Array.from({ length: 5 }, () => desk.event({ type: 'customer.view', target: { kind: 'customer', id: 'CUS-000001' } })));
    expect((await gw.route('auditBatches', { token, body: desk.batch(entries.slice(0, 2)) })).status).toBe(200);
    expect((await gw.route('heartbeat', { token, body: desk.heartbeat(gw.clock.now()) })).status).toBe(200);
    expect(await gw.gateway.chainVerifier.verifyNow()).toEqual([]);
  });
});
