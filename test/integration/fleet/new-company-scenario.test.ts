// Issue 22's done-when, as a new company lives it, on a fresh PostgreSQL
// database with no demo data and two gateway instances on it: the first admin
// is bootstrapped with `npm run admin -- create-admin` (the real CLI) and sets
// up their account on first sign-in; the admin creates the service accounts of
// the shop and the carrier and an agent; `npm run import` (the real CLI, a
// child process) loads 100,000 generated customers with an order, a payment, a
// shipment and a subscription each; the agent, on a desk built from main's real
// services, sets up their account, finds one customer by each of the three
// identifiers and opens it; then the carrier's signed webhooks update that
// customer's parcel on the other instance, and each update shows on the open
// customer by itself. How long the import and each update took is annotated
// (timing is the benchmarks' to assert; this test asserts that it happens).
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { afterAll, expect, it } from 'vitest';
import type { Result } from '../../../shared/errors.ts';
import { CustomerRefreshSchema, type CustomerDetail, type LookupResult } from '../../../shared/schemas/customer.ts';
import type { MfaEnrolment, UserView } from '../../../shared/schemas/session.ts';
import type { WebhookMapping } from '../../../shared/schemas/webhook-mapping.ts';
import { startDeskTimers } from '../../../main/desk-timers.ts';
import { buildGateway, type Gateway } from '../../../server/app.ts';
import { currentTotp } from '../../../server/identity/totp.ts';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, webhookSignature } from '../../../server/records/webhook-receiver.ts';
import { dropTestDatabase, testDatabaseFor } from '../../harness/database/test-database.ts';
import { startDesk, type TestDesk } from '../../harness/desk/desk.ts';
import { gatewayClient, type GatewayClient } from '../../harness/gateway/gateway.ts';
import { customerRecords, RECORDS_PER_CUSTOMER, writeImportFile } from '../../harness/records/import-files.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../../..');
const CUSTOMERS = 100_000;
/** The customer the agent is asked about: one near the end of the file. */
const CALLER = 98_765;
const UPDATES = 5;

const dir = mkdtempSync(join(tmpdir(), 'sentinel-new-company-'));
const dataDir = join(dir, 'data');
const gateways: Gateway[] = [];
afterAll(async () => {
  for (const gateway of gateways.reverse()) await gateway.close();
  await dropTestDatabase(dir);
  rmSync(dir, { recursive: true, force: true });
});

const where = async (): Promise<string[]> => {
  const database = await testDatabaseFor(dir, { empty: true });
  if (database === undefined) throw new Error('the scenario runs on PostgreSQL only (SENTINEL_TEST_DATABASE=postgres)');
  return ['--data', dataDir, '--database', database];
};

/** A new instance of the deployment: the one database, and the data folder its secrets live in. */
async function startInstance(name: string): Promise<{ client: GatewayClient; url: string }> {
  const gateway = await buildGateway({
    dataDir,
    database: await testDatabaseFor(dir, { empty: true }),
    logLevel: 'info',
    logDestination: pino.destination({ dest: join(dir, `gateway-${name}.log`), sync: true, append: true }),
  });
  gateways.push(gateway);
  const url = await gateway.listen(0);
  return { url, client: gatewayClient(url, { clock: { now: () => Date.now() }, totpSecret: () => Promise.reject(new Error('no demo accounts here')), enrolment: null }) };
}

const secretOf = (enrolment: MfaEnrolment): string => new URL(enrolment.otpauthUri).searchParams.get('secret') ?? '';
/** A channel call through the desk's router that must succeed. */
async function deskCall<T>(desk: TestDesk, channel: string, payload: unknown): Promise<T> {
  const answer = (await desk.router.handle(channel, payload)) as Result<T>;
  if (!answer.ok) throw new Error(`${channel}: ${answer.error.code} ${answer.error.message}`);
  return answer.value;
}

const STATES = { transit: 'in_transit', out: 'out_for_delivery', delivered: 'delivered', problem: 'exception' } as const;
const CARRIER_MAPPING: WebhookMapping = {
  when: { path: 'event', equals: 'parcel.scan' },
  type: 'shipment',
  version: { path: 'parcel.scannedAt', as: 'epochMs' },
  fields: {
    shipmentId: { path: 'parcel.reference' },
    orderId: { path: 'parcel.order' },
    carrier: { value: 'DHL' },
    trackingNumber: { path: 'parcel.awb' },
    status: { path: 'parcel.state', map: STATES },
    eta: { path: 'parcel.eta' },
    trackingUrl: { value: null },
    history: { path: 'parcel.scans', each: { at: { path: 'at' }, status: { path: 'state', map: STATES }, location: { path: 'where' } } },
  },
};

it('takes a new company from an empty database to a live parcel update on the agent’s open customer', async ({ annotate }) => {
  const started = performance.now();
  // 1. The first admin, as a new company creates them.
  const bootstrap = await run(process.execPath, [join(ROOT, 'server/admin-cli.ts'), 'create-admin', 'first.admin', ...(await where())]);
  const oneTime = /one-time password .*\): (\S+)/.exec(bootstrap.stdout)?.[1] ?? '';
  const enrolmentCode = /enrolment code .*\): (\S+)/.exec(bootstrap.stdout)?.[1] ?? '';
  const a = await startInstance('a');
  const b = await startInstance('b');

  const signedIn = await a.client.attemptLogin('first.admin', oneTime, { enrolment: { kind: 'code', secret: enrolmentCode } });
  expect(signedIn.body.user.pendingSetup).toEqual(['password_change', 'mfa_enrolment']);
  const changed = await a.client.route('changePassword', { token: signedIn.body.tokens.accessToken, body: { currentPassword: oneTime, newPassword: 'Copper kettle on a quiet shelf 7' } });
  const adminMfa = await a.client.route('startMfa', { body: {}, token: changed.body.tokens.accessToken });
  const adminSession = await a.client.route('confirmMfa', { token: changed.body.tokens.accessToken, body: { code: await currentTotp(secretOf(adminMfa.body), Date.now()) } });
  expect(adminSession.body.user.pendingSetup ?? []).toEqual([]);
  const admin = adminSession.body.tokens.accessToken;

  // 2. The admin's service accounts: the shop for the first load, the carrier for its webhooks; and an agent with a desk code.
  const reason = 'Ticket OPS-1: connect the shop and the carrier';
  const shop = await a.client.route('adminCreateServiceAccount', { token: admin, body: { source: 'shop', recordTypes: ['customer', 'order', 'payment', 'shipment', 'subscription'], reason, webhookMappings: [] } });
  expect(shop.status).toBe(200);
  const carrier = await a.client.route('adminCreateServiceAccount', { token: admin, body: { source: 'carrier-dhl', recordTypes: ['shipment'], reason, webhookMappings: [CARRIER_MAPPING] } });
  expect(carrier.status).toBe(200);
  const carrierSecret = carrier.body.webhookSecret;
  if (carrierSecret === null) throw new Error('a records source is granted a webhook secret');
  const agent = await a.client.route('adminCreateUser', { token: admin, body: { username: 'agent.lena', displayName: 'Lena Agent', roles: ['agent'], reason: 'Ticket HR-12: new starter' } });
  const deskCode = await a.client.route('issueEnrolment', { token: admin, body: { kind: 'code', reason: 'Ticket HR-12: Lena’s desk' } });

  // 3. The first load, by the real importer.
  const file = join(dir, 'shop-export.ndjson');
  const lines = await writeImportFile(file, { customers: CUSTOMERS, format: 'ndjson' });
  const importArgs = [join(ROOT, 'server/import-cli.ts'), '--source', 'shop', '--file', file, ...(await where())];
  const importStarted = performance.now();
  const imported = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, importArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
  const importSeconds = (performance.now() - importStarted) / 1000;
  expect(imported.code, imported.stderr.slice(-2000)).toBe(0);
  expect(imported.stdout).toContain(`stored ${(CUSTOMERS * RECORDS_PER_CUSTOMER).toLocaleString('en-US')}, updated 0, unchanged 0, stale 0, refused 0`);
  await annotate(`npm run import: ${lines.toLocaleString('en-US')} records of ${CUSTOMERS.toLocaleString('en-US')} customers in ${importSeconds.toFixed(1)} s (${Math.round(lines / importSeconds).toLocaleString('en-US')} records/s), on a shared 2-core machine`);

  // 4. The agent's desk: first sign-in with the desk code, a new password and MFA, then a full session.
  await using desk = await startDesk(a.url);
  const first = await deskCall<UserView>(desk, 'session.login', { username: 'agent.lena', password: agent.body.oneTimePassword, enrolmentCode: deskCode.body.secret });
  expect(first.pendingSetup).toEqual(['password_change', 'mfa_enrolment']);
  await deskCall(desk, 'account.changePassword', { currentPassword: agent.body.oneTimePassword, newPassword: 'Seven lanterns along the harbour wall 7' });
  const agentMfa = await deskCall<MfaEnrolment>(desk, 'account.startMfa', {});
  await deskCall(desk, 'account.confirmMfa', { code: await currentTotp(secretOf(agentMfa), Date.now()) });
  expect(desk.session.state()).toMatchObject({ status: 'active', user: { username: 'agent.lena' } });

  // 5. The caller, found by each of the three identifiers.
  const records = customerRecords(CALLER);
  const dataOf = (type: string) => records.find((r) => r.type === type)?.data as Record<string, string> & { card: { number: string } };
  const customerId = dataOf('customer').customerId;
  for (const request of [
    { by: 'customerId', value: customerId },
    { by: 'order', value: dataOf('order').orderId },
    { by: 'card', value: dataOf('payment').card.number },
  ]) {
    const found = await deskCall<LookupResult>(desk, 'customers.lookup', request);
    expect(found.results.map((r) => r.customerId), request.by).toEqual([customerId]);
  }
  const opened = await deskCall<CustomerDetail>(desk, 'customers.get', { customerId });
  const shipment = opened.orders[0]?.shipments[0];
  expect(shipment?.status).toBe('in_transit');
  await deskCall(desk, 'customers.follow', { customerId, revision: opened.revision });

  // 6. The carrier's scans arrive on instance B; the desk follows on A at its production period.
  const timers = startDeskTimers({ desk, idleSeconds: () => 0, periods: { idleCheckMs: 1000, syncMs: 1000, heartbeatMs: 10_000, maintenanceMs: 600_000 } });
  const latencies: number[] = [];
  try {
    const states = ['out', 'problem', 'transit', 'out', 'delivered'] as const;
    for (let i = 0; i < UPDATES; i++) {
      const scannedAt = new Date(Date.now() - (UPDATES - i) * 1000).toISOString();
      const state = states[i % states.length] ?? 'delivered';
      const body = {
        event: 'parcel.scan',
        parcel: { reference: shipment?.shipmentId, order: opened.orders[0]?.orderId, awb: shipment?.trackingNumber, state, eta: '2026-11-06', scannedAt, scans: [{ at: scannedAt, state, where: `Depot ${i + 1}, Utrecht` }] },
      };
      const timestamp = String(Math.floor(Date.now() / 1000));
      const sent = performance.now();
      const delivered = await b.client.route('receiveWebhook', {
        params: { source: 'carrier-dhl' },
        body,
        headers: { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: webhookSignature(carrierSecret, timestamp, JSON.stringify(body)) },
      });
      expect(delivered.body).toMatchObject({ ok: true, type: 'shipment', outcome: 'updated' });
      const shown = (): boolean =>
        desk.pushed.some((p) => {
          const refresh = p.event === 'customer.updated' ? CustomerRefreshSchema.parse(p.payload) : null;
          return refresh?.status === 'updated' && refresh.detail.orders[0]?.shipments[0]?.history.at(-1)?.location === `Depot ${i + 1}, Utrecht`;
        });
      await expect.poll(shown, { interval: 10 }).toBe(true);
      latencies.push(performance.now() - sent);
    }
  } finally {
    timers.stop();
  }
  expect(desk.pushed.filter((p) => p.event === 'customer.updated')).toHaveLength(UPDATES);
  const sorted = [...latencies].sort((x, y) => x - y);
  await annotate(`webhook on B to the open customer on A: ${sorted.map((ms) => Math.round(ms)).join(', ')} ms (${UPDATES} updates; poll period 1 s)`);
  await annotate(`whole scenario: ${((performance.now() - started) / 1000).toFixed(1)} s`);
}, 900_000);
