// Signed checkpoints also go to syslog (RFC 5424), to a real collector on
// 127.0.0.1: one datagram each over UDP, octet-counted frames over TCP. Each
// message carries the signed note byte for byte, which the SIEM can verify.
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startGateway } from '../../harness/gateway/gateway.ts';

const HEADER = /^<110>1 \d{4}-\d\d-\d\dT[\d:.]+Z \S+ sentinel-gateway \d+ checkpoint \[checkpoint@32473 origin="[^"]+" size="(\d+)" root="([A-Za-z0-9+/=]+)"\] /;

/** A UDP collector: every datagram received, as text. */
async function udpCollector(): Promise<{ port: number; received: string[]; close(): Promise<void> }> {
  const socket = createSocket('udp4');
  const received: string[] = [];
  socket.on('message', (message) => received.push(message.toString('utf8')));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { port: socket.address().port, received, close: () => new Promise((resolve) => socket.close(() => resolve())) };
}

/** A TCP collector reading RFC 6587 octet-counted frames. */
async function tcpCollector(): Promise<{ port: number; received: string[]; close(): Promise<void> }> {
  const received: string[] = [];
  const server = createServer((socket) => {
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const space = buffer.indexOf(0x20);
        if (space < 0) return;
        const length = Number(buffer.subarray(0, space).toString('ascii'));
        if (buffer.length < space + 1 + length) return;
        received.push(buffer.subarray(space + 1, space + 1 + length).toString('utf8'));
        buffer = buffer.subarray(space + 1 + length);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { port: address.port, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe.for(['udp', 'tcp'] as const)('checkpoints to syslog over %s', (transport) => {
  it('sends each checkpoint it signs, with the signed note as the message', async () => {
    const collector = transport === 'udp' ? await udpCollector() : await tcpCollector();
    try {
      await using gw = await startGateway({ customers: 2, config: { checkpointSyslog: { host: '127.0.0.1', port: collector.port, transport } } });
      await gw.login('agent.ana');
      const { checkpoint } = (await gw.route('logCheckpoint', {})).body;
      // The checkpoint the route answered was signed (now or by an earlier receipt) and sent: wait for it to arrive.
      await expect.poll(() => collector.received.some((m) => m.endsWith(checkpoint)), { timeout: 30_000 }).toBe(true);
      const message = collector.received.find((m) => m.endsWith(checkpoint)) ?? '';
      const header = HEADER.exec(message);
      expect(header).not.toBeNull();
      expect(message.slice(header?.[0].length)).toBe(checkpoint);
      expect(checkpoint.split('\n')[1]).toBe(header?.[1]);
      expect(checkpoint.split('\n')[2]).toBe(header?.[2]);
    } finally {
      await collector.close();
    }
  });
});
