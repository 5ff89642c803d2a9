// The gateway's own audit chain written by two instances on one PostgreSQL
// database. Each instance remembers the head it last wrote instead of reading it
// back; once the other instance has written, that memory is stale, and the
// append must notice (the head moves only from the sequence it builds on) and
// build on the stored head instead: one chain, no fork, no gap.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GATEWAY_DEVICE_ID } from '../../../shared/gateway-device.ts';
import { recordGatewayEvent } from '../../harness/gateway/gateway-events.ts';
import { startGateway, startSecondInstance, type RunningGateway } from '../../harness/gateway/gateway.ts';

let a: RunningGateway;
let b: RunningGateway;
beforeAll(async () => {
  a = await startGateway({ customers: 2 });
  if (a.database === undefined) throw new Error('the fleet test runs on PostgreSQL only (SENTINEL_TEST_DATABASE=postgres)');
  b = await startSecondInstance(a);
});
afterAll(async () => {
  await b.close();
  await a.close();
});

async function gatewayChain(gw: RunningGateway): Promise<{ seqs: number[]; ids: string[] }> {
  const rows = await gw.gateway.store.audit.since(0, 100_000);
  const own = rows.filter((r) => r.event.deviceId === GATEWAY_DEVICE_ID);
  return { seqs: own.map((r) => r.event.seq).sort((x, y) => x - y), ids: own.map((r) => r.event.event.id) };
}

describe("the gateway's chain written by two instances", () => {
  it('stays one unbroken chain when A and B record in turns and all at once, each record stored once', async () => {
    const recorded: string[] = [];
    // In turns: each record finds the head the other instance moved since its own last one.
    for (let i = 0; i < 10; i += 1) recorded.push((await recordGatewayEvent(i % 2 === 0 ? a : b, i)).id);
    // All at once: the two instances race for each next sequence.
    const parallel = await Promise.all(Array.from({ length: 20 }, (_, i) => recordGatewayEvent(i % 2 === 0 ? a : b, 10 + i)));
    recorded.push(...parallel.map((e) => e.id));

    const chain = await gatewayChain(a);
    expect(chain.seqs).toEqual(Array.from({ length: chain.seqs.length }, (_, i) => i + 1));
    for (const id of recorded) expect(chain.ids.filter((x) => x === id)).toHaveLength(1);
    expect(await a.gateway.chainVerifier.verifyNow()).toEqual([]);
  });
});
