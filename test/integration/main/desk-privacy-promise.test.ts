// The desk's side of the data promise (issue 27), with a real gateway on
// 127.0.0.1, a real keychain and the real audit queue: what main keeps of a
// customer. Its trail (every stored event, opened with the queue's own keys, and
// the queue's files as bytes) holds identifiers, counts and masked values, never
// the customer's name, a note's or a reason's text; a privacy request is on it by
// request ID only. The customer open on screen is followed by ID and revision
// alone, and closing the customer or signing out ends that: a change the gateway
// makes afterwards is neither read nor pushed.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Result } from '../../../shared/errors.ts';
import type { CustomerDetail } from '../../../shared/schemas/customer.ts';
import type { PrivacyRequest } from '../../../shared/schemas/privacy.ts';
import { startDesk } from '../../harness/desk/desk.ts';
import { startGateway } from '../../harness/gateway/gateway.ts';

const NOTE = 'Ring back after six, ask for Marisol Quennell-Ablewhite';
const REASON = 'Goodwill for the Quennell parcel mix-up';
const CUSTOMER = 'CUS-000001';

/** Every personal value the test put or read, as UTF-8 and NFKC text: none may be found in what the desk keeps. */
const personalValues = (detail: CustomerDetail): string[] => {
  const names = detail.customer.displayName.split(/\s+/).filter((part) => part.length >= 3);
  return [detail.customer.displayName, ...names, NOTE, 'Quennell-Ablewhite', REASON].map((v) => v.normalize('NFKC'));
};

describe('what the desk keeps of a customer', () => {
  it('its trail holds no personal value, and closing the customer or signing out stops every read of it', async () => {
    await using gw = await startGateway({ customers: 3, config: { authRateLimitPerMinute: 10_000 } });
    await using desk = await startDesk(gw.url, { enrolmentToken: gw.enrolment.secret });
    expect(await desk.router.handle('session.login', { username: 'agent.ana', password: 'desk-demo-ana-2026' })).toMatchObject({ ok: true });

    expect(await desk.router.handle('customers.lookup', { by: 'customerId', value: CUSTOMER })).toMatchObject({ ok: true });
    const read = (await desk.router.handle('customers.get', { customerId: CUSTOMER })) as Result<CustomerDetail>;
    if (!read.ok) throw new Error(read.error.message);
    const detail = read.value;
    expect(await desk.router.handle('notes.add', { customerId: CUSTOMER, text: NOTE })).toMatchObject({ ok: true });
    const subscription = detail.subscriptions[0];
    if (subscription === undefined) throw new Error('the demo customer has no subscription to extend');
    expect(await desk.router.handle('subscriptions.extend', { customerId: CUSTOMER, subscriptionId: subscription.subscriptionId, days: 7, reason: REASON })).toMatchObject({ ok: true });
    const opened = (await desk.router.handle('privacy.open', { customerId: CUSTOMER, kind: 'access', law: 'gdpr', verification: 'security_questions' })) as Result<PrivacyRequest>;
    if (!opened.ok) throw new Error(opened.error.message);
    // The gateway takes the desk's trail with its privacy event.
    expect(await desk.sync.syncNow()).toBe('drained');

    // Following: a change at the gateway is read again and pushed while the customer is open…
    const updates = () => desk.pushed.filter((p) => p.event === 'customer.updated').length;
    const agentToken = (await gw.login('agent.ana')).token;
    const changeAtGateway = async (text: string) => expect((await gw.route('addNote', { token: agentToken, params: { customerId: CUSTOMER }, body: { text } })).status).toBe(200);
    expect(await desk.router.handle('customers.follow', { customerId: CUSTOMER, revision: detail.revision })).toMatchObject({ ok: true });
    await changeAtGateway('Parcel left with the neighbour');
    await desk.openCustomer.poll();
    expect(updates()).toBe(1);
    // The push toward the screen carries the customer (the scan below would find it there): the renderer drops it with the view.
    expect(JSON.stringify(desk.pushed).normalize('NFKC')).toContain(NOTE);
    // …and not once it is closed.
    expect(await desk.router.handle('customers.unfollow', { customerId: CUSTOMER })).toMatchObject({ ok: true });
    await changeAtGateway('Second parcel left at the door');
    await desk.openCustomer.poll();
    expect(updates()).toBe(1);

    // Nor after sign-out, though the screen had it open.
    expect(await desk.router.handle('customers.follow', { customerId: CUSTOMER, revision: detail.revision })).toMatchObject({ ok: true });
    expect(await desk.router.handle('session.logout', {})).toMatchObject({ ok: true });
    await changeAtGateway('Third parcel returned to sender');
    await desk.openCustomer.poll();
    expect(updates()).toBe(1);

    // The trail: every stored event, opened.
    const stored = desk.queue.readStored();
    expect(stored.every((row) => row.event !== null)).toBe(true);
    const trail = JSON.stringify(stored.map((row) => row.event)).normalize('NFKC');
    for (const value of personalValues(detail)) expect(trail, value).not.toContain(value);
    const privacyEvents = stored.flatMap((row) => (row.event?.type === 'privacy.request.open' ? [row.event] : []));
    expect(privacyEvents.map((e) => [e.target, e.outcome])).toEqual([[{ kind: 'privacy-request', id: opened.value.requestId }, 'success']]);
    expect(JSON.stringify(privacyEvents)).not.toContain(CUSTOMER);

    // The queue's files as bytes (the database and its WAL), read as UTF-8 and NFKC.
    const files = [desk.fixture.dbPath, `${desk.fixture.dbPath}-wal`].filter((path) => existsSync(path));
    expect(files.length).toBeGreaterThan(0);
    for (const path of files) {
      const text = readFileSync(path).toString('utf8').normalize('NFKC');
      for (const value of personalValues(detail)) expect(text, `${path}: ${value}`).not.toContain(value);
    }
  }, 90_000);
});
