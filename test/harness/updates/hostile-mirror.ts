// A mirror on 127.0.0.1 in front of the gateway's update routes, as whoever
// controls the network path or a CDN could run it: it passes requests on, or
// for a chosen file sends bytes without end, or trickles them so slowly that
// only a time limit ends the download.
import { createServer, request as forward, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type MirrorBehaviour = 'pass' | 'endless' | 'trickle';

export interface HostileMirror {
  readonly url: string;
  /** How requests whose path ends with `fileSuffix` are answered from now on. */
  set(fileSuffix: string, behaviour: MirrorBehaviour): void;
  /** Bytes sent by misbehaving answers so far. */
  readonly sent: () => number;
  close(): Promise<void>;
}

export async function startHostileMirror(upstream: string): Promise<HostileMirror> {
  const target = new URL(upstream);
  const rules = new Map<string, MirrorBehaviour>();
  const open = new Set<ServerResponse>();
  let sent = 0;
  const misbehave = (res: ServerResponse, behaviour: Exclude<MirrorBehaviour, 'pass'>): void => {
    open.add(res);
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    const chunk = Buffer.alloc(behaviour === 'endless' ? 64 * 1024 : 1, 0x41);
    const timer = setInterval(() => {
      if (res.destroyed) return;
      sent += chunk.length;
      res.write(chunk);
    }, behaviour === 'endless' ? 1 : 250);
    res.on('close', () => {
      clearInterval(timer);
      open.delete(res);
    });
  };
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    const rule = [...rules].find(([suffix]) => path.endsWith(suffix))?.[1] ?? 'pass';
    if (rule !== 'pass') {
      misbehave(res, rule);
      return;
    }
    const upstreamRequest = forward({ host: target.hostname, port: target.port, method: req.method, path, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstreamRequest.on('error', () => res.destroy());
    req.pipe(upstreamRequest);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    set: (suffix, behaviour) => rules.set(suffix, behaviour),
    sent: () => sent,
    close: async () => {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
