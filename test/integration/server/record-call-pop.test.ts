// A customer a system of record sends is one a call can pop: the record's phone
// number, written however the shop wrote it, is stored as the same keyed hash a
// caller's number is matched on; a number that is no phone number stores none
// and matches nothing, while the record itself is kept.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { sendSentinel } from '../../harness/gateway/contact-center.ts';
import { gatewayTest } from '../../harness/gateway/gateway-test.ts';
import type { RunningGateway } from '../../harness/gateway/gateway.ts';
import { createSource, customerRecord } from '../../harness/records/source-records.ts';

/** Offers Ana a new call; the file shares one gateway, so her desk's current call is this newest one. */
async function offerToAna(gw: RunningGateway, callerNumber: string): Promise<void> {
  const sent = await sendSentinel(gw, { eventId: randomUUID(), callId: `call-${randomUUID()}`, kind: 'offered', at: new Date(gw.clock.now()).toISOString(), callerNumber, queue: 'orders-help', agent: 'ana' });
  expect(sent.body.outcome).toBe('applied');
}

gatewayTest('pops a customer upserted by a source when that customer calls, whatever the number\'s spacing', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const { token } = await createSource(gw, admin, 'crm', ['customer']);
  const written = await gw.route('upsertRecord', { token, body: { record: customerRecord('CUS-RING-1', 1, { phone: '+44 (0)20 7946-0321' }) } });
  expect(written.body.outcome).toBe('stored');

  const ana = await gw.login('agent.ana');
  await offerToAna(gw, '00442079460321');
  const call = (await gw.route('currentCall', { token: ana.token })).body.call;
  expect(call?.callerMasked).toBe('••• 0321');
  expect(call?.matches.map((m) => m.customerId)).toEqual(['CUS-RING-1']);
});

gatewayTest('keeps a customer whose number is no phone number, and pops no one for it', async ({ gw }) => {
  const admin = (await gw.login('admin.ivan')).token;
  const { token } = await createSource(gw, admin, 'crm-notes', ['customer']);
  const written = await gw.route('upsertRecord', { token, body: { record: customerRecord('CUS-RING-2', 1, { phone: 'ask at the desk' }) } });
  expect(written.body.outcome).toBe('stored');
  expect((await gw.gateway.store.customers.detail('CUS-RING-2'))?.customer.phone).toBe('ask at the desk');

  const ana = await gw.login('agent.ana');
  await offerToAna(gw, '+442079460999');
  const call = (await gw.route('currentCall', { token: ana.token })).body.call;
  expect(call?.callerMasked).toBe('••• 0999');
  expect(call?.matches.map((m) => m.customerId)).not.toContain('CUS-RING-2');
});
