// The body of a request exactly as it arrived, for the routes that verify a
// signature over its bytes (webhooks): read before Fastify parses it, bounded
// by the route's body limit, and handed on to the parser unchanged.
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { GatewayError } from '../errors.ts';

const rawBodies = new WeakMap<FastifyRequest, string>();

export function captureRawBody(app: FastifyInstance, path: string, maxBytes: number): void {
  app.addHook('preParsing', async (request, _reply, payload) => {
    if (request.routeOptions.url !== path) return payload;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of payload) {
      const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      size += bytes.length;
      if (size > maxBytes) throw new GatewayError('payload_too_large', `The body is larger than ${maxBytes} bytes`);
      chunks.push(bytes);
    }
    const raw = Buffer.concat(chunks);
    rawBodies.set(request, raw.toString('utf8'));
    return Readable.from([raw]);
  });
}

/** The raw body captureRawBody kept for this request; empty when there was none. */
export function rawBodyOf(request: FastifyRequest): string {
  return rawBodies.get(request) ?? '';
}
