// The supervisor stream in main must notice a stream that froze without
// closing (a proxy or NAT that silently stopped forwarding) and reconnect,
// resuming from the last event id so nothing is lost. Real gateway on
// 127.0.0.1, real ApiClient and SupervisorStream, and a TCP relay in between
// that can stop forwarding the gateway's bytes while keeping the socket open.
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../../../main/api/api-client.ts';
import { StreamIdleError, SupervisorStream } from '../../../main/supervision/supervisor-stream.ts';
import type { SupervisorStreamEvent } from '../../../shared/api.ts';
import { TestDevice } from '../../harness/device/device.ts';
import { startGateway, type RunningGateway } from '../../harness/gateway/gateway.ts';

interface FreezableRelay {
  readonly url: string;
  /** What each client connection sent, in order (the request lines and headers). */
  readonly requests: string[];
  /** Bytes relayed from the gateway on each connection. */
  readonly relayed: string[];
  /** Stops forwarding the gateway's bytes on every open connection; the sockets stay open. */
  freeze(): void;
  close(): Promise<void>;
}

async function startFreezableRelay(target: string): Promise<FreezableRelay> {
  const upstream = new URL(target);
  const sockets = new Set<Socket>();
  const frozen = new Set<Socket>();
  const requests: string[] = [];
  const relayed: string[] = [];
  const server: Server = createServer((client) => {
    const index = requests.push('') - 1;
    relayed.push('');
    const gateway = connect(Number(upstream.port), upstream.hostname);
    sockets.add(client).add(gateway);
    client.on('data', (chunk: Buffer) => {
      requests[index] = `${requests[index] ?? ''}${chunk.toString('utf8')}`;
      gateway.write(chunk);
    });
    gateway.on('data', (chunk: Buffer) => {
      if (frozen.has(client)) return;
      relayed[index] = `${relayed[index] ?? ''}${chunk.toString('utf8')}`;
      client.write(chunk);
    });
    for (const [a, b] of [[client, gateway], [gateway, client]] as const) {
      a.on('error', () => b.destroy());
      a.on('close', () => b.destroy());
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => { resolve(); }));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    relayed,
    freeze: () => {
      for (const socket of sockets) frozen.add(socket);
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => { resolve(); }));
    },
  };
}

let gw: RunningGateway;
let relay: FreezableRelay;
beforeAll(async () => {
  gw = await startGateway({ customers: 1, config: { stream: { keepAliveMs: 100 } } });
  relay = await startFreezableRelay(gw.url);
});
afterAll(async () => {
  await relay.close();
  await gw.close();
});

/** main's real API client with a fixed access token, as a signed-in supervisor's desk holds it. */
const apiAs = (token: string, baseUrl: string) =>
  createApiClient({ baseUrl, tlsPins: [], timeoutMs: 5000, tokens: () => ({ accessToken: () => token, refreshAccessToken: () => Promise.resolve(false) }) });

describe('supervisor stream watchdog', () => {
  it('keeps a live stream, drops a frozen one and resumes from the last event id without losing an event', async () => {
    const { token } = await gw.login('sup.sara');
    const api = apiAs(token, relay.url);
    const received: SupervisorStreamEvent[] = [];
    const reported: unknown[] = [];
    const follower = new SupervisorStream({
      api,
      onEvent: (event) => received.push(event),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      retry: { baseMs: 10, capMs: 50 },
      report: (error) => reported.push(error),
      idleTimeoutMs: 400,
    });
    const desk = new TestDevice();
    const agent = await gw.login('agent.ana', { device: desk });
    const audited = (id: string) => () => received.some((e) => e.type === 'audit' && e.data.event.id === id);
    follower.start();
    try {
      // Keep-alives come every 100 ms: six of them span more than the 400 ms watchdog, on one connection.
      await expect.poll(() => (relay.relayed[0] ?? '').split(': keep-alive').length - 1, { timeout: 5000 }).toBeGreaterThanOrEqual(6);
      expect(relay.requests).toHaveLength(1);

      const before = desk.event();
      await gw.route('auditBatches', { token: agent.token, body: desk.batch(desk.append([before])) });
      await expect.poll(audited(before.id), { timeout: 5000 }).toBe(true);
      relay.freeze();
      // The last event id the follower got before the freeze is where it must resume.
      const lastId = [...(relay.relayed[0] ?? '').matchAll(/^id: (\d+)$/gm)].at(-1)?.[1];
      const during = desk.event();
      await gw.route('auditBatches', { token: agent.token, body: desk.batch(desk.append([during])) });
      await expect.poll(audited(during.id), { timeout: 5000 }).toBe(true);

      expect(reported.some((e) => e instanceof StreamIdleError)).toBe(true);
      expect(relay.requests).toHaveLength(2);
      expect(lastId).toBeDefined();
      expect(relay.requests[1]?.toLowerCase()).toContain(`last-event-id: ${lastId ?? ''}`);
      expect(received.filter((e) => e.type === 'audit' && e.data.event.id === during.id)).toHaveLength(1);
    } finally {
      await follower.stop();
    }
  });

  it('catches up on more missed events than one replay carries, a capped replay per connection, each event once', async () => {
    const cap = 5;
    await using capped = await startGateway({ customers: 1, config: { stream: { maxReplayEvents: cap } } });
    const { token } = await capped.login('sup.sara');
    const api = apiAs(token, capped.url);
    const received: SupervisorStreamEvent[] = [];
    let connections = 0;
    const follower = new SupervisorStream({
      api,
      onEvent: (event) => received.push(event),
      onState: (state) => {
        if (state.status === 'live') connections += 1;
      },
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      retry: { baseMs: 10, capMs: 50 },
      report: () => undefined,
    });
    const desk = new TestDevice();
    const agent = await capped.login('agent.ana', { device: desk });
    const deskIds = (): string[] => received.flatMap((e) => (e.type === 'audit' && e.data.deviceId === desk.deviceId ? [e.data.event.id] : []));
    const first = desk.event();
    follower.start();
    await expect.poll(() => connections, { timeout: 5000 }).toBe(1);
    await capped.route('auditBatches', { token: agent.token, body: desk.batch(desk.append([first])) });
    await expect.poll(deskIds, { timeout: 5000 }).toEqual([first.id]);
    // Away (stopped, keeping its resume point) while the desk sends four caps' worth.
    await follower.stop();
    const missed = Array.from({ length: 4 * cap }, () => desk.event());
    expect((await capped.route('auditBatches', { token: agent.token, body: desk.batch(desk.append(missed)) })).status).toBe(200);
    follower.start();
    try {
      await expect.poll(deskIds, { timeout: 10_000 }).toEqual([first, ...missed].map((e) => e.id));
      // Each connection replayed at most the cap: at least four, then one more that goes live.
      expect(connections).toBeGreaterThanOrEqual(1 + 4);
      const live = desk.event();
      await capped.route('auditBatches', { token: agent.token, body: desk.batch(desk.append([live])) });
      await expect.poll(deskIds, { timeout: 5000 }).toEqual([first, ...missed, live].map((e) => e.id));
    } finally {
      await follower.stop();
    }
  });
});
