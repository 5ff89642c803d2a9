// How a contact-center platform proves an event is its own: its service
// account's webhook secret (Twilio: the auth token the admin supplied).
// - `sentinel` and `amazon-connect` (through the relay that forwards EventBridge
//   events): header `X-Sentinel-Signature: t=<unix seconds>,v1=<hex>`, the
//   HMAC-SHA256 of `<t>.<raw body>`; t must lie within the tolerance, so a
//   captured request cannot be replayed later (within it, the event ID makes a
//   replay a duplicate).
// - `twilio-taskrouter`: Twilio's own `X-Twilio-Signature`, base64 HMAC-SHA1 of
//   the account's declared callback URL followed by each form parameter's name and value, sorted
//   by name, under the account's auth token.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ContactCenterLink } from '../../shared/schemas/service-accounts.ts';

export type SignatureVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: 'missing' | 'malformed' | 'stale' | 'mismatch' };

export const SENTINEL_SIGNATURE_HEADER = 'x-sentinel-signature';
export const TWILIO_SIGNATURE_HEADER = 'x-twilio-signature';

export function sentinelSignature(secret: string, unixSeconds: number, rawBody: Buffer): string {
  return createHmac('sha256', secret).update(`${unixSeconds}.`).update(rawBody).digest('hex');
}

export function twilioSignature(authToken: string, url: string, form: URLSearchParams): string {
  const pairs = [...form.entries()].sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : av > bv ? 1 : 0) : a < b ? -1 : 1));
  const signed = pairs.reduce((text, [name, value]) => text + name + value, url);
  return createHmac('sha1', authToken).update(signed, 'utf8').digest('base64');
}

const sameText = (a: string, b: string): boolean => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

export interface SignedRequest {
  readonly rawBody: Buffer;
  readonly header: (name: string) => string | undefined;
  readonly nowMs: number;
  readonly toleranceSeconds: number;
}

/** Checks `request` against the platform's signature scheme under `secret`, the account's webhook secret. */
export function verifyContactSignature(link: ContactCenterLink, secret: string, request: SignedRequest): SignatureVerdict {
  if (link.platform === 'twilio-taskrouter') {
    const given = request.header(TWILIO_SIGNATURE_HEADER);
    if (given === undefined) return { ok: false, reason: 'missing' };
    if (link.callbackUrl === undefined) return { ok: false, reason: 'mismatch' };
    const expected = twilioSignature(secret, link.callbackUrl, new URLSearchParams(request.rawBody.toString('utf8')));
    return sameText(given, expected) ? { ok: true } : { ok: false, reason: 'mismatch' };
  }
  const given = request.header(SENTINEL_SIGNATURE_HEADER);
  if (given === undefined) return { ok: false, reason: 'missing' };
  const match = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(given);
  if (match === null) return { ok: false, reason: 'malformed' };
  const seconds = Number(match[1]);
  if (Math.abs(request.nowMs / 1000 - seconds) > request.toleranceSeconds) return { ok: false, reason: 'stale' };
  return sameText(match[2] ?? '', sentinelSignature(secret, seconds, request.rawBody)) ? { ok: true } : { ok: false, reason: 'mismatch' };
}
