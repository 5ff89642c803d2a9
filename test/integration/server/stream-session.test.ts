// The supervisor stream lives only as long as its session, and cannot be used
// to exhaust the gateway: attacked over real HTTP on 127.0.0.1 with a real
// stream signed out under, expiring and revoked, parallel opens past the caps,
// a client that never reads, a Last-Event-ID asking for everything, and card
// numbers in the frames.
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { SupervisorStreamEvent } from '../../../shared/api.ts';
import { containsPan } from '../../../shared/pan.ts';
import type { GatewayConfigInput } from '../../../server/config.ts';
import { TestDevice } from '../../harness/device/device.ts';
import { startGateway, type RunningGateway } from '../../harness/gateway/gateway.ts';
import { watchStream } from '../../harness/gateway/sse.ts';
import { sampleAlert } from '../../harness/gateway/alerts.ts';

const running: RunningGateway[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((gw) => gw.close()));
});
const gateway = async (stream: NonNullable<GatewayConfigInput['stream']>): Promise<RunningGateway> => {
  const gw = await startGateway({ customers: 2, config: { stream } });
  running.push(gw);
  return gw;
};
const streamUrl = (gw: RunningGateway): string => `${gw.url}/v1/supervisor/stream`;

const alertEvent = (message: string): SupervisorStreamEvent => ({ type: 'alert', data: sampleAlert({ alertId: 'A-test', message }) });

describe('a stream ends with its session', () => {
  it('closes the open stream the moment its session signs out, without waiting for the periodic check', async () => {
    // The periodic check is an hour away: only the sign-out itself can close the stream in time.
    const gw = await gateway({ sessionRecheckMs: 3_600_000 });
    const { grant, token } = await gw.login('sup.sara');
    const stream = await watchStream(streamUrl(gw), token);
    expect((await gw.route('logout', { body: { refreshToken: grant.tokens.refreshToken } })).status).toBe(200);
    await stream.ended;
    expect(gw.gateway.streams.openCount()).toBe(0);
    expect((await gw.route('supervisorStream', { token })).status).toBe(401);
  });

  it('closes when the access token expires while streaming', async () => {
    const gw = await gateway({ sessionRecheckMs: 50 });
    const { token } = await gw.login('sup.sara');
    const stream = await watchStream(streamUrl(gw), token);
    gw.clock.advance((gw.gateway.config.tokens.accessMinutes * 60 + 1) * 1000);
    await stream.ended;
    expect(gw.gateway.streams.openCount()).toBe(0);
  });

  it('closes when the session is revoked on the gateway (not by this client)', async () => {
    const gw = await gateway({ sessionRecheckMs: 50 });
    const { token } = await gw.login('sup.sara');
    const principal = await gw.gateway.auth.authenticate(token);
    if (principal === null) throw new Error('fresh token did not authenticate');
    const stream = await watchStream(streamUrl(gw), token);
    await gw.gateway.store.identity.revokeFamily(principal.familyId, gw.clock.now());
    await stream.ended;
    expect(gw.gateway.streams.openCount()).toBe(0);
  });

  it('another session of the same user signing out leaves this stream open', async () => {
    const gw = await gateway({ sessionRecheckMs: 3_600_000 });
    const mine = await gw.login('sup.sara');
    const other = await gw.login('sup.sara');
    const stream = await watchStream(streamUrl(gw), mine.token);
    try {
      await gw.route('logout', { body: { refreshToken: other.grant.tokens.refreshToken } });
      gw.gateway.bus.publish(alertEvent('still here'));
      await stream.waitFor((e) => e.type === 'alert' && e.data.message === 'still here');
      expect(gw.gateway.streams.openCount()).toBe(1);
    } finally {
      stream.close();
    }
  });
});

describe('stream caps', () => {
  const openMany = async (gw: RunningGateway, token: string, count: number) => {
    const abort = new AbortController();
    const answers = await Promise.all(
      Array.from({ length: count }, () => fetch(streamUrl(gw), { headers: { authorization: `Bearer ${token}` }, signal: abort.signal })),
    );
    return { statuses: answers.map((a) => a.status).sort(), close: () => abort.abort() };
  };

  it('opens at most maxPerUser streams for one user, however many are asked for at once', async () => {
    const gw = await gateway({ maxPerUser: 2, maxTotal: 50 });
    const first = await gw.login('sup.sara');
    const second = await gw.login('sup.sara');
    const opened = await openMany(gw, first.token, 6);
    try {
      expect(opened.statuses).toEqual([200, 200, 429, 429, 429, 429]);
      // A second session of the same user shares the cap.
      expect((await gw.route('supervisorStream', { token: second.token })).status).toBe(429);
    } finally {
      opened.close();
    }
    await expect.poll(() => gw.gateway.streams.openCount()).toBe(0);
  });

  it('opens at most maxTotal streams in all', async () => {
    const gw = await gateway({ maxPerUser: 50, maxTotal: 3 });
    const { token } = await gw.login('sup.sara');
    const opened = await openMany(gw, token, 8);
    try {
      expect(opened.statuses).toEqual([200, 200, 200, 429, 429, 429, 429, 429]);
    } finally {
      opened.close();
    }
  });

  it('drops a client that does not read, instead of queueing its frames without bound', async () => {
    const gw = await gateway({ maxBufferedBytes: 64 * 1024 });
    const { token } = await gw.login('sup.sara');
    const port = new URL(gw.url).port;
    const socket = connect(Number(port), '127.0.0.1');
    const closed = new Promise<void>((resolve) => socket.on('close', () => { resolve(); }));
    socket.on('error', () => undefined);
    socket.write(`GET /v1/supervisor/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\n\r\n`);
    socket.pause();
    await expect.poll(() => gw.gateway.streams.openCount()).toBe(1);
    const message = `bulk ${'x'.repeat(480)}`;
    let published = 0;
    while (gw.gateway.streams.openCount() > 0 && published < 200_000) {
      for (let i = 0; i < 200; i++) gw.gateway.bus.publish(alertEvent(message));
      published += 200;
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(gw.gateway.streams.openCount()).toBe(0);
    socket.resume();
    await closed;
    // Far more than the kernel buffers and the cap had been offered: the gateway did not hold them.
    expect(published * message.length).toBeGreaterThan(64 * 1024);
  });

  it('replays at most maxReplayEvents per connection, then ends it; resuming from its last id loses and repeats nothing', async () => {
    const cap = 5;
    const gw = await gateway({ maxReplayEvents: cap });
    const { token: supervisor } = await gw.login('sup.sara');
    const desk = new TestDevice();
    const { token } = await gw.login('agent.ana', { device: desk });
    const deskIds = (events: readonly SupervisorStreamEvent[]): string[] =>
      events.flatMap((e) => (e.type === 'audit' && e.data.deviceId === desk.deviceId ? [e.data.event.id] : []));
    let from = '0';
    const seen: string[] = [];
    /** Follows the stream as main's client does, reconnecting from the last id it got, until `eventId` arrives; returns the connections used. */
    const followUntil = async (eventId: string): Promise<number> => {
      for (let connection = 1; connection <= 20; connection++) {
        const stream = await watchStream(streamUrl(gw), supervisor, { 'last-event-id': from });
        const arrived = stream.waitFor((e) => e.type === 'audit' && e.data.event.id === eventId, 10_000);
        const outcome = await Promise.race([arrived.then(() => 'arrived' as const, () => 'missing' as const), stream.ended.then(() => 'ended' as const)]);
        seen.push(...deskIds(stream.events));
        from = stream.lastId() ?? from;
        stream.close();
        if (outcome === 'arrived') return connection;
        // Only a connection that carried the whole cap ends, and it tells the client when to come back.
        expect(outcome).toBe('ended');
        expect(stream.events).toHaveLength(cap);
        expect(stream.text()).toMatch(/retry: \d+/);
      }
      throw new Error(`${eventId} never arrived`);
    };

    const missed = Array.from({ length: 12 }, () => desk.event());
    expect((await gw.route('auditBatches', { token, body: desk.batch(desk.append(missed)) })).status).toBe(200);
    // SSE ids are live feed ids, and the feed also carries the gateway's own records and alerts: the cap counts feed entries.
    expect(await followUntil(missed.at(-1)?.id ?? '')).toBeGreaterThanOrEqual(3);
    const live = desk.event();
    expect((await gw.route('auditBatches', { token, body: desk.batch(desk.append([live])) })).status).toBe(200);
    await followUntil(live.id);
    expect(seen).toEqual([...missed, live].map((e) => e.id));
  });
});

describe('stream frames', () => {
  it('redacts card numbers in every frame, which bypass the answer hook, on every stream the frame goes to', async () => {
    const gw = await gateway({});
    const { token } = await gw.login('sup.sara');
    // The frame is built and redacted once for all streams: each must still get the redacted one.
    const streams = await Promise.all([watchStream(streamUrl(gw), token), watchStream(streamUrl(gw), token)]);
    try {
      gw.gateway.bus.publish(alertEvent('card 4111 1111 1111 1111 and 5555-5555-5555-4444 slipped into a message'));
      for (const stream of streams) {
        const seen = await stream.waitFor((e) => e.type === 'alert' && e.data.message.includes('slipped'));
        expect(seen.type === 'alert' && seen.data.message).toContain('[card ••••1111]');
        expect(containsPan(stream.text())).toBe(false);
      }
    } finally {
      for (const stream of streams) stream.close();
    }
  });
});
