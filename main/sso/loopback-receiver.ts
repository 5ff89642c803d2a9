// The one-shot loopback redirect of RFC 8252: an HTTP server on 127.0.0.1 (the
// IP literal, never `localhost`) on a port the OS picks, which takes exactly one
// GET /callback and answers the browser with a static page that says to go
// back to the desk. Nothing from the provider's page runs in the desk: only the
// query parameters are read.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loopbackRedirect } from '../../shared/schemas/sso.ts';

export interface LoopbackReceiver {
  readonly redirectUri: string;
  /** The callback's query parameters; rejects when `signal` aborts first. */
  readonly callback: Promise<URLSearchParams>;
  close(): void;
}

const DONE_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sentinel Desk</title></head>
<body><h1>Sign-in received</h1><p>You can close this tab and return to Sentinel Desk.</p></body></html>`;

export async function openLoopbackReceiver(signal: AbortSignal): Promise<LoopbackReceiver> {
  let settle: { resolve: (query: URLSearchParams) => void; reject: (error: unknown) => void } | null = null;
  const callback = new Promise<URLSearchParams>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // A cancel can come while the browser is still being opened, before anyone awaits the callback; it is read after.
  callback.catch(() => undefined);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== '/callback' || settle === null) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': "default-src 'none'" })
      .end(DONE_PAGE);
    settle.resolve(url.searchParams);
    settle = null;
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const close = (): void => {
    server.closeAllConnections();
    server.close();
  };
  const onAbort = (): void => {
    settle?.reject(signal.reason);
    settle = null;
    close();
  };
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  return { redirectUri: loopbackRedirect((server.address() as AddressInfo).port), callback, close };
}
