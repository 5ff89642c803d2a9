// Webhook receivers for push sources (issue 22): a delivery is signed with the
// source's webhook secret over `${timestamp}.${raw body}` (HMAC-SHA256,
// base64url, header value `v1=…`), its timestamp must be within the window of
// the gateway's clock, and each signature is taken once (a replay is refused,
// on any instance). The payload then goes through the source's declared mapping
// and the same intake and write as an API upsert, with the source as actor.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { RecordWritten } from '../../shared/schemas/records.ts';
import type { Clock } from '../config.ts';
import { sha256Hex } from '../core/hashing.ts';
import { GatewayError } from '../errors.ts';
import type { ServiceAccountRepo } from '../storage/store.ts';
import { findPanField } from './pan-guard.ts';
import type { RecordService } from './record-service.ts';
import type { ServiceAccounts } from './service-accounts.ts';
import { mapPayload } from './webhook-mapping.ts';

/** How far a delivery's timestamp may be from the gateway's clock, either way. */
export const WEBHOOK_WINDOW_MS = 5 * 60_000;
export const SIGNATURE_HEADER = 'x-sentinel-signature';
export const TIMESTAMP_HEADER = 'x-sentinel-timestamp';

/** The signature a source puts on a delivery: `timestamp` in seconds since the epoch, `rawBody` exactly as sent. */
export function webhookSignature(secret: string, timestamp: string, rawBody: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`, 'utf8').digest('base64url')}`;
}

export interface WebhookDelivery {
  readonly source: string;
  readonly timestamp: string | undefined;
  readonly signature: string | undefined;
  readonly rawBody: string;
  readonly payload: unknown;
}

export interface WebhookReceiver {
  receive(delivery: WebhookDelivery): Promise<RecordWritten>;
}

const refused = (): GatewayError => new GatewayError('unauthenticated', 'The delivery is not signed by a live source with a current timestamp');

export function createWebhookReceiver(deps: { accounts: ServiceAccounts; deliveries: Pick<ServiceAccountRepo, 'claimDelivery'>; records: RecordService; clock: Clock }): WebhookReceiver {
  const { accounts, deliveries, records, clock } = deps;
  return {
    async receive(delivery) {
      const signer = await accounts.webhookSigner(delivery.source);
      const { timestamp, signature } = delivery;
      if (signer === null || timestamp === undefined || signature === undefined || !/^\d{1,12}$/.test(timestamp)) throw refused();
      const now = clock.now();
      if (Math.abs(now - Number(timestamp) * 1000) > WEBHOOK_WINDOW_MS) throw refused();
      const expected = Buffer.from(webhookSignature(signer.secret, timestamp, delivery.rawBody));
      const given = Buffer.from(signature);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw refused();
      // A replay carries a signature already taken: only the window's deliveries need remembering.
      if (!(await deliveries.claimDelivery(signer.principal.accountId, sha256Hex(signature), now, now - 2 * WEBHOOK_WINDOW_MS))) {
        throw new GatewayError('conflict', 'This delivery was already received');
      }
      const mapped = mapPayload(signer.mappings, delivery.payload);
      if (mapped === null) throw new GatewayError('invalid_request', 'No mapping of this source applies to the payload');
      const { mapping, record } = mapped;
      // The DLP gate on the payload as sent, not only on what the mapping picked: a card number anywhere but where a
      // payment's card number is mapped from refuses the delivery.
      const cardPath = mapping.type === 'payment' ? mapping.fields['card.number']?.path : undefined;
      const found = findPanField(delivery.payload, cardPath?.split('.') ?? []);
      if (found?.kind === 'too_deep') throw new GatewayError('invalid_request', `${found.field}: the payload is nested deeper than any record allows; the delivery was not stored`, { extra: { refusal: 'invalid_record', field: found.field } });
      if (found?.kind === 'nameless_key') throw new GatewayError('invalid_request', `${found.field}: a key must hold a letter or a digit; the delivery was not stored`, { extra: { refusal: 'invalid_record', field: found.field } });
      if (found !== null) throw new GatewayError('pan_in_text', `${found.field}: a card number is not accepted here; the delivery was not stored`, { extra: { refusal: 'pan_refused', field: found.field } });
      return records.upsertOne(signer.principal, { record });
    },
  };
}
