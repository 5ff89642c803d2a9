// Issue 22: service accounts of the systems of record, over real HTTP on the
// run's engine. An admin creates one per source with a reason (token shown
// once, kept hashed), scoped to record types; it writes only those; revoked,
// its token stops working; a person's session never reaches a source's route;
// every step is on the gateway's audit chain with the right actor.
import { sql } from 'kysely';
import { expect } from 'vitest';
import { gatewayTest } from '../../harness/gateway/gateway-test.ts';
import { gatewayAuditEvents } from '../../harness/gateway/admin.ts';
import { openRawKysely } from '../../harness/database/raw-database.ts';
import { createSource, customerRecord, orderRecord, SOURCE_REASON } from '../../harness/records/source-records.ts';

const it = gatewayTest;

it('lets an admin create a scoped service account whose token is shown once and kept only as a hash', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const grant = await createSource(gw, admin, 'shop', ['customer', 'order']);
  expect(grant.account).toMatchObject({ source: 'shop', recordTypes: ['customer', 'order'], reason: SOURCE_REASON, createdBy: 'admin.ivan', revokedAt: null });
  const listed = await gw.route('adminServiceAccounts', { token: admin });
  expect(listed.body.map((a) => a.accountId)).toContain(grant.account.accountId);
  expect(listed.text).not.toContain(grant.token);
  const raw = openRawKysely(gw);
  const { rows } = await sql<{ token_hash: string; webhook_secret_sealed: string }>`SELECT token_hash, webhook_secret_sealed FROM service_accounts WHERE account_id = ${grant.account.accountId}`
    .execute(raw)
    .finally(() => raw.destroy());
  expect(rows).toHaveLength(1);
  expect(rows[0]?.token_hash).not.toContain(grant.token.slice(5));
  expect(rows[0]?.webhook_secret_sealed).not.toContain(grant.webhookSecret.slice(6));
  const [created] = (await gatewayAuditEvents(gw, 'integration.account.create')).filter((e) => e.target.id === grant.account.accountId);
  expect(created).toMatchObject({ outcome: 'success', actor: { username: 'admin.ivan', roles: ['admin'] }, details: { source: 'shop', reason: SOURCE_REASON } });
});

it('refuses a second live account for one source, and every role but admin', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  await createSource(gw, admin, 'psp', ['payment']);
  const again = await gw.route('adminCreateServiceAccount', { token: admin, body: { source: 'psp', recordTypes: ['payment'], reason: SOURCE_REASON } });
  expect(again.status).toBe(409);
  for (const user of ['agent.ana', 'sup.sara']) {
    const { token } = await gw.login(user);
    const answer = await gw.route('adminCreateServiceAccount', { token, body: { source: `x-${user.replace('.', '-')}`, recordTypes: ['payment'], reason: SOURCE_REASON } });
    expect(answer.status).toBe(403);
  }
  const malformed = await gw.call('POST', '/v1/admin/service-accounts', { token: admin, body: { source: 'Bad Name!', recordTypes: ['customer', 'customer'], reason: '' } });
  expect(malformed.status).toBe(400);
});

it('writes only the record types the source is scoped for, with the service account as the audit actor', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const grant = await createSource(gw, admin, 'crm', ['customer']);
  const ok = await gw.route('upsertRecord', { token: grant.token, body: { record: customerRecord('CUS-SA-1') } });
  expect(ok.body).toMatchObject({ ok: true, type: 'customer', id: 'CUS-SA-1', outcome: 'stored' });
  const outside = await gw.route('upsertRecord', { token: grant.token, body: { record: orderRecord('ORD-SA-1', 'CUS-SA-1') } });
  expect(outside.status).toBe(403);
  expect(outside.json).toMatchObject({ error: { code: 'forbidden' }, refusal: 'type_not_allowed', field: 'type' });
  const batch = await gw.route('upsertRecords', { token: grant.token, body: { records: [orderRecord('ORD-SA-2', 'CUS-SA-1'), customerRecord('CUS-SA-2')] } });
  expect(batch.body.results[0]).toMatchObject({ ok: false, index: 0, code: 'type_not_allowed', field: 'type' });
  expect(batch.body.results[1]).toEqual({ ok: true, index: 1, type: 'customer', id: 'CUS-SA-2', outcome: 'stored' });
  expect(await gw.gateway.store.customers.detail('CUS-SA-2')).not.toBeNull();
  expect((await gw.gateway.store.customers.findCustomerIds({ by: 'order', value: 'ORD-SA-2' }, 5))).toEqual([]);
  const writes = (await gatewayAuditEvents(gw, 'record.write')).filter((e) => e.actor.userId === grant.account.accountId);
  expect(writes.length).toBe(3);
  expect(writes[0]).toMatchObject({ actor: { username: 'source:crm', roles: [] }, target: { kind: 'record' } });
  expect(writes.at(-1)?.details).toMatchObject({ source: 'crm', stored: 1, refused: 1 });
});

it('stops a revoked token at once, and audits the revocation', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const grant = await createSource(gw, admin, 'carrier-dhl', ['customer']);
  const revoked = await gw.route('adminRevokeServiceAccount', { token: admin, params: { accountId: grant.account.accountId }, body: { reason: 'Contract ended' } });
  expect(revoked.body.revokedAt).not.toBeNull();
  const after = await gw.route('upsertRecord', { token: grant.token, body: { record: customerRecord('CUS-SA-9') } });
  expect(after.status).toBe(401);
  const twice = await gw.route('adminRevokeServiceAccount', { token: admin, params: { accountId: grant.account.accountId }, body: { reason: 'Contract ended' } });
  expect(twice.status).toBe(404);
  const events = (await gatewayAuditEvents(gw, 'integration.account.revoke')).filter((e) => e.target.id === grant.account.accountId);
  expect(events.map((e) => e.outcome)).toEqual(['success', 'failure']);
  // The source's name is free again for a new account.
  await createSource(gw, admin, 'carrier-dhl', ['shipment']);
});

it('never lets a person, or no one, reach a source route', async ({ gw }) => {
  const anonymous = await gw.route('upsertRecord', { body: { record: customerRecord('CUS-SA-5') } });
  expect(anonymous.status).toBe(401);
  const forged = await gw.route('upsertRecord', { token: `sdsa_${'A'.repeat(43)}`, body: { record: customerRecord('CUS-SA-5') } });
  expect(forged.status).toBe(401);
  for (const user of ['agent.ana', 'admin.ivan']) {
    const { token } = await gw.login(user);
    const answer = await gw.route('upsertRecord', { token, body: { record: customerRecord('CUS-SA-5') } });
    expect(answer.status).toBe(403);
  }
  expect(await gw.gateway.store.customers.detail('CUS-SA-5')).toBeNull();
});
