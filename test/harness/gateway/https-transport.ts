// HTTPS toward a gateway with a test CA: Node's fetch cannot be told to trust
// one, so this carries gatewayClient's calls (and opens event streams) over
// node:https with the CA given, on 127.0.0.1 only.
import { request, type RequestOptions } from 'node:https';
import type { IncomingMessage } from 'node:http';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Transport } from './http-call.ts';

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

function loopbackUrl(url: string): URL {
  const target = new URL(url);
  if (target.hostname !== '127.0.0.1') throw new Error(`tests talk to 127.0.0.1 only, not ${target.hostname}`);
  return target;
}

function open(url: string, ca: string, options: RequestOptions, body?: string): Promise<IncomingMessage> {
  const target = loopbackUrl(url);
  return new Promise((resolve, reject) => {
    const req = request(target, { ca, ...options }, resolve);
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * A POST whose body goes out in two parts: the headers and the first half now,
 * the rest when `finish` is called. Between the two the gateway has begun the
 * request (its headers arrived), so a test can act while it is in flight.
 */
export async function startHttpsPost(url: string, ca: string, headers: Record<string, string>, body: string): Promise<{ finish: () => Promise<{ status: number; json: Record<string, unknown> }> }> {
  const target = loopbackUrl(url);
  const bytes = Buffer.from(body, 'utf8');
  const half = Math.floor(bytes.length / 2);
  const req = request(target, { ca, method: 'POST', headers: { ...headers, 'content-length': String(bytes.length) } });
  const answered = new Promise<IncomingMessage>((resolve, reject) => {
    req.once('response', resolve);
    req.once('error', reject);
  });
  await new Promise<void>((resolve, reject) => {
    req.once('error', reject);
    req.once('socket', (socket) => socket.once('secureConnect', () => resolve()));
  });
  req.write(bytes.subarray(0, half));
  return {
    async finish() {
      req.end(bytes.subarray(half));
      const res = await answered;
      const chunks: Buffer[] = [];
      for await (const chunk of res) chunks.push(chunk as Buffer);
      return { status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> };
    },
  };
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
