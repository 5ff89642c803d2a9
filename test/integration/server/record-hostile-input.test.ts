// Issue 22: hostile and malformed input to the record routes, over real HTTP
// on the run's engine. Oversized bodies and batches, deep nesting, non-objects,
// prototype keys and arbitrary JSON (fast-check) get a typed refusal per
// record or for the request, never a server error, and store nothing.
import fc from 'fast-check';
import { expect } from 'vitest';
import { RECORD_BATCH_MAX } from '../../../shared/schemas/records.ts';
import { gatewayTest } from '../../harness/gateway/gateway-test.ts';
import { createSource, customerRecord } from '../../harness/records/source-records.ts';

const it = gatewayTest;

it('refuses oversized, deep, odd and arbitrary records with typed errors and stores nothing from them', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const { token } = await createSource(gw, admin, 'fuzz', ['customer']);
  const before = await gw.gateway.store.customers.count();

  const tooMany = await gw.route('upsertRecords', { token, body: { records: Array.from({ length: RECORD_BATCH_MAX + 1 }, (_, i) => customerRecord(`CUS-H-${i}`)) } });
  expect(tooMany.status).toBe(400);
  const huge = await gw.call('POST', '/v1/records/batch', { token, body: { records: [customerRecord('CUS-H-X', 1, { displayName: 'x'.repeat(5 * 1024 * 1024) })] } });
  expect(huge.status).toBe(413);
  const notObject = await gw.call('POST', '/v1/records/batch', { token, body: { records: ['customer', 1, null] } });
  expect(notObject.status).toBe(400);

  let deep: Record<string, unknown> = { leaf: 'x' };
  for (let i = 0; i < 40; i++) deep = { next: deep };
  const odd = [
    { ...customerRecord('CUS-H-1'), data: deep },
    { ...customerRecord('CUS-H-3'), version: 1.5 },
    { ...customerRecord('CUS-H-4'), extra: true },
    { type: 'customer' },
  ];
  const { body } = await gw.route('upsertRecords', { token, body: { records: odd } });
  expect(body.results.map((r) => (r.ok ? 'ok' : r.code))).toEqual(['invalid_record', 'invalid_record', 'invalid_record', 'invalid_record']);
  // A prototype key is refused with the whole request, by the JSON parser, before any record is read.
  const proto = await gw.call('POST', '/v1/records/batch', {
    token,
    rawBody: '{"records":[{"type":"customer","version":1,"data":{"__proto__":{"customerId":"CUS-H-2"}}}]}',
    headers: { 'content-type': 'application/json' },
  });
  expect(proto.status).toBe(400);

  await fc.assert(
    fc.asyncProperty(fc.array(fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 4 })), { minLength: 1, maxLength: 20 }), async (records) => {
      const answer = await gw.route('upsertRecords', { token, body: { records } });
      // Fastify's JSON parser refuses prototype-poisoning keys with the whole request; everything else is answered per record.
      if (/"(__proto__|constructor)"/.test(JSON.stringify(records))) expect(answer.status).toBe(400);
      else expect(answer.body.results).toHaveLength(records.length);
    }),
    { numRuns: 60, seed: 20_261_207 },
  );
  expect(await gw.gateway.store.customers.count()).toBe(before);
});
