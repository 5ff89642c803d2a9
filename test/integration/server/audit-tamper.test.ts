// The gateway's audit store against a local attacker with write access to its
// SQLite file, or a PostgreSQL superuser: each test fills a real store over
// HTTP, stops the gateway, edits the database directly, restarts the gateway on
// it and expects the verifier's critical alert. Replacement and in-place edits
// are refused outright while the triggers stand.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Gateway } from '../../../server/app.ts';
import { createChainVerifier, type Scheduler } from '../../../server/audit/chain-verifier.ts';
import { DATABASE_FILE, openStore } from '../../../server/storage/open-store.ts';
import { SQLITE_APPEND_ONLY_TRIGGERS } from '../../../server/storage/append-only.ts';
import { chainMessage, GENESIS_HASH } from '../../../shared/audit-chain.ts';
import type { AuditEvent } from '../../../shared/audit.ts';
import { canonicalJson } from '../../../shared/canonical-json.ts';
import type { Alert } from '../../../shared/schemas/supervision.ts';
import { storeServices } from '../../harness/database/store-services.ts';
import { manualClock } from '../../harness/clock/clock.ts';
import { TestDevice } from '../../harness/device/device.ts';
import { startGateway, startSeededGateway } from '../../harness/gateway/gateway.ts';
import { openRawDatabase } from '../../harness/database/raw-database.ts';
import { knownTestDatabase, TEST_ENGINE } from '../../harness/database/test-database.ts';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const undo of cleanup.splice(0).reverse()) await undo();
});

/** A gateway that stored `events` events of one desk over HTTP, then stopped: its data folder and the desk's ID. */
async function storedTrail(events = 6): Promise<{ dir: string; deviceId: string }> {
  const gw = await startGateway({ customers: 2 });
  cleanup.push(() => {
    rmSync(gw.dataDir, { recursive: true, force: true });
  });
  const device = new TestDevice();
  const { token } = await gw.login('agent.ana', { device });
  const entries = device.append(Array.from({ length: events }, () => device.event({ type: 'customer.view', target: { kind: 'customer', id: 'CUS-000001' } })));
  const sent = await Promise.all([
    gw.route('auditBatches', { token, body: device.batch(entries.slice(0, events / 2)) }),
    gw.route('auditBatches', { token, body: device.batch(entries) }),
  ]);
  expect(sent.map((a) => a.status)).toEqual([200, 200]);
  expect(await gw.gateway.chainVerifier.verifyNow()).toEqual([]);
  await gw.gateway.close();
  return { dir: gw.dataDir, deviceId: device.deviceId };
}

/** What an attacker with the file does: open it directly, with no help from the gateway. */
function tamper(dir: string, sql: string): void {
  const db = new Database(join(dir, DATABASE_FILE));
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}

async function restart(dir: string): Promise<Gateway> {
  const { gateway } = await startSeededGateway({ dir, customers: 2 });
  cleanup.push(() => gateway.close());
  return gateway;
}

const chainBreaks = async (gateway: Gateway): Promise<Alert[]> => {
  await gateway.chainVerifier.verifyNow();
  return (await gateway.alerts.list('open')).filter((a) => a.kind === 'audit_chain_break' && a.severity === 'critical');
};

const onSqlite = TEST_ENGINE === 'sqlite';

describe('refused while the triggers stand', () => {
  it.runIf(onSqlite)('refuses INSERT OR REPLACE, UPDATE and DELETE of stored events, batches, heads and acks', async () => {
    const { dir, deviceId } = await storedTrail();
    const attacks = [
      `INSERT OR REPLACE INTO audit_events SELECT device_id, seq, prev_hash, hash, replace(event, 'customer.view', 'customer.lookup'), received_at, 'customer.lookup', outcome, user_id, at, customer_id, flag FROM audit_events WHERE device_id = '${deviceId}' AND seq = 2`,
      `UPDATE audit_events SET user_id = 'u-agent-ben' WHERE device_id = '${deviceId}'`,
      `DELETE FROM audit_events WHERE device_id = '${deviceId}' AND seq = 6`,
      `INSERT OR REPLACE INTO device_heads (device_id, seq, hash, high_at) VALUES ('${deviceId}', 3, 'x', '')`,
      `UPDATE device_heads SET hash = 'x' WHERE device_id = '${deviceId}'`,
      `DELETE FROM device_heads WHERE device_id = '${deviceId}'`,
      `INSERT OR REPLACE INTO audit_batches SELECT batch_id, device_id, content_hash, 1, first_seq, head_hash, signature, flag FROM audit_batches WHERE device_id = '${deviceId}'`,
      `DELETE FROM audit_batches`,
    ];
    const db = new Database(join(dir, DATABASE_FILE));
    try {
      const before = db.prepare('SELECT device_id, seq, hash, event, user_id FROM audit_events ORDER BY device_id, seq').all();
      for (const sql of attacks) expect(() => db.exec(sql), sql).toThrow(/append-only/);
      expect(db.prepare('SELECT device_id, seq, hash, event, user_id FROM audit_events ORDER BY device_id, seq').all()).toEqual(before);
    } finally {
      db.close();
    }
    expect(await chainBreaks(await restart(dir))).toEqual([]);
  });

  it('refuses to store an entry over an existing one through the repository (plain INSERT: a conflict is an error)', async () => {
    const { dir, deviceId } = await storedTrail(2);
    const store = await openStore({ dataDir: dir, database: knownTestDatabase(dir) });
    try {
      const [stored] = (await store.audit.search({ limit: 10 })).events.filter((e) => e.deviceId === deviceId && e.seq === 2);
      if (stored === undefined) throw new Error('no stored event');
      const head = await store.audit.head(deviceId);
      const forged = { deviceId, seq: 2, prevHash: 'a'.repeat(64), hash: 'b'.repeat(64), event: { ...stored.event, outcome: 'failure' as const }, receivedAt: stored.receivedAt };
      await expect(store.audit.appendBatch([forged], null)).rejects.toThrow();
      expect(await store.audit.head(deviceId)).toEqual(head);
    } finally {
      await store.close();
    }
  });
});

describe.runIf(onSqlite)('found by the verifier at start', () => {
  it.each([
    ['an edited event (trigger dropped, row changed, trigger put back)', (d: string) => `DROP TRIGGER audit_events_no_update; UPDATE audit_events SET event = replace(event, '"outcome":"success"', '"outcome":"failure"'), outcome = 'failure' WHERE device_id = '${d}' AND seq = 3; ${triggerSql('audit_events_no_update')}`],
    ['an edited search column only (user_id moved to another agent)', (d: string) => `DROP TRIGGER audit_events_no_update; UPDATE audit_events SET user_id = 'u-agent-ben' WHERE device_id = '${d}' AND seq = 4; ${triggerSql('audit_events_no_update')}`],
    ['a deleted event in the middle', (d: string) => `DROP TRIGGER audit_events_no_delete; DELETE FROM audit_events WHERE device_id = '${d}' AND seq = 2; ${triggerSql('audit_events_no_delete')}`],
    ['a deleted tail with the head moved back to match', (d: string) => `DROP TRIGGER audit_events_no_delete; DROP TRIGGER device_heads_forward_only; DELETE FROM audit_events WHERE device_id = '${d}' AND seq > 4; UPDATE device_heads SET seq = 4, hash = (SELECT hash FROM audit_events WHERE device_id = '${d}' AND seq = 4) WHERE device_id = '${d}'; ${triggerSql('audit_events_no_delete')} ${triggerSql('device_heads_forward_only')}`],
    ['an edited head hash', (d: string) => `DROP TRIGGER device_heads_forward_only; UPDATE device_heads SET hash = '${'f'.repeat(64)}' WHERE device_id = '${d}'; ${triggerSql('device_heads_forward_only')}`],
    ['a rewritten gateway login event', () => `DROP TRIGGER audit_events_no_update; UPDATE audit_events SET event = replace(event, 'agent.ana', 'agent.ben') WHERE device_id = 'gateway' AND type = 'auth.login'; ${triggerSql('audit_events_no_update')}`],
  ])('%s', async (_what, attack) => {
    const { dir, deviceId } = await storedTrail();
    tamper(dir, attack(deviceId));
    const alerts = await chainBreaks(await restart(dir));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.message).toMatch(/failed verification/);
  });

  it('breaks a device chain rewritten consistently (fresh hashes, links and head), which only the device key could have signed', async () => {
    const { dir, deviceId } = await storedTrail();
    const db = new Database(join(dir, DATABASE_FILE));
    try {
      db.exec('DROP TRIGGER audit_events_no_update; DROP TRIGGER device_heads_forward_only;');
      const rows = db.prepare<[string], { seq: number; prev_hash: string; event: string }>('SELECT seq, prev_hash, event FROM audit_events WHERE device_id = ? ORDER BY seq').all(deviceId);
      let prevHash = GENESIS_HASH;
      const rewrite = db.prepare('UPDATE audit_events SET prev_hash = ?, hash = ?, event = ?, outcome = ? WHERE device_id = ? AND seq = ?');
      for (const row of rows) {
        const event = JSON.parse(row.event) as AuditEvent;
        const edited = row.seq === 3 ? { ...event, outcome: 'failure' as const } : event;
        const hash = createHash('sha256').update(chainMessage(prevHash, row.seq, canonicalJson(edited))).digest('hex');
        rewrite.run(prevHash, hash, JSON.stringify(edited), edited.outcome, deviceId, row.seq);
        prevHash = hash;
      }
      db.prepare('UPDATE device_heads SET hash = ? WHERE device_id = ?').run(prevHash, deviceId);
      db.exec(`${triggerSql('audit_events_no_update')} ${triggerSql('device_heads_forward_only')}`);
    } finally {
      db.close();
    }
    const alerts = await chainBreaks(await restart(dir));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ deviceId });
    // The transparency log's leaf (issue 25) or the device's signature: either gives the rewrite away.
    expect(alerts[0]?.message).toMatch(/not the one the device signed|not the entry the transparency log holds/);
  });

  it('reports a dropped trigger (which the schema would otherwise quietly recreate) and puts it back', async () => {
    const { dir } = await storedTrail();
    tamper(dir, 'DROP TRIGGER audit_events_no_delete; DROP TRIGGER alert_acks_no_update;');
    const gateway = await restart(dir);
    const alerts = await chainBreaks(gateway);
    expect(alerts.map((a) => a.message).join('\n')).toMatch(/audit_events_no_delete/);
    expect(alerts.map((a) => a.message).join('\n')).toMatch(/alert_acks_no_update/);
    const db = new Database(join(dir, DATABASE_FILE));
    try {
      expect(() => db.exec('DELETE FROM audit_events')).toThrow(/append-only/);
    } finally {
      db.close();
    }
  });

  it('reports a trigger rewritten to do nothing under its own name', async () => {
    const { dir } = await storedTrail();
    tamper(dir, "DROP TRIGGER audit_events_no_delete; CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events WHEN 0 BEGIN SELECT RAISE(ABORT, 'x'); END;");
    const alerts = await chainBreaks(await restart(dir));
    expect(alerts.map((a) => a.message).join('\n')).toMatch(/audit_events_no_delete were missing or altered/);
  });
});

describe.runIf(onSqlite)('found by the periodic pass while the gateway runs', () => {
  it('raises the alert on the next tick of the verifier timer, and folds later ticks into it', async () => {
    const { dir, deviceId } = await storedTrail();
    const store = await openStore({ dataDir: dir, database: knownTestDatabase(dir) });
    cleanup.push(() => store.close());
    const ticks: (() => void)[] = [];
    const scheduler: Scheduler = {
      every: (_ms, run) => {
        ticks.push(run);
        return { cancel: () => ticks.splice(0) };
      },
    };
    const clock = manualClock(Date.now());
    const errors: unknown[] = [];
    const { liveFeed, alerts } = storeServices(store, clock, (e) => errors.push(e));
    const verifier = createChainVerifier({ repo: store.audit, devices: store.identity, alerts, intervalMs: 60_000, scheduler, onError: (e) => errors.push(e) });
    verifier.start();
    expect(await verifier.verifyNow()).toEqual([]);

    tamper(dir, `DROP TRIGGER audit_events_no_update; UPDATE audit_events SET at = '2026-01-01T00:00:00.000Z' WHERE device_id = '${deviceId}' AND seq = 1;`);
    expect(ticks).toHaveLength(1);
    for (let i = 0; i < 3; i++) {
      ticks[0]?.();
      await verifier.verifyNow();
    }
    const open = (await store.alerts.list('open')).filter((a) => a.kind === 'audit_chain_break');
    expect(open.map((a) => a.message).join('\n')).toMatch(/event 1: stored at differ/);
    expect(open.map((a) => a.message).join('\n')).toMatch(/audit_events_no_update/);
    expect(open.find((a) => a.deviceId === deviceId)?.occurrences).toBe(3);
    expect(errors).toEqual([]);
    await verifier.stop();
    await liveFeed.stop();
    expect(ticks).toHaveLength(0);
  });
});

function triggerSql(name: string): string {
  const trigger = SQLITE_APPEND_ONLY_TRIGGERS.find((t) => t.name === name);
  if (trigger === undefined) throw new Error(`no trigger ${name}`);
  return trigger.sql;
}

describe.runIf(!onSqlite)('on PostgreSQL, against a superuser of the database', () => {
  /** The attacker's own connection, as the cluster's superuser. */
  async function superuser(dir: string, script: string): Promise<void> {
    const db = await openRawDatabase({ dataDir: dir, database: knownTestDatabase(dir) });
    try {
      await db.exec(script);
    } finally {
      await db.close();
    }
  }
  const disabled = (table: string, triggers: string[], script: string): string =>
    `${triggers.map((t) => `ALTER TABLE ${table} DISABLE TRIGGER ${t};`).join(' ')} ${script}; ${triggers.map((t) => `ALTER TABLE ${table} ENABLE TRIGGER ${t};`).join(' ')}`;

  it('refuses UPDATE, DELETE and upserts of stored events, batches, heads and acks', async () => {
    const { dir, deviceId } = await storedTrail();
    const attacks = [
      `UPDATE audit_events SET user_id = 'u-agent-ben' WHERE device_id = '${deviceId}'`,
      `DELETE FROM audit_events WHERE device_id = '${deviceId}' AND seq = 6`,
      // Straight at this month's partition, where the events are.
      `DELETE FROM audit_events_${new Date().toISOString().slice(0, 7).replace('-', '_')}`,
      `UPDATE device_heads SET seq = 3 WHERE device_id = '${deviceId}'`,
      `INSERT INTO device_heads (device_id, seq, hash, high_at) VALUES ('${deviceId}', 3, 'x', '') ON CONFLICT (device_id) DO UPDATE SET seq = 3`,
      `DELETE FROM device_heads WHERE device_id = '${deviceId}'`,
      `UPDATE audit_batches SET acked_through_seq = 1 WHERE device_id = '${deviceId}'`,
      `DELETE FROM audit_batches`,
    ];
    for (const attack of attacks) await expect(superuser(dir, attack), attack).rejects.toThrow(/append-only/);
    expect(await chainBreaks(await restart(dir))).toEqual([]);
  });

  it.each([
    ['an edited event (trigger disabled, row changed, trigger enabled)', (d: string) => disabled('audit_events', ['audit_events_no_update'], `UPDATE audit_events SET event = replace(event, '"outcome":"success"', '"outcome":"failure"'), outcome = 'failure' WHERE device_id = '${d}' AND seq = 3`)],
    ['an edited search column only', (d: string) => disabled('audit_events', ['audit_events_no_update'], `UPDATE audit_events SET user_id = 'u-agent-ben' WHERE device_id = '${d}' AND seq = 4`)],
    ['a deleted event in the middle', (d: string) => disabled('audit_events', ['audit_events_no_delete'], `DELETE FROM audit_events WHERE device_id = '${d}' AND seq = 2`)],
    ['an edited head hash', (d: string) => disabled('device_heads', ['device_heads_forward_only'], `UPDATE device_heads SET hash = '${'f'.repeat(64)}' WHERE device_id = '${d}'`)],
    ['a rewritten gateway login event', () => disabled('audit_events', ['audit_events_no_update'], `UPDATE audit_events SET event = replace(event, 'agent.ana', 'agent.ben') WHERE device_id = 'gateway' AND type = 'auth.login'`)],
  ])('finds %s', async (_what, attack) => {
    const { dir, deviceId } = await storedTrail();
    await superuser(dir, attack(deviceId));
    const alerts = await chainBreaks(await restart(dir));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.message).toMatch(/failed verification/);
  });

  it.each([
    ['a dropped trigger', 'DROP TRIGGER audit_events_no_delete ON audit_events', 'audit_events_no_delete'],
    ['a trigger left disabled', 'ALTER TABLE alert_acks DISABLE TRIGGER alert_acks_no_update', 'alert_acks_no_update'],
    [
      'a guard function rewritten to let everything through',
      `CREATE OR REPLACE FUNCTION sentinel_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN COALESCE(NEW, OLD); END $$`,
      'audit_events_no_update',
    ],
  ])('reports %s and puts it back', async (_what, attack, name) => {
    const { dir } = await storedTrail();
    await superuser(dir, attack);
    const gateway = await restart(dir);
    const alerts = await chainBreaks(gateway);
    expect(alerts.map((a) => a.message).join('\n')).toMatch(new RegExp(`${name}.*were missing or altered`));
    // Put back as written: the next pass finds nothing, and the store refuses edits again.
    expect(await gateway.chainVerifier.verifyNow()).toEqual([]);
    await expect(superuser(dir, 'DELETE FROM audit_events')).rejects.toThrow(/append-only/);
  });
});
