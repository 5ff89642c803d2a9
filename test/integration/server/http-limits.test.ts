// The gateway's HTTP plumbing against clients that misbehave on purpose: card
// numbers in the URL (the log carries route patterns only), a slow-loris that
// never finishes its request, an idle socket, one address opening socket after
// socket, and the event stream, which must outlive the timeouts meant for them.
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayConfigInput } from '../../../server/config.ts';
import { startGateway, startSecondInstance, type RunningGateway } from '../../harness/gateway/gateway.ts';
import { watchStream } from '../../harness/gateway/sse.ts';

const running: RunningGateway[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(running.splice(0).map((gw) => gw.close()));
});
const gateway = async (config: GatewayConfigInput = {}): Promise<RunningGateway> => {
  const gw = await startGateway({ customers: 2, config });
  running.push(gw);
  return gw;
};

/** A raw TCP client; `closed` resolves when the gateway hangs up. */
const rawSocket = async (gw: RunningGateway): Promise<{ socket: Socket; closed: Promise<string> }> => {
  const socket = connect(Number(new URL(gw.url).port), '127.0.0.1');
  sockets.push(socket);
  let received = '';
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString('utf8');
  });
  socket.on('error', () => undefined);
  const closed = new Promise<string>((resolve) => socket.on('close', () => { resolve(received); }));
  await new Promise<void>((resolve) => socket.once('connect', () => { resolve(); }));
  return { socket, closed };
};

describe('request log', () => {
  it('logs route patterns, never the raw path or query a client sent', async () => {
    const gw = await gateway();
    const { token } = await gw.login('agent.ana');
    const answers = await Promise.all([
      gw.call('GET', '/nope/5555+5555+5555+4444'),
      gw.call('GET', '/nope/4111111111111111?card=4111-1111-1111-1111'),
      gw.call('GET', '/v1/customers/5555%205555%205555%204444', { token }),
      gw.call('GET', '/v1/customers/CUS-000001?note=5555.5555.5555.4444', { token }),
      gw.call('POST', '/v1/customers/lookup?x=4111111111111111', { token, body: { by: 'customerId', value: 'CUS-000001' } }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([404, 404, 400, 200, 200]);
    const log = readFileSync(gw.logPath, 'utf8');
    for (const raw of ['nope', '5555', '4111', 'card=', 'note=', '?x=']) expect(log).not.toContain(raw);
    const routes = log.split('\n').filter((l) => l.includes('"msg":"request"')).map((l) => (JSON.parse(l) as { route: string }).route);
    expect(routes).toEqual(expect.arrayContaining(['unmatched', '/v1/customers/:customerId', '/v1/customers/lookup']));
  });
});

describe('timeouts and connection caps', () => {
  it('cuts off a slow-loris request that never finishes its headers or its body', async () => {
    const gw = await gateway({ limits: { requestTimeoutMs: 300 } });
    const [headers, body] = await Promise.all([rawSocket(gw), rawSocket(gw)]);
    headers.socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    body.socket.write('POST /v1/auth/logout HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"refresh');
    const [headersAnswer, bodyAnswer] = await Promise.all([headers.closed, body.closed]);
    expect(headersAnswer).not.toContain('200 OK');
    expect(bodyAnswer).not.toContain('200 OK');
  });

  it('closes a connection that stays silent for connectionTimeoutMs', async () => {
    const gw = await gateway({ limits: { connectionTimeoutMs: 300 } });
    const { closed } = await rawSocket(gw);
    expect(await closed).toBe('');
  });

  it('keeps a quiet event stream open past both timeouts that cut the other sockets', async () => {
    const first = await gateway({ stream: { keepAliveMs: 600_000 } });
    // Signed in on an instance with the default limits: on a loaded machine a sign-in can sit longer than a
    // tight idle timeout, which would cut it off before the stream under test exists.
    const { token } = await first.login('sup.sara');
    const gw = await startSecondInstance(first, { requestTimeoutMs: 1_000, connectionTimeoutMs: 1_000 });
    const stream = await watchStream(`${gw.url}/v1/supervisor/stream`, token);
    try {
      // Both cut-offs fire after the stream's last byte, so the stream has been quiet at least as long.
      const [loris, idle] = await Promise.all([rawSocket(gw), rawSocket(gw)]);
      loris.socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      await Promise.all([loris.closed, idle.closed]);
      gw.gateway.bus.publish({
        type: 'alert',
        data: { alertId: 'A-1', kind: 'sync_lag', severity: 'info', raisedAt: new Date().toISOString(), userId: null, deviceId: null, message: 'still streaming', status: 'open', occurrences: 1, lastOccurredAt: new Date().toISOString(), acks: [] },
      });
      await stream.waitFor((e) => e.type === 'alert' && e.data.message === 'still streaming');
    } finally {
      stream.close();
      await gw.close();
    }
  });

  it('caps the connections one address holds open at once', async () => {
    const gw = await gateway({ limits: { connectionsPerIp: 4 } });
    const held = await Promise.all(Array.from({ length: 4 }, () => rawSocket(gw)));
    const extra = await rawSocket(gw);
    expect(await extra.closed).toBe('');
    held[0]?.socket.destroy();
    await held[0]?.closed;
    // The freed slot is usable again (the gateway counted the close).
    await expect
      .poll(async () => {
        const next = await rawSocket(gw);
        next.socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
        return (await next.closed).startsWith('HTTP/1.1 200');
      })
      .toBe(true);
  });
});
