// The gateway's records API as the connector calls it, over HTTP with the
// source's service-account token: batches of at most RECORD_BATCH_MAX records,
// each with an idempotency key made from its content, so a batch resent after a
// crash or a timeout is answered from the gateway's record of the first.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../shared/canonical-json.ts';
import { RECORD_BATCH_MAX, RecordBatchResultSchema, type RecordBatchResult } from '../shared/schemas/records.ts';
import type { ConnectorRecord } from './shop-connector.ts';

export class GatewayWriteError extends Error {
  override readonly name = 'GatewayWriteError';
}

export interface GatewayRecordsClient {
  write(records: readonly ConnectorRecord[]): Promise<RecordBatchResult[]>;
}

export function gatewayRecordsClient(options: { readonly gatewayUrl: string; readonly token: string; readonly fetch?: typeof fetch }): GatewayRecordsClient {
  const doFetch = options.fetch ?? fetch;
  const url = new URL('/v1/records/batch', options.gatewayUrl);
  const send = async (records: readonly ConnectorRecord[]): Promise<RecordBatchResult> => {
    const idempotencyKey = `connector-${createHash('sha256').update(canonicalJson(records)).digest('hex').slice(0, 48)}`;
    const response = await doFetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ records, idempotencyKey }),
      signal: AbortSignal.timeout(30_000),
    });
    // The gateway's error answers are typed and PAN-free; a status alone says enough to retry or stop.
    if (!response.ok) throw new GatewayWriteError(`gateway answered ${String(response.status)} to a batch of ${String(records.length)} records`);
    return RecordBatchResultSchema.parse(await response.json());
  };
  return {
    async write(records) {
      const results: RecordBatchResult[] = [];
      for (let start = 0; start < records.length; start += RECORD_BATCH_MAX) results.push(await send(records.slice(start, start + RECORD_BATCH_MAX)));
      return results;
    },
  };
}
