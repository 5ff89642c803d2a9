// Issue 10, customer access at the gateway, attacked the way it was found: an
// agent token used directly against the gateway (no desk, so no desk audit),
// hundreds of requests at once with Promise.all, real HTTP on 127.0.0.1, real
// SQLite or PostgreSQL. The gateway records every access itself, caps card lookups, record
// reads and extension days atomically, and refuses what it cannot audit.
import { afterEach, describe, expect, it } from 'vitest';
import { GATEWAY_DEVICE_ID } from '../../../shared/gateway-device.ts';
import type { StoredAuditEvent } from '../../../shared/schemas/supervision.ts';
import type { Alert } from '../../../shared/schemas/supervision.ts';
import type { LookupRequest, Subscription } from '../../../shared/schemas/customer.ts';
import { luhnValid } from '../../../shared/pan.ts';
import type { GatewayConfigInput } from '../../../server/config.ts';
import { startGateway, type RunningGateway } from '../../harness/gateway/gateway.ts';
import { refuseInserts } from '../../harness/database/raw-database.ts';
import { watchStream } from '../../harness/gateway/sse.ts';

const running: RunningGateway[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((gw) => gw.close()));
});

/**
 * Hundreds of requests come from one address here; the gateway's per-address connection cap (a control of its
 * own, with its own tests) is lifted so the per-user caps are what these tests meet.
 */
const addressCapLifted = { connectionsPerIp: 1_000 };

async function gatewayWithAgent(config: GatewayConfigInput = {}, customers = 60) {
  const gw = await startGateway({ config: { ...config, limits: { bodyBytes: 64 * 1024, ...addressCapLifted } }, customers });
  running.push(gw);
  const { token } = await gw.login('agent.ana');
  return { gw, token };
}

const customerId = (n: number): string => `CUS-${String(n).padStart(6, '0')}`;
const lookup = (gw: RunningGateway, token: string, by: LookupRequest['by'], value: string) => gw.route('lookup', { token, body: { by, value } });
const read = (gw: RunningGateway, token: string, id: string) => gw.route('customer', { params: { customerId: id }, token });

/** The gateway's own audit events (its chain, not a desk's) of one type. */
async function gatewayEvents(gw: RunningGateway, type: StoredAuditEvent['event']['type']): Promise<StoredAuditEvent[]> {
  const found = await gw.gateway.store.audit.search({ type, limit: 500 });
  return found.events.filter((e) => e.deviceId === GATEWAY_DEVICE_ID);
}

/** A real outage of the audit store: a second connection makes the database refuse every gateway audit row. */
const breakGatewayAudit = (gw: RunningGateway) => refuseInserts(gw, 'audit_events', `NEW.device_id = '${GATEWAY_DEVICE_ID}'`, 'disk I/O error');

async function firstActiveSubscription(gw: RunningGateway): Promise<{ customerId: string; subscription: Subscription }> {
  for (let n = 1; n <= 60; n++) {
    const set = await gw.gateway.store.customers.detail(customerId(n));
    const subscription = set?.subscriptions.find((s) => s.status !== 'cancelled');
    if (set !== null && subscription !== undefined) return { customerId: set.customer.customerId, subscription };
  }
  throw new Error('no subscription in the seed');
}

describe('finding: no server-side record of customer access', () => {
  it('records a customer.view per read for an agent token that bypasses the desk, 300 reads at once', async () => {
    const { gw, token } = await gatewayWithAgent({ customerAccess: { recordReads: { max: 1000 } } }, 300);
    const ids = Array.from({ length: 300 }, (_, i) => customerId(i + 1));
    const answers = await Promise.all(ids.map((id) => read(gw, token, id)));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const views = await gatewayEvents(gw, 'customer.view');
    expect(views).toHaveLength(300);
    expect(new Set(views.map((v) => v.event.target.id))).toEqual(new Set(ids));
    for (const { event } of views) {
      expect(event).toMatchObject({ outcome: 'success', actor: { userId: 'u-agent-ana', username: 'agent.ana', roles: ['agent'] } });
    }
  });

  it('records lookups per user with the query masked: a card by its last 4 only, an unmatched ID with its digits hidden', async () => {
    const { gw, token } = await gatewayWithAgent();
    expect((await lookup(gw, token, 'card', '4111 1111 1111 1111')).status).toBe(200);
    expect((await lookup(gw, token, 'customerId', customerId(2))).status).toBe(200);
    expect((await lookup(gw, token, 'customerId', 'CUS-999999')).status).toBe(200);
    expect((await lookup(gw, token, 'order', '5555555555554444')).status).toBe(400);
    const lookups = (await gatewayEvents(gw, 'customer.lookup')).map((e) => e.event).reverse();
    expect(lookups.map((e) => [e.details.by, e.target])).toEqual([
      ['card', { kind: 'card', id: '••••1111' }],
      ['customerId', { kind: 'customer', id: customerId(2) }],
      ['customerId', { kind: 'customer', id: 'CUS-••9999' }],
    ]);
    expect(lookups[0]?.details).toMatchObject({ results: 2, customers: 'CUS-000001,CUS-000006' });
    const written = JSON.stringify(lookups);
    expect(written).not.toContain('411111');
    expect(written).not.toContain('visa');
    // A card number dressed as an ID (underscores pass the ID pattern) is never recorded whole, whatever the DLP makes of it.
    await lookup(gw, token, 'customerId', 'CUS-4111_1111_1111_1111');
    const all = JSON.stringify(await gatewayEvents(gw, 'customer.lookup')).replace(/\D/g, '');
    expect(all).not.toContain('4111111111111111');
  });

  it('answers nothing it could not audit: lookups, reads, notes and extensions fail with 503 and store nothing', async () => {
    const { gw, token } = await gatewayWithAgent();
    const { customerId: owner, subscription } = await firstActiveSubscription(gw);
    const outage = await breakGatewayAudit(gw);
    try {
      const [card, byId, detail, note, extension] = await Promise.all([
        lookup(gw, token, 'card', '4111111111111111'),
        lookup(gw, token, 'customerId', customerId(3)),
        read(gw, token, customerId(4)),
        gw.route('addNote', { params: { customerId: customerId(4) }, token, body: { text: 'Caller asked for a call back' } }),
        gw.route('extendSubscription', {
          params: { customerId: owner, subscriptionId: subscription.subscriptionId },
          token,
          body: { days: 30, reason: 'Goodwill for a late parcel' },
        }),
      ]);
      for (const answer of [card, byId, detail, note, extension]) {
        expect(answer.status).toBe(503);
        expect(answer.error?.code).toBe('audit_unavailable');
      }
      for (const answer of [card, byId, detail]) expect(answer.text).not.toContain('CUS-');
    } finally {
      await outage.restore();
    }
    expect((await gw.gateway.store.customers.detail(customerId(4)))?.notes.some((n) => n.text === 'Caller asked for a call back')).toBe(false);
    expect((await gw.gateway.store.customers.findSubscription(owner, subscription.subscriptionId))?.expiresAt).toBe(subscription.expiresAt);
    // The refused extension gave its days back: the whole yearly allowance is still there.
    const full = await gw.route('extendSubscription', {
      params: { customerId: owner, subscriptionId: subscription.subscriptionId },
      token,
      body: { days: 365, reason: 'Licence moved to the new plan' },
    });
    expect(full.status).toBe(200);
  });

  it('audits a note before storing it: a note the store refuses leaves a success and then a not_stored event', async () => {
    const { gw, token } = await gatewayWithAgent();
    const full = await refuseInserts(gw, 'notes', 'TRUE', 'database or disk is full');
    const answer = await gw.route('addNote', { params: { customerId: customerId(5) }, token, body: { text: 'Parcel re-routed to the depot' } });
    await full.restore();
    expect(answer.status).toBe(500);
    const events = (await gatewayEvents(gw, 'customer.note.add')).map((e) => e.event).reverse();
    expect(events.map((e) => [e.outcome, e.reason])).toEqual([
      ['success', null],
      ['failure', 'not_stored'],
    ]);
    expect(events[0]?.details.noteId).toBe(events[1]?.details.noteId);
    expect(JSON.stringify(events)).not.toContain('Parcel re-routed');
  });
});

describe('finding: card lookup is an oracle', () => {
  it('lets exactly the cap through of 100 parallel card lookups; the rest get 429 with Retry-After, each one audited', async () => {
    const { gw, token } = await gatewayWithAgent();
    const { max, windowMinutes } = gw.gateway.config.customerAccess.cardLookups;
    expect(max).toBe(20);
    const answers = await Promise.all(Array.from({ length: 100 }, () => lookup(gw, token, 'card', '5555 5555 5555 4444')));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(max);
    const refused = answers.filter((a) => a.status === 429);
    expect(refused).toHaveLength(100 - max);
    for (const answer of refused) {
      expect(answer.error?.code).toBe('rate_limited');
      // Every admitted lookup happened at the same (manual) instant, so the window frees in exactly 10 minutes.
      expect(answer.headers.get('retry-after')).toBe(String(windowMinutes * 60));
      expect(answer.text).not.toContain('CUS-');
    }
    const events = await gatewayEvents(gw, 'customer.lookup');
    expect(events.filter((e) => e.event.outcome === 'success')).toHaveLength(max);
    const refusals = events.filter((e) => e.event.outcome === 'failure');
    expect(refusals).toHaveLength(100 - max);
    expect(refusals.every((e) => e.event.reason === 'rate_limited' && e.event.target.id === '••••4444')).toBe(true);
    expect(Math.max(...refusals.map((e) => Number(e.event.details.refusedInWindow)))).toBe(100 - max);
  });

  it('stops the BIN + last 4 search that recovered a card in 1.4 s before it reaches the card', async () => {
    const { gw, token } = await gatewayWithAgent();
    // The Luhn-valid 411111 •••••• 1111 from middle 110000 up; the real card (middle 111111) is the 112th or so.
    const candidates = Array.from({ length: 2000 }, (_, i) => `411111${String(110_000 + i)}1111`).filter(luhnValid);
    const realIndex = candidates.indexOf('4111111111111111');
    expect(realIndex).toBeGreaterThan(20);
    const tried = candidates.slice(0, realIndex + 1);
    const answers = await Promise.all(tried.map((value) => lookup(gw, token, 'card', value)));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(20);
    expect(answers.at(-1)?.status).toBe(429);
    expect(answers.some((a) => a.text.includes('CUS-000001'))).toBe(false);
  });

  it('does not go silent while its alert is open: each refusal reaches the stream with the growing count, and after an ack the next raises a new alert', async () => {
    const { gw, token } = await gatewayWithAgent({ customerAccess: { cardLookups: { max: 3, windowMinutes: 10 } } });
    const supervisor = (await gw.login('sup.sara')).token;
    const stream = await watchStream(`${gw.url}/v1/supervisor/stream`, supervisor);
    const refusalsSeen = (): number[] =>
      stream.events.flatMap((e) =>
        e.type === 'audit' && e.data.event.type === 'customer.lookup' && e.data.event.reason === 'rate_limited' ? [Number(e.data.event.details.refusedInWindow)] : [],
      );
    const openCapAlerts = async (): Promise<Alert[]> => (await gw.gateway.alerts.list('open')).filter((a) => a.kind === 'card_lookup_cap');
    try {
      await Promise.all(Array.from({ length: 8 }, () => lookup(gw, token, 'card', '4111111111111111')));
      await stream.waitFor((e) => e.type === 'alert' && e.data.kind === 'card_lookup_cap');
      await expect.poll(() => refusalsSeen().sort((a, b) => a - b), { timeout: 5000 }).toEqual([1, 2, 3, 4, 5]);
      const [open] = await openCapAlerts();
      expect(open?.severity).toBe('critical');

      expect((await lookup(gw, token, 'card', '4111111111111111')).status).toBe(429);
      await expect.poll(() => Math.max(...refusalsSeen()), { timeout: 5000 }).toBe(6);
      expect((await openCapAlerts()).map((a) => a.alertId)).toEqual([open?.alertId]);

      const ack = await gw.route('ackAlert', { params: { alertId: open?.alertId ?? '' }, token: supervisor, body: { note: 'Called Ana, looking into it' } });
      expect(ack.status).toBe(200);
      expect(await openCapAlerts()).toHaveLength(0);
      expect((await lookup(gw, token, 'card', '4111111111111111')).status).toBe(429);
      const after = await openCapAlerts();
      expect(after).toHaveLength(1);
      expect(after[0]?.alertId).not.toBe(open?.alertId);
      await expect.poll(() => Math.max(...refusalsSeen()), { timeout: 5000 }).toBe(7);
    } finally {
      stream.close();
    }
  });

  it('is per user and rolls: another agent is unaffected, and the cap frees once the window has passed', async () => {
    const { gw, token } = await gatewayWithAgent({ customerAccess: { cardLookups: { max: 2, windowMinutes: 10 } } });
    await Promise.all(Array.from({ length: 4 }, () => lookup(gw, token, 'card', '4111111111111111')));
    expect((await lookup(gw, token, 'card', '4111111111111111')).status).toBe(429);
    const ben = (await gw.login('agent.ben')).token;
    expect((await lookup(gw, ben, 'card', '4111111111111111')).status).toBe(200);
    gw.clock.advance(10 * 60_000 + 1);
    expect((await lookup(gw, token, 'card', '4111111111111111')).status).toBe(200);
  });

  it('caps record reads too: of the 300 parallel reads that pulled every record in 0.9 s, exactly the cap get through', async () => {
    const { gw, token } = await gatewayWithAgent({}, 300);
    const { max } = gw.gateway.config.customerAccess.recordReads;
    const answers = await Promise.all(Array.from({ length: 300 }, (_, i) => read(gw, token, customerId(i + 1))));
    const served = answers.filter((a) => a.status === 200);
    expect(served).toHaveLength(max);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(300 - max);
    // Lookups by ID read records as well and count against the same cap.
    expect((await lookup(gw, token, 'customerId', customerId(1))).status).toBe(429);
    const views = await gatewayEvents(gw, 'customer.view');
    expect(views.filter((v) => v.event.outcome === 'success').map((v) => v.event.target.id).sort()).toEqual(
      served.map((a) => a.body.customer.customerId).sort(),
    );
    expect((await gw.gateway.alerts.list('open')).filter((a) => a.kind === 'record_read_cap')).toHaveLength(1);
  });
});

describe('finding: extensions have no cumulative cap', () => {
  it('of 100 parallel 30-day extensions of one subscription, stores exactly those within the 365-day cap', async () => {
    const { gw, token } = await gatewayWithAgent();
    const { customerId: owner, subscription } = await firstActiveSubscription(gw);
    const path = `/v1/customers/${owner}/subscriptions/${subscription.subscriptionId}/extend`;
    const answers = await Promise.all(
      Array.from({ length: 100 }, () => gw.call('POST', path, { token, body: { days: 30, reason: 'Goodwill for a late parcel' } })),
    );
    const granted = Math.floor(365 / 30);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(granted);
    const refused = answers.filter((a) => a.status === 429);
    expect(refused).toHaveLength(100 - granted);
    expect(refused[0]?.json.error?.message).toContain('at most 365');
    // Parallel extensions add up: none overwrote another's new end date.
    const after = await gw.gateway.store.customers.findSubscription(owner, subscription.subscriptionId);
    const from = Math.max(Date.parse(subscription.expiresAt), gw.clock.now());
    expect(Date.parse(after?.expiresAt ?? '')).toBe(from + granted * 30 * 86_400_000);
    const events = await gatewayEvents(gw, 'subscription.extend');
    expect(events.filter((e) => e.event.outcome === 'success')).toHaveLength(granted);
    expect(events.filter((e) => e.event.reason === 'extension_cap')).toHaveLength(100 - granted);
    expect((await gw.gateway.alerts.list('open')).filter((a) => a.kind === 'extension_cap')).toHaveLength(1);
  });

  it('refuses a reason with a card number in it and stores nothing', async () => {
    const { gw, token } = await gatewayWithAgent();
    const { customerId: owner, subscription } = await firstActiveSubscription(gw);
    const answer = await gw.route('extendSubscription', {
      params: { customerId: owner, subscriptionId: subscription.subscriptionId },
      token,
      body: { days: 10, reason: 'Paid again with 4111 1111 1111 1111' },
    });
    expect(answer.status).toBe(400);
    expect(answer.error?.message).toContain('must not contain a card number');
    expect((await gw.gateway.store.customers.findSubscription(owner, subscription.subscriptionId))?.expiresAt).toBe(subscription.expiresAt);
    expect(await gatewayEvents(gw, 'subscription.extend')).toHaveLength(0);
  });
});
