// Customer lookup, detail, notes and extensions over real HTTP on 127.0.0.1.
import { describe, expect } from 'vitest';
import type { LookupRequest, Subscription } from '../../../shared/schemas/customer.ts';
import { startGateway, type RunningGateway } from '../../harness/gateway/gateway.ts';
import { gatewayTest } from '../../harness/gateway/gateway-test.ts';

/** The file's gateway, and agent.ana signed in on it. */
const it = gatewayTest.extend<{ $file: { token: string } }>({
  token: [
    async ({ gw }, use) => {
      await use((await gw.login('agent.ana')).token);
    },
    { scope: 'file' },
  ],
});

interface Agent {
  readonly gw: RunningGateway;
  readonly token: string;
}
const lookup = async ({ gw, token }: Agent, by: LookupRequest['by'], value: string) => gw.route('lookup', { token, body: { by, value } });
const detail = async ({ gw, token }: Agent, customerId: string) => (await gw.route('customer', { params: { customerId }, token })).body;

describe('lookup', () => {
  it('finds a customer by customer ID', async ({ gw, token }) => {
    const answer = await lookup({ gw, token }, 'customerId', 'CUS-000002');
    expect(answer.status).toBe(200);
    const result = answer.body;
    expect(result.results.map((c) => c.customerId)).toEqual(['CUS-000002']);
    expect(result.results[0]?.cards[0]?.masked).toBe('•••• •••• •••• 4444');
    expect(result.results[0]?.emailMasked).toMatch(/^.•••@example\.com$/);
  });

  it('finds a customer by order number and by transaction number', async ({ gw, token }) => {
    const order = (await detail({ gw, token }, 'CUS-000007')).orders[0];
    if (order === undefined) throw new Error('seed gave CUS-000007 no order');
    const byOrder = (await lookup({ gw, token }, 'order', order.orderId)).body;
    expect(byOrder.results.map((c) => c.customerId)).toEqual(['CUS-000007']);
    const transactionId = order.payments[0]?.transactionId ?? '';
    const byTransaction = (await lookup({ gw, token }, 'order', transactionId)).body;
    expect(byTransaction.results.map((c) => c.customerId)).toEqual(['CUS-000007']);
  });

  it('finds every customer with a card, however the number is written', async ({ gw, token }) => {
    for (const written of ['4111111111111111', '4111 1111 1111 1111', '4111-1111-1111-1111']) {
      const result = (await lookup({ gw, token }, 'card', written)).body;
      expect(result.results.map((c) => c.customerId)).toEqual(['CUS-000001', 'CUS-000006']);
    }
    const amex = (await lookup({ gw, token }, 'card', '3782 822463 10005')).body;
    expect(amex.results.map((c) => c.customerId)).toEqual(['CUS-000003']);
    expect(amex.results[0]?.cards[0]?.masked).toBe('•••• •••••• •0005');
  });

  it('answers no match with an empty list, and a bad card number with a clear 400', async ({ gw, token }) => {
    const none = (await lookup({ gw, token }, 'card', '4242 4242 4242 4242')).body;
    expect(none).toEqual({ by: 'card', results: [], truncated: false });
    const bad = await lookup({ gw, token }, 'card', '4111 1111 1111 1112');
    expect(bad.status).toBe(400);
    expect(bad.error?.message).toContain('Luhn');
    expect(bad.text).not.toContain('4111');
  });

  it('is refused to a supervisor, who has no agent role', async ({ gw }) => {
    const supervisor = await gw.login('sup.sara');
    const answer = await gw.route('lookup', { token: supervisor.token, body: { by: 'customerId', value: 'CUS-000001' } });
    expect(answer.status).toBe(403);
  });
});

describe('customer detail', () => {
  it('has orders with payment status, shipments with tracking history, and subscriptions', async ({ gw, token }) => {
    const view = await detail({ gw, token }, 'CUS-000001');
    expect(view.customer.customerId).toBe('CUS-000001');
    expect(view.customer.phoneMasked).toMatch(/^••• \d{4}$/);
    expect(view.orders.length).toBeGreaterThan(0);
    for (const order of view.orders) {
      expect(order.payments[0]?.card?.masked).toMatch(/^[• ]+\d{4}$/);
      for (const shipment of order.shipments) {
        expect(shipment.trackingNumber).toMatch(/^[A-Z]{2}\d{9}GB$/);
        expect(shipment.history.length).toBeGreaterThan(1);
      }
    }
    const all = await Promise.all(Array.from({ length: 20 }, (_, i) => detail({ gw, token }, `CUS-${String(i + 1).padStart(6, '0')}`)));
    expect(all.some((d) => d.subscriptions.length > 0)).toBe(true);
    expect(all.some((d) => d.orders.some((o) => o.shipments.some((s) => s.eta !== null)))).toBe(true);
  });

  it('answers 404 for an unknown customer', async ({ gw, token }) => {
    const answer = await gw.route('customer', { params: { customerId: 'CUS-999999' }, token });
    expect(answer.status).toBe(404);
  });
});

describe('masking policy', () => {
  it('shows BIN + last 4 where the policy allows it, never more', async () => {
    await using binGateway = await startGateway({ config: { maskReveal: 'bin+last4' }, customers: 6 });
    const session = await binGateway.login('agent.ana');
    const answer = await binGateway.route('lookup', { token: session.token, body: { by: 'card', value: '4111111111111111' } });
    expect(answer.body.results[0]?.cards[0]?.masked).toBe('4111 11•• •••• 1111');
  });
});

describe('notes', () => {
  it('stores a note and shows it on the customer', async ({ gw, token }) => {
    const answer = await gw.route('addNote', { params: { customerId: 'CUS-000004' }, token, body: { text: 'Parcel re-routed to the depot at the caller’s request.' } });
    expect(answer.status).toBe(200);
    const note = answer.body;
    expect(note).toMatchObject({ customerId: 'CUS-000004', authorName: 'agent.ana' });
    expect((await detail({ gw, token }, 'CUS-000004')).notes.map((n) => n.noteId)).toContain(note.noteId);
  });

  it('rejects a note that contains a card number, with a clear error', async ({ gw, token }) => {
    for (const text of ['Caller read out 4111 1111 1111 1111 twice', 'card 5555-5555-5555-4444']) {
      const answer = await gw.route('addNote', { params: { customerId: 'CUS-000004' }, token, body: { text } });
      expect(answer.status).toBe(400);
      expect(answer.error?.message).toContain('must not contain a card number');
      expect(answer.text).not.toMatch(/\d{4}[ -]?\d{4}[ -]?\d{4}/);
    }
  });
});

describe('subscription extension', () => {
  const firstSubscription = async (agent: Agent): Promise<{ customerId: string; subscription: Subscription }> => {
    for (let n = 1; n <= 60; n++) {
      const customerId = `CUS-${String(n).padStart(6, '0')}`;
      const subscription = (await detail(agent, customerId)).subscriptions.find((s) => s.status !== 'cancelled');
      if (subscription !== undefined) return { customerId, subscription };
    }
    throw new Error('no subscription in the seed');
  };

  it('needs a reason', async ({ gw, token }) => {
    const { customerId, subscription } = await firstSubscription({ gw, token });
    const answer = await gw.call('POST', `/v1/customers/${customerId}/subscriptions/${subscription.subscriptionId}/extend`, {
      token,
      body: { days: 30 },
    });
    expect(answer.status).toBe(400);
    expect(answer.json.error?.message).toContain('reason');
  });

  it('extends from the later of today and the current end', async ({ gw, token }) => {
    const { customerId, subscription } = await firstSubscription({ gw, token });
    const answer = await gw.route('extendSubscription', {
      params: { customerId, subscriptionId: subscription.subscriptionId },
      token,
      body: { days: 30, reason: 'Goodwill: parcel arrived two weeks late' },
    });
    expect(answer.status).toBe(200);
    const extended = answer.body;
    const from = Math.max(Date.parse(subscription.expiresAt), gw.clock.now());
    expect(Date.parse(extended.expiresAt)).toBe(from + 30 * 86_400_000);
    expect(extended.status).toBe('active');
  });

  it("writes every extension into the customer's history: days, reason, new expiry", async ({ gw, token }) => {
    const { customerId, subscription } = await firstSubscription({ gw, token });
    const extensions = await Promise.all(
      [7, 14].map((days) =>
        gw.route('extendSubscription', { params: { customerId, subscriptionId: subscription.subscriptionId }, token, body: { days, reason: `Goodwill, ${days} days for a late parcel` } }),
      ),
    );
    expect(extensions.map((a) => a.status)).toEqual([200, 200]);
    const history = (await detail({ gw, token }, customerId)).notes.map((n) => n.text);
    for (const answer of extensions) {
      const newExpiry = answer.body.expiresAt.slice(0, 10);
      expect(history.some((text) => text.includes(`new expiry ${newExpiry}.`)), `a history entry with new expiry ${newExpiry}`).toBe(true);
    }
    expect(history).toEqual(expect.arrayContaining([expect.stringMatching(/^Extended .+ by 7 days, new expiry \d{4}-\d{2}-\d{2}\. Reason: Goodwill, 7 days for a late parcel$/)]));
    expect(history).toEqual(expect.arrayContaining([expect.stringMatching(/^Extended .+ by 14 days, new expiry \d{4}-\d{2}-\d{2}\. Reason: Goodwill, 14 days for a late parcel$/)]));
  });
});
