// The API client against local servers on 127.0.0.1: answer validation, the
// one refresh after a 401, timeouts, Retry-After, and TLS pinning over HTTPS.
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError, createApiClient, parseRetryAfter } from '../../../main/api/api-client.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function withServer(handler: Handler, run: (url: string) => Promise<void>): Promise<void> {
  const server = createHttpServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};
const health = { status: 'ok', version: '1', time: '2026-11-23T10:00:00.000Z' };

describe('ApiClient', () => {
  it('passes a valid answer and refuses one that breaks the contract', async () => {
    let answer: unknown = health;
    await withServer((_req, res) => { json(res, 200, answer); }, async (url) => {
      const api = createApiClient({ baseUrl: url, tlsPins: [] });
      expect(await api.call('health', {})).toEqual(health);
      answer = { status: 'ok', version: 1 };
      await expect(api.call('health', {})).rejects.toMatchObject({ kind: 'invalid_response' });
      answer = '<html>';
      await expect(api.call('health', {})).rejects.toBeInstanceOf(ApiError);
    });
  });

  it('refreshes once after a 401 and retries with the new token; a second 401 means the session expired', async () => {
    const seen: string[] = [];
    await withServer((req, res) => {
      seen.push(req.headers.authorization ?? '');
      if (req.headers.authorization === 'Bearer fresh') json(res, 200, []);
      else json(res, 401, { error: { code: 'unauthenticated', message: 'no' } });
    }, async (url) => {
      let token = 'stale';
      let refreshes = 0;
      const tokens = { accessToken: () => token, refreshAccessToken: () => ((refreshes += 1), (token = 'fresh'), Promise.resolve(true)) };
      const api = createApiClient({ baseUrl: url, tlsPins: [], tokens: () => tokens });
      expect(await api.call('agents', {})).toEqual([]);
      expect(seen).toEqual(['Bearer stale', 'Bearer fresh']);
      token = 'revoked';
      tokens.refreshAccessToken = () => ((refreshes += 1), Promise.resolve(false));
      await expect(api.call('agents', {})).rejects.toMatchObject({ kind: 'session_expired' });
      expect(refreshes).toBe(2);
    });
  });

  it('reports a slow gateway as a timeout and a closed port as unreachable', async () => {
    await withServer(() => undefined, async (url) => {
      const api = createApiClient({ baseUrl: url, tlsPins: [], timeoutMs: 200 });
      await expect(api.call('health', {})).rejects.toMatchObject({ kind: 'timeout', code: 'server_unreachable' });
    });
    const closed = createApiClient({ baseUrl: 'http://127.0.0.1:1', tlsPins: [] });
    await expect(closed.call('health', {})).rejects.toMatchObject({ kind: 'network', code: 'server_unreachable' });
  });

  it('carries the error code, status and Retry-After of an error answer', async () => {
    await withServer((_req, res) => { json(res, 429, { error: { code: 'rate_limited', message: 'slow down' } }, { 'retry-after': '7' }); }, async (url) => {
      const api = createApiClient({ baseUrl: url, tlsPins: [] });
      await expect(api.call('health', {})).rejects.toMatchObject({ kind: 'http', status: 429, code: 'rate_limited', retryAfterSeconds: 7 });
    });
    expect(parseRetryAfter('120')).toBe(120);
    expect(parseRetryAfter(new Date(Date.now() + 30_000).toUTCString())).toBeGreaterThanOrEqual(29);
    expect(parseRetryAfter('soon')).toBeNull();
  });

  it('pins the server key over TLS: the pinned key passes, any other is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sentinel-tls-'));
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
    ], { stdio: 'ignore' });
    const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    const server = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert, minVersion: 'TLSv1.2' }, (_req, res) => { json(res, 200, health); });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const spki = new X509Certificate(cert).publicKey.export({ type: 'spki', format: 'der' });
      const pin = createHash('sha256').update(spki).digest('base64');
      expect(await createApiClient({ baseUrl: url, tlsPins: [pin], ca: cert }).call('health', {})).toEqual(health);
      const wrongPin = createHash('sha256').update('another key').digest('base64');
      await expect(createApiClient({ baseUrl: url, tlsPins: [wrongPin], ca: cert }).call('health', {})).rejects.toMatchObject({ kind: 'network' });
      await expect(createApiClient({ baseUrl: url, tlsPins: [] }).call('health', {})).rejects.toMatchObject({ kind: 'network' });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
