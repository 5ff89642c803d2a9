// Issue 22 scope attacks by a source's token, over real HTTP on the run's engine:
// it reaches no person's or desk's route, and (not fixed) what it may overwrite
// of the records another source wrote.
import { expect } from 'vitest';
import { gatewayTest } from '../../harness/gateway/gateway-test.ts';
import { createSource, customerRecord } from '../../harness/records/source-records.ts';

const it = gatewayTest;

it('reaches no person\'s or desk\'s route with a service account\'s token', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const { token } = await createSource(gw, admin, 'reach', ['customer']);
  const answers = [
    await gw.route('lookup', { token, body: { by: 'customerId', value: 'CUS-000001' } }),
    await gw.route('currentCall', { token }),
    await gw.route('adminServiceAccounts', { token }),
    await gw.route('callFloor', { token, query: { minutes: 60 } }),
  ];
  expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401]);
});

// Got through, not fixed: sources are scoped by record type only, so any source allowed to write customers (a
// marketing tool, say) can overwrite the customers the shop wrote, their phone numbers included, and so choose whom a
// caller pops as. Owning records per source (or per field) is a design decision for issue 22, not a small fix.
it.fails('keeps a customer one source wrote from being rewritten by another source', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const shop = await createSource(gw, admin, 'shop-own', ['customer']);
  const other = await createSource(gw, admin, 'marketing', ['customer']);
  await gw.route('upsertRecord', { token: shop.token, body: { record: customerRecord('CUS-OWN-1') } });
  const rewrite = await gw.route('upsertRecord', { token: other.token, body: { record: customerRecord('CUS-OWN-1', 2, { phone: '+44 20 7946 0999' }) } });
  expect(rewrite.status).toBe(403);
});
