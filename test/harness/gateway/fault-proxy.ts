// An HTTP proxy on 127.0.0.1 in front of the gateway that injects faults on
// request: error statuses, 429 with Retry-After, connections dropped before or
// after the gateway saw the request, slow answers, and answers held back until
// the test releases them (to act while a request is in flight).
import { createServer, request as forward, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  | { readonly kind: 'status'; readonly status: number; readonly retryAfter?: string; readonly message?: string }
  | { readonly kind: 'drop-before' }
  | { readonly kind: 'drop-after' }
  | { readonly kind: 'slow'; readonly delayMs: number }
  | { readonly kind: 'refuse' }
  /** Forwarded; the gateway's answer is held until release(). */
  | { readonly kind: 'hold' }
  /** Accepts the request and never answers (until the proxy closes). */
  | { readonly kind: 'hang' }
  /** Forwarded; the gateway's answer body is rewritten on its way back (a man in the middle). */
  | { readonly kind: 'rewrite'; readonly edit: (body: string) => string };

export interface FaultProxy {
  readonly url: string;
  /** Faults applied, in order, to the next requests whose path starts with `pathPrefix`. */
  inject(pathPrefix: string, faults: readonly Fault[]): void;
  /** Every matching request fails with this fault until cleared (an outage). */
  outage(pathPrefix: string, fault: Fault | null): void;
  readonly log: { path: string; fault: Fault['kind'] | 'pass' }[];
  /** Resolves once the gateway has answered a 'hold' request and the answer is being held. */
  held(): Promise<void>;
  /** Sends every held answer on. */
  release(): void;
  close(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const queued: { prefix: string; fault: Fault }[] = [];
  const outages = new Map<string, Fault>();
  const log: FaultProxy['log'] = [];
  const heldAnswers: (() => void)[] = [];
  const heldWaiters: (() => void)[] = [];

  const pass = (req: IncomingMessage, res: ServerResponse, body: Buffer, after: (status: number, headers: IncomingMessage['headers'], data: Buffer) => void) => {
    const out = forward(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => { after(answer.statusCode ?? 502, answer.headers, Buffer.concat(chunks)); });
      },
    );
    out.on('error', () => res.destroy());
    out.end(body);
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const path = req.url ?? '/';
      const index = queued.findIndex((q) => path.startsWith(q.prefix));
      const fault = index >= 0 ? queued.splice(index, 1)[0]?.fault : [...outages].find(([prefix]) => path.startsWith(prefix))?.[1];
      log.push({ path, fault: fault?.kind ?? 'pass' });
      const relay = (status: number, headers: IncomingMessage['headers'], data: Buffer) => {
        res.writeHead(status, headers);
        res.end(data);
      };
      switch (fault?.kind) {
        case undefined:
          pass(req, res, body, relay);
          return;
        case 'status':
          res.writeHead(fault.status, { 'content-type': 'application/json', ...(fault.retryAfter ? { 'retry-after': fault.retryAfter } : {}) });
          res.end(JSON.stringify({ error: { code: fault.status === 429 ? 'rate_limited' : 'internal', message: fault.message ?? `injected ${fault.status}` } }));
          return;
        case 'drop-before':
        case 'refuse':
          req.socket.destroy();
          return;
        case 'drop-after':
          // The gateway stores the batch; the desk never hears the ack.
          pass(req, res, body, () => req.socket.destroy());
          return;
        case 'slow':
          setTimeout(() => { pass(req, res, body, relay); }, fault.delayMs);
          return;
        case 'hold':
          pass(req, res, body, (status, headers, data) => {
            heldAnswers.push(() => { relay(status, headers, data); });
            for (const wake of heldWaiters.splice(0)) wake();
          });
          return;
        case 'hang':
          return;
        case 'rewrite':
          pass(req, res, body, (status, headers, data) => {
            const edited = Buffer.from(fault.edit(data.toString('utf8')), 'utf8');
            relay(status, { ...headers, 'content-length': String(edited.length) }, edited);
          });
          return;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    inject: (prefix, faults) => {
      for (const fault of faults) queued.push({ prefix, fault });
    },
    outage: (prefix, fault) => {
      if (fault === null) outages.delete(prefix);
      else outages.set(prefix, fault);
    },
    log,
    held: () =>
      heldAnswers.length > 0
        ? Promise.resolve()
        : new Promise((resolve) => {
            heldWaiters.push(resolve);
          }),
    release: () => {
      for (const send of heldAnswers.splice(0)) send();
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => { resolve(); });
      }),
  };
}
