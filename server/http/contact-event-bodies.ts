// The contact-events route reads its body itself: the platform signed the raw
// bytes, so they are read (bounded), checked against the signature of the
// platform account the path names, and only then handed to the parser; the
// handler gets that account from here. Twilio posts a form, which only this route
// accepts; every other route keeps taking JSON alone.
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { routes } from '../../shared/api.ts';
import { SourceNameSchema } from '../../shared/schemas/service-accounts.ts';
import type { CallService, ContactSender } from '../calls/call-service.ts';
import { GatewayError } from '../errors.ts';

const senders = new WeakMap<FastifyRequest, ContactSender>();

/** The platform account whose signature this request's body carries. */
export function contactSenderOf(request: FastifyRequest): ContactSender {
  const sender = senders.get(request);
  if (sender === undefined) throw new GatewayError('unauthenticated', 'The call event was not verified');
  return sender;
}

const isContactRoute = (url: string | undefined): boolean => url === routes.contactEvents.path;

async function readBounded(stream: AsyncIterable<unknown>, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += bytes.length;
    if (size > limit) throw new GatewayError('payload_too_large', 'The request body is too large');
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

export function installContactEventBodies(app: FastifyInstance, deps: { calls: Pick<CallService, 'verify'>; bodyLimit: number }): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (request, body, done) => {
    if (!isContactRoute(request.routeOptions.url)) {
      done(new GatewayError('invalid_request', 'Send the body as application/json'), undefined);
      return;
    }
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  app.addHook('preParsing', async (request, _reply, payload) => {
    if (!isContactRoute(request.routeOptions.url)) return payload;
    const source = SourceNameSchema.safeParse((request.params as { source?: unknown }).source);
    if (!source.success) throw new GatewayError('not_found', 'No such contact-center source');
    const raw = await readBounded(payload, deps.bodyLimit);
    const sender = await deps.calls.verify(source.data, raw, (name) => {
      const value = request.headers[name];
      return typeof value === 'string' ? value : undefined;
    });
    senders.set(request, sender);
    return Readable.from([raw]);
  });
}
