// Issue 22: `npm run admin -- create-service-account` and `revoke-service-account`, run as real
// child processes on a real data folder (and its PostgreSQL database on that engine): the token
// is printed once and kept hashed, a second live account for the source is refused (exit 2), a
// missing reason is a usage error (exit 1), and both actions are on the gateway's audit chain. A
// contact-center platform's account is made the same way, and a gateway on that store takes its events.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { routes } from '../../../shared/api.ts';
import { buildGateway } from '../../../server/app.ts';
import { hashServiceToken } from '../../../server/records/service-accounts.ts';
import { openStore } from '../../../server/storage/open-store.ts';
import { AGENTS, connectEvent, signedJsonHeaders, TWILIO_TOKEN, TWILIO_URL } from '../../harness/gateway/contact-center.ts';
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

it('creates a contact-center platform account from the host, whose events a gateway on that store takes until it is revoked', async () => {
  const agents = join(dir, 'connect-agents.json');
  writeFileSync(agents, JSON.stringify({ [AGENTS.connectAna]: 'agent.ana' }));
  const tokenFile = join(dir, 'twilio-token');
  writeFileSync(tokenFile, `${TWILIO_TOKEN}\n`);
  const reason = ['--reason', 'Ticket OPS-9: connect the contact center'];
  const platform = (source: string, ...flags: string[]) => admin(['create-service-account', source, '--types', 'contact_event', ...flags, ...reason]);

  // Usage errors: a platform without contact_event, flags without --platform, Twilio without its URL and token, a broken agents file.
  expect((await admin(['create-service-account', 'connect-x', '--types', 'customer', '--platform', 'amazon-connect', ...reason])).code).toBe(1);
  expect((await platform('connect-x', '--agents', agents)).code).toBe(1);
  expect((await platform('twilio-x', '--platform', 'twilio-taskrouter', '--agents', agents)).code).toBe(1);
  writeFileSync(join(dir, 'broken-agents.json'), '{"a0": ');
  expect((await platform('connect-x', '--platform', 'amazon-connect', '--agents', join(dir, 'broken-agents.json'))).code).toBe(1);

  const connect = await platform('connect-eu', '--platform', 'amazon-connect', '--agents', agents);
  expect(connect.code, connect.stderr).toBe(0);
  expect(connect.stdout).toContain(`events to ${routes.contactEvents.path.replace(':source', 'connect-eu')}`);
  const secret = /webhook signing secret \(shown once\): (whsec_\S+)/.exec(connect.stdout)?.[1] ?? '';
  const accountId = /created service account (sa-\S+)/.exec(connect.stdout)?.[1] ?? '';
  const twilio = await platform('twilio-main', '--platform', 'twilio-taskrouter', '--agents', agents, '--callback-url', TWILIO_URL, '--auth-token-file', tokenFile);
  expect(twilio.code, twilio.stderr).toBe(0);
  expect(twilio.stdout).not.toContain(TWILIO_TOKEN);

  const database = await testDatabaseFor(dir);
  const store = await openStore({ dataDir: dir, database });
  try {
    expect((await store.serviceAccounts.findLiveBySource('connect-eu'))?.contactCenter).toEqual({ platform: 'amazon-connect', agents: { [AGENTS.connectAna]: 'agent.ana' } });
    const stored = await store.serviceAccounts.findLiveBySource('twilio-main');
    expect(stored?.contactCenter).toEqual({ platform: 'twilio-taskrouter', agents: { [AGENTS.connectAna]: 'agent.ana' }, callbackUrl: TWILIO_URL });
    expect(stored?.webhookSecretSealed).not.toContain(TWILIO_TOKEN);
  } finally {
    await store.close();
  }

  const gateway = await buildGateway({ dataDir: dir, database, logLevel: 'silent' });
  try {
    const url = await gateway.listen(0);
    const send = async (): Promise<number> => {
      const text = JSON.stringify(connectEvent({ eventType: 'QUEUED', contactId: randomUUID(), at: Date.now() }));
      const answer = await fetch(`${url}${routes.contactEvents.path.replace(':source', 'connect-eu')}`, { method: 'POST', headers: signedJsonHeaders(secret, text, Date.now()), body: text });
      return answer.status;
    };
    expect(await send()).toBe(200);
    expect((await admin(['revoke-service-account', accountId, '--reason', 'Moved to another region'])).code).toBe(0);
    expect(await send()).toBe(401);
  } finally {
    await gateway.close();
  }
});

it('creates an identity provider’s SCIM account from the host, whose token a gateway on that store takes at /scim/v2/ until it is revoked', async () => {
  const reason = ['--reason', 'Ticket IT-23: provision people from Entra ID'];
  // scim stands alone: an identity provider writes no records.
  expect((await admin(['create-service-account', 'entra-x', '--types', 'scim,customer', ...reason])).code).toBe(1);
  const created = await admin(['create-service-account', 'entra', '--types', 'scim', ...reason]);
  expect(created.code, created.stderr).toBe(0);
  const token = /bearer token \(shown once\): (sdsa_\S+)/.exec(created.stdout)?.[1] ?? '';
  const accountId = /created service account (sa-\S+)/.exec(created.stdout)?.[1] ?? '';
  const gateway = await buildGateway({ dataDir: dir, database: await testDatabaseFor(dir), logLevel: 'silent' });
  try {
    const url = await gateway.listen(0);
    const users = async (): Promise<number> => (await fetch(`${url}/scim/v2/Users`, { headers: { authorization: `Bearer ${token}` } })).status;
    expect(await users()).toBe(200);
    expect((await admin(['revoke-service-account', accountId, '--reason', 'Provider replaced'])).code).toBe(0);
    expect(await users()).toBe(401);
  } finally {
    await gateway.close();
  }
});
