// The state an instance shares through the database: sign-in slots that lapse
// when their holder dies, the live feed's group commit and order, replay of
// every kind of stream event by its feed id, and the pruning that bounds it all.
import { describe, expect } from 'vitest';
import type { SupervisorStreamEvent } from '../../../shared/api.ts';
import { createEventBus } from '../../../server/supervision/event-bus.ts';
import { createLiveFeed } from '../../../server/supervision/live-feed.ts';
import { liveHousekeeping } from '../../../server/supervision/live-housekeeping.ts';
import type { FeedRepo } from '../../../server/storage/store.ts';
import { sampleAlert } from '../../harness/gateway/alerts.ts';
import { TestDevice } from '../../harness/device/device.ts';
import { gatewayTestWith } from '../../harness/gateway/gateway-test.ts';
import { watchStream } from '../../harness/gateway/sse.ts';

const it = gatewayTestWith({ customers: 5 });

describe('sign-in slots', () => {
  it('never hands out more than the bound to parallel attempts', async ({ gw }) => {
    const { live } = gw.gateway;
    const taken = await Promise.all(Array.from({ length: 12 }, () => live.attemptSlots.acquire('u-parallel', 3, gw.clock.now(), 30_000)));
    expect(taken.filter(Boolean)).toHaveLength(3);
  });

  it('refuses a sign-in while another instance holds the slots, and lets it in once they lapse (their holder died)', async ({ gw }) => {
    const { live, config } = gw.gateway;
    for (let i = 0; i < config.lockout.maxAttemptsInFlight; i++) expect(await live.attemptSlots.acquire('u-agent-ana', config.lockout.maxAttemptsInFlight, gw.clock.now(), 30_000)).toBe(true);
    const refused = await gw.attemptLogin('agent.ana', 'desk-demo-ana-2026');
    expect(refused.status).toBe(429);
    gw.clock.advance(31_000);
    expect((await gw.attemptLogin('agent.ana', 'desk-demo-ana-2026')).status).toBe(200);
  });
});

describe('live feed', () => {
  it('stores a burst in a few commits, and tails every event once, in the order published', async ({ gw }) => {
    let commits = 0;
    const repo = gw.gateway.live.feed;
    const counting: FeedRepo = { ...repo, append: (events, at) => ((commits += 1), repo.append(events, at)) };
    const bus = createEventBus();
    const seen: { id: number; message: string }[] = [];
    bus.subscribe((event, id) => {
      if (event.type === 'alert' && event.data.message.startsWith('burst ') && id !== undefined) seen.push({ id, message: event.data.message });
    });
    const errors: unknown[] = [];
    const feed = createLiveFeed({ repo: counting, bus, clock: gw.clock, pollMs: 60_000, onError: (e) => errors.push(e) });
    await feed.start();
    const burst: SupervisorStreamEvent[] = Array.from({ length: 200 }, (_, i) => ({ type: 'alert', data: sampleAlert({ message: `burst ${i}` }) }));
    await Promise.all(burst.map((event) => feed.publish(event)));
    await feed.stop();
    expect(errors).toEqual([]);
    expect(commits).toBeLessThanOrEqual(2);
    expect(seen.map((s) => s.message)).toEqual(burst.map((_, i) => `burst ${i}`));
    expect(seen.every((s, i) => i === 0 || s.id > (seen[i - 1]?.id ?? 0))).toBe(true);
  });

  it('replays presence and alert events after a Last-Event-ID, not only audit events', async ({ gw }) => {
    const { token: supervisor } = await gw.login('sup.sara');
    const desk = new TestDevice();
    const { token } = await gw.login('agent.ana', { device: desk });
    const from = await gw.gateway.live.feed.lastId();
    expect((await gw.route('heartbeat', { token, body: desk.heartbeat(gw.clock.now(), { captureProtection: 'unsupported' }) })).status).toBe(200);
    const stream = await watchStream(`${gw.url}/v1/supervisor/stream`, supervisor, { 'last-event-id': String(from) });
    try {
      await stream.waitFor((e) => e.type === 'presence' && e.data.deviceId === desk.deviceId);
      await stream.waitFor((e) => e.type === 'alert' && e.data.kind === 'capture_unprotected' && e.data.deviceId === desk.deviceId);
      const ids = [...stream.text().matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
      expect(ids.length).toBeGreaterThanOrEqual(2);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.every((id) => id > from)).toBe(true);
    } finally {
      stream.close();
    }
  });

  it('forgets feed entries, quota charges and window hits that no window or replay can use any more', async ({ gw }) => {
    const { live, config } = gw.gateway;
    const housekeep = liveHousekeeping({ live, alerts: gw.gateway.store.alerts, clock: gw.clock, config });
    await live.ingestCharges.charge(['prune:device'], gw.clock.now(), { events: 1, bytes: 1 }, config.audit.quotas);
    expect(await live.windows.hit('prune', 'x', gw.clock.now(), 60_000)).toBe(1);
    expect(await live.feed.lastId()).toBeGreaterThan(0);
    const longestQuotaMs = Math.max(...config.audit.quotas.map((q) => q.windowSeconds * 1000));
    gw.clock.advance(Math.max(config.stream.feedRetentionMinutes * 60_000, longestQuotaMs) + 60_000);
    await housekeep();
    expect(await live.feed.after(0, 10)).toEqual([]);
    expect(await live.ingestCharges.recent(['prune:device'], 0)).toEqual([]);
    // Hit at an old time again: had the first stayed, it would count too.
    expect(await live.windows.hit('prune', 'x', gw.clock.now() - 120 * 60_000, 365 * 86_400_000)).toBe(1);
  });
});
