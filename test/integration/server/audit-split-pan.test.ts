// Issue 21's split card number in an audit event, over real HTTP on the run's
// engine: the gateway's ingest reads each event as one document (keys and values
// in canonical order, shared/pan-document.ts), so a card number split over two
// values around a key with no letter, or written in base64, refuses the batch and
// nothing of it is stored; values with a named key between them stay apart, so an
// honest event whose neighbouring numbers would join into a Luhn-valid number is
// stored. The desk's queue parses events with the same schema.
import { expect } from 'vitest';
import { AuditEventSchema } from '../../../shared/audit.ts';
import { luhnValid } from '../../../shared/pan.ts';
import { TestDevice } from '../../harness/device/device.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';
import { digitStreams, sentNumbersIn } from '../../harness/leaks/digit-stream-scan.ts';
import { filesAtRest } from '../../harness/database/raw-database.ts';
import { testPan } from '../../harness/records/source-records.ts';

const it = gatewayTestWith({ customers: 5 });

it('refuses an event with a card number split around a punctuation key or in base64, stores nothing of it, and stores an honest event', async ({ gw }) => {
  // A desk of its own for each batch: a refused batch leaves its desk's local chain ahead of the gateway's.
  const desk = async (): Promise<{ device: TestDevice; token: string }> => {
    const device = new TestDevice();
    return { device, token: (await gw.login('agent.ana', { device })).token };
  };
  const pan = testPan('4', 16);
  const hostile: Record<string, string>[] = [
    { a: `caller gave ${pan.slice(0, 4)} ${pan.slice(4, 8)}`, '-': `${pan.slice(8, 12)} ${pan.slice(12)} as card` },
    { note: Buffer.from(`card ${pan}`).toString('base64') },
  ];
  for (const details of hostile) {
    const { device, token } = await desk();
    const event = device.event({ details });
    expect(AuditEventSchema.safeParse(event).success).toBe(false);
    // Signed and chained as a desk would send it: only the content is wrong.
    const answer = await gw.route('auditBatches', { token, body: device.batch(device.append([event])) });
    expect(answer.status).toBe(400);
    expect([...sentNumbersIn(digitStreams(answer.text), [pan])]).toEqual([]);
  }
  // A phone number and a postcode under named keys, whose digits together read as a Luhn-valid Visa.
  const { device, token } = await desk();
  let subscriber = 1_000_000;
  while (!luhnValid(`4930${subscriber}10115`)) subscriber++;
  const honest = device.event({ details: { phone: `+49 30 ${subscriber}`, postcode: '10115' } });
  const stored = await gw.route('auditBatches', { token, body: device.batch(device.append([honest])) });
  expect(stored.status).toBe(200);
  expect((await gw.gateway.store.audit.search({ limit: 50 })).events.some((e) => e.event.id === honest.id)).toBe(true);
  const places: string[] = [];
  for (const file of await filesAtRest(gw)) for (const found of sentNumbersIn(digitStreams(file.bytes), [pan])) places.push(`…${found.slice(-4)} in ${file.name}`);
  expect(places).toEqual([]);
});
