// Issue 22 attacks on the card-number gate from the places the record-pan-refusal
// test does not plant one: a key too long for the schema (refused before the DLP
// gate, by the route's own parser), a webhook payload's key, the idempotency key,
// a webhook's source name and signature headers, and what an admin
// declares for a source (its name, its webhook mappings' constants, tables and paths),
// over real HTTP on the run's engine. Every answer, and the database afterwards,
// is scanned with the harness's own scanner.
import { expect } from 'vitest';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, webhookSignature } from '../../../server/records/webhook-receiver.ts';
import type { WebhookMapping } from '../../../shared/schemas/webhook-mapping.ts';
import { filesAtRest } from '../../harness/database/raw-database.ts';
import { gatewayTest } from '../../harness/gateway/gateway-test.ts';
import { digitStreams, sentNumbersIn } from '../../harness/leaks/digit-stream-scan.ts';
import { dashedPan } from '../../harness/leaks/pan-forms.ts';
import { createSource, customerRecord, SOURCE_REASON, testPan } from '../../harness/records/source-records.ts';

const it = gatewayTest;

const leaksIn = (text: string, sent: readonly string[]): string[] => [...sentNumbersIn(digitStreams(text), sent)].map((pan) => `…${pan.slice(-4)}`);

it('echoes and keeps no card number from a key too long for the schema, an idempotency key, a webhook\'s source name or headers', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const { token, webhookSecret } = await createSource(gw, admin, 'long-keys', ['customer'], [
    { type: 'customer', version: { value: 1 }, fields: { customerId: { path: 'id' } } },
  ]);
  const pan = testPan('4', 16);
  const key = `note ${dashedPan(pan)} ${'x'.repeat(200)}`;
  const single = await gw.route('upsertRecord', { token, body: { record: { ...customerRecord('CUS-LK-1'), [key]: 1 } } });
  const batch = await gw.route('upsertRecords', { token, body: { records: [{ ...customerRecord('CUS-LK-2'), [key]: 1 }] } });
  const payload = { id: 'CUS-LK-3', [key]: 1 };
  const timestamp = String(Math.floor(gw.clock.now() / 1000));
  const webhook = await gw.route('receiveWebhook', {
    params: { source: 'long-keys' },
    body: payload,
    headers: { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: webhookSignature(webhookSecret, timestamp, JSON.stringify(payload)) },
  });
  // In the idempotency key, in the source name of a webhook's address, and in its signature headers.
  const keyed = await gw.route('upsertRecord', { token, body: { record: customerRecord('CUS-LK-4'), idempotencyKey: dashedPan(pan) } });
  const named = await gw.call('POST', `/v1/webhooks/a${dashedPan(pan)}`, { body: { id: 'CUS-LK-5' }, headers: { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: 'v1=x' } });
  const headed = await gw.call('POST', '/v1/webhooks/long-keys', { body: { id: 'CUS-LK-5' }, headers: { [TIMESTAMP_HEADER]: pan, [SIGNATURE_HEADER]: `v1=${pan}` } });
  const answers = [single, batch, webhook, keyed, named, headed];
  expect(answers.map((a) => a.status)).toEqual([400, 400, 400, 400, 401, 401]);
  expect(leaksIn(answers.map((a) => a.text).join('\n'), [pan])).toEqual([]);
  const places: string[] = [];
  for (const file of await filesAtRest(gw)) for (const found of sentNumbersIn(digitStreams(file.bytes), [pan])) places.push(`…${found.slice(-4)} in ${file.name}`);
  expect(places).toEqual([]);
  // The refusal still says where: the key's place, its card number masked.
  expect(single.json).toMatchObject({ error: { code: 'invalid_request' } });
  expect(single.text).toContain('body: record.note [card');
});

it('refuses a card number an admin writes into a source\'s name or its webhook mappings, and keeps it nowhere', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const pan = testPan('51', 16);
  const grouped = dashedPan(pan);
  const mapping = (rule: Partial<WebhookMapping>): WebhookMapping => ({ type: 'shipment', version: { value: 1 }, fields: { shipmentId: { path: 'id' } }, ...rule });
  const attempts = [
    { source: `a${grouped}`, webhookMappings: [] },
    { source: 'dlp-const', webhookMappings: [mapping({ fields: { shipmentId: { path: 'id' }, carrier: { value: `card ${pan}` } } })] },
    { source: 'dlp-table', webhookMappings: [mapping({ fields: { shipmentId: { path: 'id' }, status: { path: 's', map: { [grouped]: 'delivered' } } } })] },
    { source: 'dlp-when', webhookMappings: [mapping({ when: { path: 'event', equals: grouped } })] },
    { source: 'dlp-path', webhookMappings: [mapping({ fields: { shipmentId: { path: `data.${grouped}` } } })] },
  ];
  const answers = [];
  for (const { source, webhookMappings } of attempts) {
    answers.push(await gw.route('adminCreateServiceAccount', { token: admin, body: { source, recordTypes: ['shipment'], reason: SOURCE_REASON, webhookMappings } }));
  }
  expect(answers.map((a) => [a.status, (a.json as { error?: { code?: string } }).error?.code])).toEqual(answers.map(() => [422, 'pan_in_text']));
  expect(leaksIn(answers.map((a) => a.text).join('\n'), [pan])).toEqual([]);
  const places: string[] = [];
  for (const file of await filesAtRest(gw)) for (const found of sentNumbersIn(digitStreams(file.bytes), [pan])) places.push(`…${found.slice(-4)} in ${file.name}`);
  expect(places).toEqual([]);
});

// Got through, not fixed: the gate reads each field (and key) on its own, and a card number written in an encoding
// it does not decode is not one to it. Catching a PAN split over fields means scanning joins of fields (and their
// false positives: a phone number next to a postcode); catching base64 means decoding every token that could be
// base64. Both are a design decision for the DLP (shared/pan.ts), not a small fix here.
it.fails('refuses a card number split across two fields of one record', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const { token } = await createSource(gw, admin, 'dlp-split', ['customer']);
  const pan = testPan('4', 16);
  const split = await gw.route('upsertRecord', { token, body: { record: customerRecord('CUS-SPLIT-1', 1, { displayName: pan.slice(0, 8), city: pan.slice(8) }) } });
  expect(split.status).toBe(422);
});

it.fails('refuses a card number written in base64', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const { token } = await createSource(gw, admin, 'dlp-base64', ['customer']);
  const encoded = await gw.route('upsertRecord', { token, body: { record: customerRecord('CUS-B64-1', 1, { city: Buffer.from(testPan('4', 16)).toString('base64') }) } });
  expect(encoded.status).toBe(422);
});
