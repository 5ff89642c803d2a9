// One connector run: pull from the shop, write to the gateway, then move the
// cursor; and the loop that repeats it every interval until stopped. A refused
// record is reported (its code and field, never its content) and does not hold
// the others back; a failed pull or write leaves the cursor where it was, so the
// next round sends the same records again and the gateway answers them as
// unchanged.
import { RECORD_BATCH_MAX, type RecordRefusal } from '../shared/schemas/records.ts';
import { readCursor, writeCursor } from './cursor-state.ts';
import type { GatewayRecordsClient } from './gateway-records-client.ts';
import type { ShopConnector } from './shop-connector.ts';

export interface RoundSummary {
  readonly pulled: number;
  readonly stored: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly stale: number;
  readonly refused: readonly Pick<RecordRefusal, 'index' | 'code' | 'field'>[];
}

export interface SyncOptions {
  readonly connector: ShopConnector;
  readonly gateway: GatewayRecordsClient;
  readonly statePath: string;
}

export async function syncOnce({ connector, gateway, statePath }: SyncOptions): Promise<RoundSummary> {
  const cursor = await readCursor(statePath, connector.name);
  const { records, nextCursor } = await connector.pull(cursor);
  const results = await gateway.write(records);
  const summary = { pulled: records.length, stored: 0, updated: 0, unchanged: 0, stale: 0, refused: [] as RoundSummary['refused'][number][] };
  results.forEach((batch, batchIndex) => {
    summary.stored += batch.counts.stored;
    summary.updated += batch.counts.updated;
    summary.unchanged += batch.counts.unchanged;
    summary.stale += batch.counts.stale;
    for (const result of batch.results) {
      if (!result.ok) summary.refused.push({ index: batchIndex * RECORD_BATCH_MAX + result.index, code: result.code, field: result.field });
    }
  });
  await writeCursor(statePath, connector.name, nextCursor);
  return summary;
}

export interface LoopOptions extends SyncOptions {
  readonly intervalMs: number;
  readonly signal: AbortSignal;
  readonly onRound: (summary: RoundSummary) => void;
  readonly onError: (error: unknown) => void;
}

/** Runs a round, waits the interval, and again, until the signal aborts; a failed round is reported and retried. */
export async function syncLoop(options: LoopOptions): Promise<void> {
  while (!options.signal.aborted) {
    try {
      options.onRound(await syncOnce(options));
    } catch (error) {
      options.onError(error);
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, options.intervalMs);
      options.signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
    });
  }
}
