// The production roles on PostgreSQL: an owner role migrates (npm run migrate)
// and the gateway runs as a role that owns nothing. The gateway works as that
// role (desks sign in and sync, the verifier passes), and the role is refused
// every trick a rewrite of the trail needs: dropping, disabling or replacing a
// guard, session_replication_role, TRUNCATE, DELETE and UPDATE on the audit
// tables or straight on a month partition, and any DDL.
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateAsOwner } from '../../../server/storage/gateway-role.ts';
import { openStore } from '../../../server/storage/open-store.ts';
import { postgresAdminUrl, TEST_ENGINE } from '../../harness/database/test-database.ts';
import { startGateway, type RunningGateway } from '../../harness/gateway/gateway.ts';
import { TestDevice } from '../../harness/device/device.ts';

const name = `roles_${process.pid}_${Date.now().toString(36)}`;
const owner = `${name}_owner`;
const gatewayRole = `${name}_gateway`;

/** A URL of the test database as `role`. */
function urlAs(role: string): string {
  const url = new URL(postgresAdminUrl());
  url.username = role;
  url.pathname = `/${name}`;
  return url.toString();
}

async function asAdmin(statements: readonly string[]): Promise<void> {
  const client = new pg.Client({ connectionString: postgresAdminUrl() });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

/** One statement (or script) on a fresh connection as the gateway's role. */
async function asGateway(script: string): Promise<void> {
  const client = new pg.Client({ connectionString: urlAs(gatewayRole) });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query(script);
  } finally {
    await client.end();
  }
}

const partition = `audit_events_${new Date().toISOString().slice(0, 7).replace('-', '_')}`;

describe.runIf(TEST_ENGINE === 'postgres')('the gateway as a role that owns no table', () => {
  let gw: RunningGateway;
  let deviceId: string;

  beforeAll(async () => {
    await asAdmin([`CREATE ROLE ${owner} LOGIN`, `CREATE ROLE ${gatewayRole} LOGIN`, `CREATE DATABASE ${name} OWNER ${owner} TEMPLATE template0`]);
    expect((await migrateAsOwner(urlAs(owner), gatewayRole)).applied).not.toEqual([]);
    gw = await startGateway({ customers: 2, database: urlAs(gatewayRole) });
    const device = new TestDevice();
    deviceId = device.deviceId;
    const { token } = await gw.login('agent.ana', { device });
    const entries = device.append(Array.from({ length: 4 }, () => device.event({ type: 'customer.view', target: { kind: 'customer', id: 'CUS-000001' } })));
    expect((await gw.route('auditBatches', { token, body: device.batch(entries) })).status).toBe(200);
    expect((await gw.route('heartbeat', { token, body: device.heartbeat(gw.clock.now()) })).status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await gw.close();
    await asAdmin([`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, `DROP ROLE IF EXISTS ${gatewayRole}`, `DROP ROLE IF EXISTS ${owner}`]);
  });

  it('serves desks and verifies the trail it stored', async () => {
    expect(await gw.gateway.chainVerifier.verifyNow()).toEqual([]);
    expect((await gw.gateway.store.audit.head(deviceId))?.seq).toBe(4);
  });

  it('creates the month partitions ahead through the one function that may', async () => {
    await expect(gw.gateway.retention.runNow()).resolves.toMatchObject({ dropped: [], overdue: [] });
    await gw.gateway.store.retention.ensurePartition('2099-01');
    expect(await gw.gateway.store.retention.attachedMonths()).toContain('2099-01');
  });

  it('is refused a role that could rewrite the trail, and names no role that is not there', async () => {
    await expect(migrateAsOwner(urlAs(owner), owner)).rejects.toThrow(/neither a superuser, nor the database owner/);
    await expect(migrateAsOwner(urlAs(owner), 'postgres')).rejects.toThrow(/neither a superuser/);
    await expect(migrateAsOwner(urlAs(owner), `${name}_nobody`)).rejects.toThrow(/does not exist/);
    await expect(migrateAsOwner(urlAs(owner), 'x; DROP TABLE audit_events')).rejects.toThrow(/not a role name/);
  });

  it('refuses to migrate as the gateway role, with a message that names the owner step', async () => {
    const fresh = `${name}_fresh`;
    await asAdmin([`CREATE DATABASE ${fresh} OWNER ${owner} TEMPLATE template0`]);
    try {
      const url = new URL(urlAs(gatewayRole));
      url.pathname = `/${fresh}`;
      await expect(openStore({ dataDir: '/nonexistent', database: url.toString() })).rejects.toThrow(/may not: run npm run migrate as the owner role/);
    } finally {
      await asAdmin([`DROP DATABASE IF EXISTS ${fresh} WITH (FORCE)`]);
    }
  });

  it.each([
    ['DROP TRIGGER', 'DROP TRIGGER audit_events_no_delete ON audit_events'],
    ['DISABLE TRIGGER', 'ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update'],
    ['DISABLE TRIGGER ALL', 'ALTER TABLE audit_batches DISABLE TRIGGER ALL'],
    ['a guard function replaced', 'CREATE OR REPLACE FUNCTION sentinel_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN COALESCE(NEW, OLD); END $$'],
    ['a new trigger', 'CREATE TRIGGER t BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION sentinel_refuse_change()'],
    ['SET session_replication_role', 'SET session_replication_role = replica'],
    ['SET LOCAL session_replication_role', 'BEGIN; SET LOCAL session_replication_role = replica; DELETE FROM audit_events; COMMIT'],
    ['TRUNCATE of the events', 'TRUNCATE audit_events'],
    ['TRUNCATE of the batches', 'TRUNCATE audit_batches'],
    ['TRUNCATE of a table the gateway edits', 'TRUNCATE users'],
    ['DELETE of events', 'DELETE FROM audit_events'],
    ['UPDATE of events', "UPDATE audit_events SET user_id = 'u-agent-ben'"],
    ['DELETE straight from the month partition', `DELETE FROM ${partition}`],
    ['UPDATE straight on the month partition', `UPDATE ${partition} SET outcome = 'failure'`],
    ['DETACH of the month partition', `ALTER TABLE audit_events DETACH PARTITION ${partition}`],
    ['DELETE of batches', 'DELETE FROM audit_batches'],
    ['UPDATE of batches', 'UPDATE audit_batches SET acked_through_seq = 1'],
    ['DELETE of a chain head', 'DELETE FROM device_heads'],
    ['DELETE of alerts', 'DELETE FROM alerts'],
    ['DELETE of alert acknowledgements', 'DELETE FROM alert_acks'],
    ['DELETE of the migration record', 'DELETE FROM schema_migrations'],
    ['DELETE of tree nodes', 'DELETE FROM tlog_nodes'],
    ['UPDATE of a leaf', 'UPDATE tlog_leaves SET seq = seq + 1'],
    ['DELETE of checkpoints', 'DELETE FROM tlog_checkpoints'],
    ['DELETE of the tree head', 'DELETE FROM tlog_head'],
    ['DROP TABLE', 'DROP TABLE audit_events'],
    ['CREATE TABLE', 'CREATE TABLE shadow (a int)'],
    ['becoming the owner', `SET ROLE ${owner}`],
  ])('refuses %s', async (_what, attack) => {
    await expect(asGateway(attack)).rejects.toThrow(/permission denied|must be owner|append-only|must be member/);
  });

  it('leaves the trail whole after every refused attack', async () => {
    expect(await gw.gateway.chainVerifier.verifyNow()).toEqual([]);
    expect((await gw.gateway.store.audit.head(deviceId))?.seq).toBe(4);
  });

  it('reports a guard the owner disabled, which its role may not put back, and the owner puts it back with migrate', async () => {
    const ownerClient = new pg.Client({ connectionString: urlAs(owner) });
    await ownerClient.connect();
    try {
      await ownerClient.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_delete');
    } finally {
      await ownerClient.end();
    }
    const breaks = await gw.gateway.chainVerifier.verifyNow();
    expect(breaks).toEqual([{ deviceId: null, problem: expect.stringContaining('audit_events_no_delete were missing or altered (this role may not restore them') as unknown }]);
    expect((await gw.gateway.alerts.list('open')).filter((a) => a.kind === 'audit_chain_break' && a.severity === 'critical')).toHaveLength(1);
    // The owner's command, as an operator runs it.
    const run = spawnSync(process.execPath, ['server/migrate-cli.ts', '--database', urlAs(owner), '--gateway-role', gatewayRole], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ applied: [], restoredGuards: ['audit_events_no_delete'] });
    expect(await gw.gateway.chainVerifier.verifyNow()).toEqual([]);
  });
});
