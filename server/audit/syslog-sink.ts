// Sends syslog messages to a collector over UDP (one datagram each) or TCP
// (RFC 6587 octet counting, so the multi-line note stays one message). A send
// that fails is reported, never thrown: the checkpoint is already signed and
// stored, and the next one goes out on a fresh connection.
import { createSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';

const CONNECT_TIMEOUT_MS = 5_000;

export interface SyslogTarget {
  readonly host: string;
  readonly port: number;
  readonly transport: 'udp' | 'tcp';
}

export interface SyslogSink {
  send(message: string): Promise<void>;
  close(): Promise<void>;
}

export function createSyslogSink(target: SyslogTarget, onError: (error: unknown) => void): SyslogSink {
  if (target.transport === 'udp') {
    const socket = createSocket(target.host.includes(':') ? 'udp6' : 'udp4');
    socket.on('error', onError);
    socket.unref();
    return {
      send: (message) =>
        new Promise((resolve) => {
          socket.send(Buffer.from(message, 'utf8'), target.port, target.host, (error) => {
            if (error) onError(error);
            resolve();
          });
        }),
      close: () => new Promise((resolve) => socket.close(() => resolve())),
    };
  }
  let socket: Promise<Socket> | null = null;
  const connection = (): Promise<Socket> =>
    (socket ??= new Promise((resolve, reject) => {
      const s = connect({ host: target.host, port: target.port }, () => {
        s.setTimeout(0);
        resolve(s);
      });
      // A collector that never answers must not hold a send, or the gateway's shutdown, for ever.
      s.setTimeout(CONNECT_TIMEOUT_MS, () => s.destroy(new Error(`syslog collector ${target.host}:${target.port} did not accept a connection`)));
      s.once('error', (error) => {
        socket = null;
        reject(error);
      });
      s.once('close', () => {
        socket = null;
      });
      s.unref();
    }));
  return {
    async send(message) {
      const bytes = Buffer.from(message, 'utf8');
      try {
        const s = await connection();
        await new Promise<void>((resolve, reject) => s.write(`${bytes.length} ${message}`, (error) => (error ? reject(error) : resolve())));
      } catch (error) {
        onError(error);
      }
    },
    async close() {
      const open = socket;
      socket = null;
      const s = await open?.catch(() => null);
      if (s) await new Promise<void>((resolve) => s.end(() => resolve()));
    },
  };
}
