// Issue 22 attacks on the card-number gate from the places the record-pan-refusal
// test does not plant one: a key too long for the schema (refused before the DLP
// gate, by the route's own parser), a webhook payload's key, the idempotency key,
// a webhook's source name and signature headers, and what an admin
// declares for a source (its name, its webhook mappings' constants, tables and paths),
// over real HTTP on the run's engine. Every answer, and the database afterwards,
// is scanned with the harness's own scanner.
import { expect } from 'vitest';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, webhookSignature } from '../../../server/records/webhook-receiver.ts';
import { luhnValid } from '../../../shared/pan.ts';
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

// The gate reads the whole record as one document (shared/pan-document.ts): a card number split over pieces with only
// punctuation between them in canonical order (array items, a key and its value) is one number to it, a key with no
// letter or digit is refused, and base64 is decoded. Values with a named key between them stay apart (the decision, in
// that file's comment): a phone number beside a postcode is not read as one number, so an honest customer is stored.
it('refuses a card number split over array items, a key and its value, or around a punctuation key, and stores a phone beside a postcode', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const { token } = await createSource(gw, admin, 'dlp-split', ['customer']);
  const pan = testPan('4', 16);
  const [head, tail] = [pan.slice(0, 8), pan.slice(8)];
  const planted = [
    { notes: [head, tail] },
    { extra: { [head]: tail } },
    { a: `caller gave ${head}`, '-': `${tail} as card` },
  ];
  const answers = [];
  for (const [i, extra] of planted.entries()) answers.push(await gw.route('upsertRecord', { token, body: { record: { ...customerRecord(`CUS-SPLIT-${i}`), ...extra } } }));
  expect(answers.map((a) => [a.status, (a.json as { refusal?: string }).refusal])).toEqual([
    [422, 'pan_refused'],
    [422, 'pan_refused'],
    [400, 'invalid_record'],
  ]);
  expect(leaksIn(answers.map((a) => a.text).join('\n'), [pan])).toEqual([]);
  // A Berlin number whose digits, joined with its postcode's, make a Luhn-valid Visa: stored, named keys between.
  let subscriber = 1_000_000;
  while (!luhnValid(`4930${subscriber}10115`)) subscriber++;
  const honest = await gw.route('upsertRecord', { token, body: { record: customerRecord('CUS-SPLIT-OK', 1, { phone: `+49 30 ${subscriber}`, postcode: '10115' }) } });
  expect(honest.status).toBe(200);
  const places: string[] = [];
  for (const file of await filesAtRest(gw)) for (const found of sentNumbersIn(digitStreams(file.bytes), [pan])) places.push(`…${found.slice(-4)} in ${file.name}`);
  expect(places).toEqual([]);
});

it('refuses a card number written in base64', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const { token } = await createSource(gw, admin, 'dlp-base64', ['customer']);
  const pan = testPan('4', 16);
  const encoded = await gw.route('upsertRecord', { token, body: { record: customerRecord('CUS-B64-1', 1, { city: Buffer.from(pan).toString('base64') }) } });
  expect(encoded.status).toBe(422);
  expect(encoded.json).toMatchObject({ refusal: 'pan_refused', field: 'data.city' });
  const places: string[] = [];
  for (const file of await filesAtRest(gw)) for (const found of sentNumbersIn(digitStreams(file.bytes), [pan])) places.push(`…${found.slice(-4)} in ${file.name}`);
  expect(places).toEqual([]);
});
