// Issue 22 attacks by racing: what an insider holding a source's token (or an
// admin) gets by sending requests at once, over real HTTP on the run's engine.
// One idempotency key under different bodies, one source's account created
// twice at once, and a write in flight while its account is revoked.
import { expect } from 'vitest';
import { gatewayTest } from '../../harness/gateway/gateway-test.ts';
import { openRawDatabase } from '../../harness/database/raw-database.ts';
import { TEST_ENGINE } from '../../harness/database/test-database.ts';
import { createSource, customerRecord, SOURCE_REASON } from '../../harness/records/source-records.ts';
import { recordLockKey } from '../../../server/storage/repos/record-repo.ts';

const it = gatewayTest;

it('stores one request per idempotency key when different bodies race under it', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const { token } = await createSource(gw, admin, 'race-key', ['customer']);
  const ids = Array.from({ length: 12 }, (_, i) => `CUS-IK-${i}`);
  const answers = await Promise.all(ids.map((id) => gw.route('upsertRecords', { token, body: { records: [customerRecord(id)], idempotencyKey: 'raced-key-0001' } })));
  const stored = [];
  for (const id of ids) if ((await gw.gateway.store.customers.detail(id)) !== null) stored.push(id);
  // The key was taken once: one body's record is stored, every other body is refused, and each answer says what happened.
  expect(stored).toHaveLength(1);
  const winner = ids.indexOf(stored[0] ?? '');
  expect(answers.map((a) => a.status)).toEqual(ids.map((_, i) => (i === winner ? 200 : 409)));
});

it('lets one of several accounts raced into existence for one source live', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const body = { source: 'race-source', recordTypes: ['customer' as const], reason: SOURCE_REASON, webhookMappings: [] };
  const answers = await Promise.all(Array.from({ length: 8 }, () => gw.route('adminCreateServiceAccount', { token: admin, body })));
  expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
  const live = (await gw.route('adminServiceAccounts', { token: admin })).body.filter((a) => a.source === 'race-source' && a.revokedAt === null);
  expect(live).toHaveLength(1);
  // Only the granted token writes.
  const tokens = answers.flatMap((a) => (a.status === 200 ? [a.body.token] : []));
  expect((await gw.route('upsertRecord', { token: tokens[0] ?? '', body: { record: customerRecord('CUS-RS-1') } })).status).toBe(200);
});

// Held deterministically only on PostgreSQL: a connection of the test's own holds the record's lock, so the write,
// already past its token check, waits inside its transaction while the revocation is sent. SQLite runs one
// transaction at a time in the gateway's one connection and offers no such point to hold a write at.
it.skipIf(TEST_ENGINE === 'sqlite')('lands no write after its account\'s revocation was answered', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const grant = await createSource(gw, admin, 'race-revoke', ['customer']);
  const lock = recordLockKey('customer', 'CUS-RV-1');
  const raw = await openRawDatabase(gw);
  const waiting = async (): Promise<number> => Number((await raw.rows<{ n: string }>('SELECT count(*) AS n FROM pg_locks WHERE NOT granted'))[0]?.n);
  try {
    await raw.rows('SELECT pg_advisory_lock(hashtextextended($1, 0))', [lock]);
    const write = gw.route('upsertRecord', { token: grant.token, body: { record: customerRecord('CUS-RV-1') } });
    await expect.poll(waiting, { timeout: 10_000 }).toBe(1);
    let revokeAnswered = false;
    const revoke = gw.route('adminRevokeServiceAccount', { token: admin, params: { accountId: grant.account.accountId }, body: { reason: 'Token leaked' } }).then(async (answer) => {
      revokeAnswered = true;
      return { answer, landedBefore: (await gw.gateway.store.customers.detail('CUS-RV-1')) !== null };
    });
    // The revocation has either been answered or waits for the write in flight; then the write may go on.
    await expect.poll(async () => revokeAnswered || (await waiting()) === 2, { timeout: 10_000 }).toBe(true);
    await raw.rows('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lock]);
    const { answer, landedBefore } = await revoke;
    expect(answer.status).toBe(200);
    const written = await write;
    const landed = (await gw.gateway.store.customers.detail('CUS-RV-1')) !== null;
    // Nothing of the write appeared after the revocation was answered, and the write's answer says whether it landed.
    expect(landed).toBe(landedBefore);
    expect(written.status).toBe(landed ? 200 : 401);
  } finally {
    await raw.close();
  }
});
