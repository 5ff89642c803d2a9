// The desk's main-process services end to end, through the IPC router, against
// the real gateway on 127.0.0.1 and the real OS keychain.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../../shared/errors.ts';
import type { CustomerDetail, LookupResult, Note } from '../../../shared/schemas/customer.ts';
import type { SessionState, UserView } from '../../../shared/schemas/session.ts';
import { secretAccounts } from '../../../main/secrets/secret-store.ts';
import { DEMO_TEST_CARDS } from '../../../server/seed/demo-data.ts';
import { startDesk, type TestDesk } from '../../harness/desk/desk.ts';
import { startGateway, type RunningGateway } from '../../harness/gateway/gateway.ts';
import { writtenForms } from '../../harness/leaks/pan-forms.ts';

let gw: RunningGateway;
let desk: TestDesk;
beforeAll(async () => {
  gw = await startGateway({ customers: 10 });
  desk = await startDesk(gw.url, { enrolmentToken: gw.enrolment.secret });
});
afterAll(async () => {
  await desk.close();
  await gw.close();
});

const call = async <T>(channel: string, payload: unknown = {}): Promise<T> => {
  const result = (await desk.router.handle(channel, payload)) as Result<T>;
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value;
};
const refreshAccount = () => secretAccounts.refreshToken(new URL(gw.url).origin, 'agent.ana');

describe('login → lookup → note → logout', () => {
  it('signs in: the renderer gets the user, the refresh token goes to the keychain, no token comes back', async () => {
    const result = await desk.router.handle('session.login', { username: 'agent.ana', password: 'desk-demo-ana-2026' });
    expect(result.ok).toBe(true);
    const user = (result as { value: UserView }).value;
    expect(user).toMatchObject({ username: 'agent.ana', roles: ['agent'] });
    expect(JSON.stringify(result)).not.toMatch(/eyJ|refresh|token/i);
    expect(await desk.fixture.keychain.get(refreshAccount())).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('looks a customer up by card and opens them; the card is audited by last 4 only', async () => {
    const found = await call<LookupResult>('customers.lookup', { by: 'card', value: '4111 1111 1111 1111' });
    expect(found.results.map((r) => r.customerId)).toEqual(['CUS-000001', 'CUS-000006']);
    const detail = await call<CustomerDetail>('customers.get', { customerId: 'CUS-000001' });
    expect(detail.customer.cards[0]?.masked).toBe('•••• •••• •••• 1111');
    const lookupEvent = desk.queue.pending(1000).find((e) => e.event.type === 'customer.lookup');
    expect(lookupEvent?.event).toMatchObject({ outcome: 'success', actor: { username: 'agent.ana' }, target: { kind: 'card', id: '••••1111' }, details: { by: 'card', results: 2 } });
  });

  it('adds a note, and refuses one with a card number before it leaves the desk', async () => {
    const note = await call<Note>('notes.add', { customerId: 'CUS-000001', text: 'Confirmed delivery address by phone.' });
    expect(note.customerId).toBe('CUS-000001');
    const refused = await desk.router.handle('notes.add', { customerId: 'CUS-000001', text: 'card is 5555 5555 5555 4444' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(JSON.stringify(refused)).not.toContain('5555 5555 5555 4444');
  });

  it('refuses supervisor channels to an agent, and audits the refusal', async () => {
    expect(await desk.router.handle('supervisor.agents', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(desk.queue.pending(1000).some((e) => e.event.type === 'access.denied' && e.event.target.id === 'supervisor.agents')).toBe(true);
  });

  it('locks: data channels are refused until unlock re-authenticates with the gateway', async () => {
    const locked = await call<SessionState>('session.lock');
    expect(locked).toMatchObject({ status: 'locked', reason: 'manual' });
    expect(desk.session.accessToken()).toBeNull();
    expect(await desk.router.handle('customers.get', { customerId: 'CUS-000001' })).toMatchObject({ ok: false, error: { code: 'session_locked' } });
    expect(await desk.router.handle('session.unlock', { password: 'wrong-password-1' })).toMatchObject({ ok: false, error: { code: 'invalid_credentials' } });
    expect(await call<SessionState>('session.unlock', { password: 'desk-demo-ana-2026' })).toMatchObject({ status: 'active' });
    expect((await call<CustomerDetail>('customers.get', { customerId: 'CUS-000002' })).customer.customerId).toBe('CUS-000002');
  });

  it('refreshes the access token once after it expires, transparently', async () => {
    gw.clock.advance(16 * 60_000);
    const detail = await call<CustomerDetail>('customers.get', { customerId: 'CUS-000003' });
    expect(detail.customer.customerId).toBe('CUS-000003');
  });

  it('opens only allowlisted https links', async () => {
    expect(await desk.router.handle('app.openExternal', { url: 'https://help.example.com/cards' })).toMatchObject({ ok: true });
    expect(await desk.router.handle('app.openExternal', { url: 'https://evil.example.net/' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await desk.router.handle('app.openExternal', { url: 'file:///etc/passwd' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(desk.opened).toEqual(['https://help.example.com/cards']);
  });

  it('signs out: the keychain entry is gone and the session is over at the gateway', async () => {
    const before = desk.session.accessToken();
    await call('session.logout');
    expect(await desk.fixture.keychain.get(refreshAccount())).toBeNull();
    expect(await call<SessionState>('session.state')).toEqual({ status: 'signed_out' });
    const stale = await gw.route('lookup', { token: before ?? '', body: { by: 'customerId', value: 'CUS-000001' } });
    expect(stale.status).toBe(401);
    expect(await desk.router.handle('customers.lookup', { by: 'customerId', value: 'CUS-000001' })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it('synced the whole trail, and neither its files nor its decrypted events hold a card number', async () => {
    await desk.router.handle('session.login', { username: 'agent.ana', password: 'desk-demo-ana-2026' });
    expect(await desk.sync.syncNow()).toBe('drained');
    const types = (await gw.gateway.store.audit.search({ limit: 500 })).events.filter((e) => e.deviceId === desk.queue.deviceId).map((e) => e.event.type);
    expect(types).toEqual(expect.arrayContaining(['auth.login', 'customer.lookup', 'customer.view', 'customer.note.add', 'session.lock', 'session.unlock', 'auth.logout']));
    // The file is AES-GCM ciphertext, so the byte scan below cannot find a PAN even if one were logged:
    // read the trail back through the queue and scan the plaintext events too.
    const plaintext = JSON.stringify(desk.queue.readStored());
    expect(plaintext).toContain('••••1111'); // decrypted: the card lookup's masked target is there
    for (const { pan } of DEMO_TEST_CARDS) {
      for (const form of writtenForms(pan)) expect(plaintext.includes(form), `${form.slice(-4)} in a decrypted event`).toBe(false);
    }
    await desk.close();
    for (const file of readdirSync(desk.fixture.dir)) {
      const bytes = readFileSync(join(desk.fixture.dir, file));
      for (const { pan } of DEMO_TEST_CARDS) {
        for (const form of writtenForms(pan)) expect(bytes.includes(Buffer.from(form)), file).toBe(false);
      }
    }
    desk = await startDesk(gw.url, { enrolmentToken: gw.enrolment.secret, deviceId: desk.fixture.deviceId });
  });
});
