// Issue 22 attack test: a card number planted in every field (and as an extra
// key) of every record type, written plainly, grouped, and in generated
// Unicode digits and separators, is refused with the field named, over real
// HTTP on the run's engine. The one place a PAN is taken, a payment's card
// number, keeps only its HMAC, BIN and last 4. Afterwards the database files
// (with the WAL), the log and every answer are scanned byte for byte with the
// harness's own scanner: none of the card numbers sent is anywhere.
import fc from 'fast-check';
import { expect } from 'vitest';
import { STANDARD_TEST_PANS } from '../../harness/arbitraries/pan-arbitraries.ts';
import { unicodeWrittenPanArb } from '../../harness/arbitraries/unicode-pan-arbitraries.ts';
import { filesAtRest } from '../../harness/database/raw-database.ts';
import { gatewayTest } from '../../harness/gateway/gateway-test.ts';
import { digitStreams, sentNumbersIn } from '../../harness/leaks/digit-stream-scan.ts';
import { writtenForms } from '../../harness/leaks/pan-forms.ts';
import { createSource, customerRecord, orderRecord, paymentRecord, recordSet, shipmentRecord, subscriptionRecord, testPan } from '../../harness/records/source-records.ts';

const it = gatewayTest;
const SEED = 20_261_207;
/** Generated writings per field, besides the plain and grouped ones. */
const UNICODE_FORMS = 3;
/** Brand prefixes with a length of that brand: visa, mastercard, amex, discover, jcb. */
const BRANDS: readonly (readonly [string, number])[] = [['4', 16], ['51', 16], ['37', 15], ['6011', 16], ['3528', 16]];

type Path = readonly (string | number)[];
interface Leaf {
  readonly path: Path;
  readonly kind: 'string' | 'number';
}

/** Every string and number leaf of a record, with its path. */
function leaves(value: unknown, path: Path = []): Leaf[] {
  if (typeof value === 'string') return [{ path, kind: 'string' }];
  if (typeof value === 'number') return [{ path, kind: 'number' }];
  if (Array.isArray(value)) return value.flatMap((item, i) => leaves(item, [...path, i]));
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([key, item]) => leaves(item, [...path, key]));
  return [];
}

function withValueAt(record: unknown, path: Path, value: unknown): Record<string, unknown> {
  return setAt(record, path, value) as Record<string, unknown>;
}

function setAt(record: unknown, path: Path, value: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  if (Array.isArray(record)) return record.map((item: unknown, i) => (i === head ? setAt(item, rest, value) : item));
  const object = record as Record<string, unknown>;
  return { ...object, [head]: setAt(object[head], rest, value) };
}

it('refuses a card number in any field of any record type, names the field, and keeps it nowhere', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const { token } = await createSource(gw, admin, 'shop', ['customer', 'order', 'payment', 'shipment', 'subscription']);
  // The parents exist, so a planted record fails on its card number alone.
  await gw.route('upsertRecords', { token, body: { records: recordSet('PAN-0').slice(0, 2) } });

  const generated = fc
    .sample(unicodeWrittenPanArb.filter((w) => !(STANDARD_TEST_PANS as readonly string[]).includes(w.pan)), { seed: SEED, numRuns: 400 })
    .values();
  const nextWritten = (): { pan: string; written: string } => generated.next().value ?? { pan: testPan('6011', 16), written: testPan('6011', 16) };
  const sent = new Set<string>();
  const answers: string[] = [];
  const templates = [
    customerRecord('CUS-PAN-0'),
    orderRecord('ORD-PAN-0', 'CUS-PAN-0'),
    paymentRecord('TX-PAN-0', 'ORD-PAN-0'),
    shipmentRecord('SHP-PAN-0', 'ORD-PAN-0'),
    subscriptionRecord('SUB-PAN-0', 'CUS-PAN-0'),
  ];
  let probes = 0;
  let planted = 0;
  for (const template of templates) {
    const probesOfType: { record: Record<string, unknown>; field: string }[] = [];
    const fields = leaves(template).filter((leaf) => leaf.path.join('.') !== 'data.card.number');
    for (const { path, kind } of fields) {
      const [prefix, length] = BRANDS[probes++ % BRANDS.length] ?? ['4', 16];
      const basePan = testPan(prefix, length);
      const forms = [...writtenForms(basePan).map((written) => ({ pan: basePan, written })), ...Array.from({ length: UNICODE_FORMS }, nextWritten)];
      for (const { pan, written } of forms) {
        sent.add(pan);
        probesOfType.push({ record: withValueAt(template, path, written), field: path.join('.') });
      }
      if (kind === 'number') probesOfType.push({ record: withValueAt(template, path, Number(basePan)), field: path.join('.') });
    }
    // As a key of its own, at the top and inside the data.
    const keyPan = testPan('55', 16);
    sent.add(keyPan);
    probesOfType.push({ record: { ...template, [keyPan]: 'x' }, field: '[card ••••' });
    probesOfType.push({ record: withValueAt(template, ['data', `note ${keyPan}`], 'x'), field: 'data.note [card ••••' });

    planted += probesOfType.length;
    const { body, text } = await gw.route('upsertRecords', { token, body: { records: probesOfType.map((p) => p.record) } });
    answers.push(text);
    for (const [index, { field }] of probesOfType.entries()) {
      const result = body.results[index];
      expect(result, `${template.type} ${field}`).toMatchObject({ ok: false, code: 'pan_refused' });
      // A payment whose type is replaced is no payment: its card number is then refused too, and the gate names the
      // first field in canonical order (data before type).
      const named = template.type === 'payment' && field === 'type' ? 'data.card.number' : field;
      expect(result?.ok === false ? result.field : '', `${template.type} ${field}`).toContain(named);
    }
  }
  expect(probes).toBeGreaterThan(40);
  expect(planted).toBeGreaterThan(6 * probes);

  // One at a time too: the typed error names the field and echoes nothing.
  const single = nextWritten();
  sent.add(single.pan);
  const refused = await gw.route('upsertRecord', { token, body: { record: customerRecord('CUS-PAN-1', 1, { city: single.written }) } });
  answers.push(refused.text);
  expect(refused.status).toBe(422);
  expect(refused.json).toMatchObject({ error: { code: 'pan_in_text' }, refusal: 'pan_refused', field: 'data.city' });

  // The one field a PAN belongs in: stored as HMAC, BIN and last 4, found by a card lookup.
  const cardPan = testPan('4', 19);
  sent.add(cardPan);
  const paid = await gw.route('upsertRecord', { token, body: { record: paymentRecord('TX-PAN-1', 'ORD-PAN-0', 1, { card: { number: cardPan, expiry: '10/30' } }) } });
  expect(paid.body.outcome).toBe('stored');
  const agent = (await gw.login('agent.ana')).token;
  const found = await gw.route('lookup', { token: agent, body: { by: 'card', value: cardPan } });
  expect(found.body.results.map((r) => r.customerId)).toEqual(['CUS-PAN-0']);
  answers.push(found.text);

  const places: string[] = [];
  // On PostgreSQL: the database's files and the cluster's WAL, after a CHECKPOINT.
  const files = await filesAtRest(gw);
  expect(files.map((f) => f.name)).toContain('gateway.log');
  // The scan reads real data: the stored records and the card's last 4 are there.
  expect(Buffer.concat(files.map((f) => f.bytes)).includes(Buffer.from('TX-PAN-1'))).toBe(true);
  for (const file of files) {
    for (const pan of sentNumbersIn(digitStreams(file.bytes), sent)) places.push(`…${pan.slice(-4)} in ${file.name}`);
  }
  for (const pan of sentNumbersIn(digitStreams(answers.join('\n')), sent)) places.push(`…${pan.slice(-4)} in an answer`);
  expect(places).toEqual([]);
});
