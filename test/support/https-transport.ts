// HTTPS toward a gateway with a test CA: Node's fetch cannot be told to trust
// one, so this carries gatewayClient's calls (and opens event streams) over
// node:https with the CA given, on 127.0.0.1 only.
import { request, type RequestOptions } from 'node:https';
import type { IncomingMessage } from 'node:http';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Transport } from './gateway.ts';

/** A self-signed P-256 certificate for 127.0.0.1, made by openssl in `dir`. */
export function selfSignedCert(dir: string): { certPath: string; keyPath: string; cert: string; key: string } {
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
    '-keyout', keyPath, '-out', certPath, '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
  ], { stdio: 'ignore' });
  return { certPath, keyPath, cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8') };
}

function open(url: string, ca: string, options: RequestOptions, body?: string): Promise<IncomingMessage> {
  const target = new URL(url);
  if (target.hostname !== '127.0.0.1') throw new Error(`tests talk to 127.0.0.1 only, not ${target.hostname}`);
  return new Promise((resolve, reject) => {
    const req = request(target, { ca, ...options }, resolve);
    req.on('error', reject);
    req.end(body);
  });
}

export function httpsTransport(ca: string): Transport {
  return async (url, init) => {
    const res = await open(url, ca, { method: init.method, headers: init.headers }, init.body);
    const chunks: Buffer[] = [];
    for await (const chunk of res) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(res.headers)) if (typeof value === 'string') headers.set(name, value);
    return { status: res.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString('utf8') };
  };
}

/** An open event stream over HTTPS: everything received so far, and when it ended. */
export async function openHttpsStream(url: string, ca: string, token: string): Promise<{ status: number; received: () => string; ended: Promise<void> }> {
  const res = await open(url, ca, { method: 'GET', headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } });
  let text = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    text += chunk;
  });
  const ended = new Promise<void>((resolve) => {
    res.once('end', resolve);
    res.once('close', resolve);
  });
  return { status: res.statusCode ?? 0, received: () => text, ended };
}
