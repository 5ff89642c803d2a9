// Issue 22: `npm run admin -- create-service-account` and `revoke-service-account`, run as real
// child processes on a real data folder (and its PostgreSQL database on that engine): the token
// is printed once and kept hashed, a second live account for the source is refused (exit 2), a
// missing reason is a usage error (exit 1), and both actions are on the gateway's audit chain.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { hashServiceToken } from '../../../server/records/service-accounts.ts';
import { openStore } from '../../../server/storage/open-store.ts';
import { dropTestDatabase, testDatabaseFor } from '../../harness/database/test-database.ts';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '../../../server/admin-cli.ts');
const dir = mkdtempSync(join(tmpdir(), 'sentinel-sa-cli-'));

async function admin(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const database = await testDatabaseFor(dir);
  const all = [CLI, ...args, '--data', dir, ...(database === undefined ? [] : ['--database', database])];
  try {
    const { stdout, stderr } = await run(process.execPath, all, { timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

afterAll(async () => {
  await dropTestDatabase(dir);
  rmSync(dir, { recursive: true, force: true });
});

it('creates and revokes a service account from the host, each audited', async () => {
  const created = await admin(['create-service-account', 'shop', '--types', 'customer,order', '--reason', 'Ticket OPS-8: first load']);
  expect(created.code, created.stderr).toBe(0);
  const token = /bearer token \(shown once\): (sdsa_\S+)/.exec(created.stdout)?.[1] ?? '';
  const accountId = /created service account (sa-\S+)/.exec(created.stdout)?.[1] ?? '';
  expect(token).toMatch(/^sdsa_/);
  expect((await admin(['create-service-account', 'shop', '--types', 'customer', '--reason', 'Again please'])).code).toBe(2);
  expect((await admin(['create-service-account', 'psp', '--types', 'payment'])).code).toBe(1);
  expect((await admin(['revoke-service-account', accountId, '--reason', 'Contract ended'])).code).toBe(0);
  // A carrier whose webhooks are mapped by a file of declared mappings; a malformed file is a usage error.
  const mappings = join(dir, 'dhl-mappings.json');
  writeFileSync(mappings, JSON.stringify([{ type: 'shipment', version: { path: 'updated', as: 'epochMs' }, fields: { shipmentId: { path: 'id' }, status: { path: 'state', map: { transit: 'in_transit' } } } }]));
  const broken = join(dir, 'broken.json');
  writeFileSync(broken, JSON.stringify([{ type: 'shipment', fields: { shipmentId: { path: 'id', value: 'both' } } }]));
  expect((await admin(['create-service-account', 'carrier-dhl', '--types', 'shipment', '--reason', 'Ticket OPS-8', '--webhook-mappings', broken])).code).toBe(1);
  expect((await admin(['create-service-account', 'carrier-dhl', '--types', 'shipment', '--reason', 'Ticket OPS-8', '--webhook-mappings', mappings])).code).toBe(0);
  const store = await openStore({ dataDir: dir, database: await testDatabaseFor(dir) });
  try {
    const stored = await store.serviceAccounts.findByTokenHash(hashServiceToken(token));
    expect(stored).toMatchObject({ accountId, source: 'shop', recordTypes: ['customer', 'order'], createdBy: 'npm run admin' });
    expect(stored?.revokedAt).not.toBeNull();
    expect((await store.serviceAccounts.findLiveBySource('carrier-dhl'))?.webhookMappings[0]).toMatchObject({ type: 'shipment', fields: { status: { map: { transit: 'in_transit' } } } });
    const { events } = await store.audit.search({ limit: 50 });
    const kinds = events.map((e) => `${e.event.type}:${e.event.outcome}:${e.event.actor.username ?? ''}`).sort();
    expect(kinds).toEqual([
      'integration.account.create:failure:npm run admin',
      'integration.account.create:success:npm run admin',
      'integration.account.create:success:npm run admin',
      'integration.account.revoke:success:npm run admin',
    ]);
  } finally {
    await store.close();
  }
});
