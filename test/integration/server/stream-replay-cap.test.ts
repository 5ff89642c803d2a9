// The replay cap of a resumed supervisor stream, attacked at its edges: a cap
// of 1 while events keep arriving, a resume whose cap falls exactly at the end
// of the feed, and a client that never advances its Last-Event-ID. The promise
// (event-stream.ts): a connection replays at most maxReplayEvents; with more
// missed it ends (with a retry hint) and a client resuming from the last id it
// got catches up, losing and repeating nothing; a resume that missed exactly
// the cap goes live; and no request makes the gateway do more than a cap's work.
// Opening a stream writes its own audit.read record to the feed before the
// replay: before the fix it counted as a missed event, so a resume that missed
// exactly the cap ended instead of going live; and under a cap of 1 a client
// that was behind never went live (each connection replayed one entry and
// added one for the next), so the config now refuses a cap below 2.
import { afterEach, describe, expect, it } from 'vitest';
import type { SupervisorStreamEvent } from '../../../shared/api.ts';
import { GatewayConfigSchema } from '../../../server/config.ts';
import { sampleAlert } from '../../harness/gateway/alerts.ts';
import { startGateway, type RunningGateway } from '../../harness/gateway/gateway.ts';
import { watchStream } from '../../harness/gateway/sse.ts';

const running: RunningGateway[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((gw) => gw.close()));
});
const gateway = async (maxReplayEvents: number): Promise<RunningGateway> => {
  const gw = await startGateway({ customers: 2, config: { stream: { maxReplayEvents } } });
  running.push(gw);
  return gw;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An alert whose message names it: the test's own marks in the feed. */
const mark = (name: string): SupervisorStreamEvent => ({ type: 'alert', data: sampleAlert({ alertId: `A-${name}`, message: name }) });
const marksOf = (events: readonly SupervisorStreamEvent[], prefix: string): string[] =>
  events.flatMap((e) => (e.type === 'alert' && e.data.message.startsWith(prefix) ? [e.data.message] : []));

describe('the smallest replay cap', () => {
  it('refuses a cap of 1, under which a client that is behind could never catch up', () => {
    expect(() => GatewayConfigSchema.parse({ stream: { maxReplayEvents: 1 } })).toThrow();
  });

  it('catches up, with a cap of 2, a client following from the start while events keep arriving, each event once and in order', async () => {
    const gw = await gateway(2);
    const { token } = await gw.login('sup.sara');
    const from = String(await gw.gateway.live.feed.lastId());
    const published: string[] = [];
    for (let i = 0; i < 6; i++) {
      published.push(`cap1-${i}`);
      await gw.gateway.liveFeed.publish(mark(`cap1-${i}`));
    }
    let producing = true;
    // A producer keeps adding events while the client catches up a cap at a time.
    const producer = (async () => {
      for (let i = 6; i < 30; i++) {
        published.push(`cap1-${i}`);
        await gw.gateway.liveFeed.publish(mark(`cap1-${i}`));
        await sleep(10);
      }
      producing = false;
    })();
    let resumeFrom = from;
    const seen: string[] = [];
    let ends = 0;
    /** Follows one connection until the gateway ends it, or the producer is done and nothing arrived for 300 ms. */
    const follow = async (): Promise<'ended' | 'quiet'> => {
      const stream = await watchStream(`${gw.url}/v1/supervisor/stream`, token, { 'last-event-id': resumeFrom });
      try {
        let count = -1;
        for (;;) {
          const outcome = await Promise.race([stream.ended.then(() => 'ended' as const), sleep(300).then(() => 'waited' as const)]);
          if (outcome === 'ended') {
            // A connection that ended carried the cap of missed entries and at most as many since, and always
            // its resume point: also one whose replay was outrun by live events (under load, after it sent some).
            expect(stream.events.length).toBeLessThanOrEqual(4);
            expect(stream.text()).toMatch(/resume from Last-Event-ID \d+\nretry: \d+/);
            return 'ended';
          }
          if (!producing && stream.events.length === count) return 'quiet';
          count = stream.events.length;
        }
      } finally {
        seen.push(...marksOf(stream.events, 'cap1-'));
        resumeFrom = stream.lastId() ?? resumeFrom;
        stream.close();
      }
    };
    let wentLive = false;
    for (let connection = 0; connection < 200 && !wentLive; connection++) {
      if ((await follow()) === 'quiet') wentLive = true;
      else ends += 1;
    }
    await producer;
    // Caught up: the client is live, not resuming forever.
    expect(wentLive, `still resuming after ${ends} connections that each ended`).toBe(true);
    expect(seen).toEqual(published);
    // It had to catch up the six it missed two at a time.
    expect(ends).toBeGreaterThanOrEqual(3);
  }, 120_000);
});

describe('a resume whose cap falls exactly at the end of the feed', () => {
  it('goes live after exactly the cap missed, and ends only when one more was missed', async () => {
    const cap = 4;
    const gw = await gateway(cap);
    const { token } = await gw.login('sup.sara');
    const url = `${gw.url}/v1/supervisor/stream`;

    const from = String(await gw.gateway.live.feed.lastId());
    for (let i = 0; i < cap; i++) await gw.gateway.liveFeed.publish(mark(`edge-${i}`));
    const exact = await watchStream(url, token, { 'last-event-id': from });
    try {
      await exact.waitFor((e) => e.type === 'alert' && e.data.message === `edge-${cap - 1}`);
      // Nothing lies past the cap: the connection stays open and the next event arrives live on it.
      // The stream's own audit record of this read arrives after the replay: it is live, not missed.
      const exactOutcome = await Promise.race([exact.ended.then(() => 'ended'), sleep(600).then(() => 'open')]);
      expect(exactOutcome).toBe('open');
      await gw.gateway.liveFeed.publish(mark('edge-live'));
      await exact.waitFor((e) => e.type === 'alert' && e.data.message === 'edge-live');
      expect(marksOf(exact.events, 'edge-')).toEqual([...Array.from({ length: cap }, (_, i) => `edge-${i}`), 'edge-live']);
    } finally {
      exact.close();
    }

    const before = String(await gw.gateway.live.feed.lastId());
    for (let i = 0; i <= cap; i++) await gw.gateway.liveFeed.publish(mark(`over-${i}`));
    const over = await watchStream(url, token, { 'last-event-id': before });
    await over.ended;
    expect(marksOf(over.events, 'over-')).toEqual(Array.from({ length: cap }, (_, i) => `over-${i}`));
    expect(over.text()).toMatch(new RegExp(`resume from Last-Event-ID ${over.lastId() ?? 'none'}\\nretry: \\d+`));
    const rest = await watchStream(url, token, { 'last-event-id': over.lastId() ?? '' });
    try {
      await rest.waitFor((e) => e.type === 'alert' && e.data.message === `over-${cap}`);
      expect(await Promise.race([rest.ended.then(() => 'ended'), sleep(400).then(() => 'open')])).toBe('open');
      expect(marksOf(rest.events, 'over-')).toEqual([`over-${cap}`]);
    } finally {
      rest.close();
    }
  });
});

describe('a client that never advances its Last-Event-ID', () => {
  it('gets the same capped replay on every connection, each ended with nothing held open, and cannot make one connection do more', async () => {
    const cap = 3;
    const gw = await gateway(cap);
    const { token } = await gw.login('sup.sara');
    const from = String(await gw.gateway.live.feed.lastId());
    for (let i = 0; i < 50; i++) await gw.gateway.liveFeed.publish(mark(`stuck-${i}`));
    const texts = new Set<string>();
    // Sequential and parallel repeats of the same resume point.
    for (let round = 0; round < 5; round++) {
      const streams = await Promise.all(Array.from({ length: 3 }, () => watchStream(`${gw.url}/v1/supervisor/stream`, token, { 'last-event-id': from })));
      for (const stream of streams) {
        await stream.ended;
        expect(marksOf(stream.events, 'stuck-')).toEqual(['stuck-0', 'stuck-1', 'stuck-2']);
        texts.add(stream.text().replace(/: keep-alive\n\n/g, ''));
      }
    }
    // Every connection sent the very same bytes: a cap of events and the hint, nothing more.
    expect(texts.size).toBe(1);
    await expect.poll(() => gw.gateway.streams.openCount()).toBe(0);
  });
});
