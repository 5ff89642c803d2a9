// A capped replay followed across two instances: each resume goes to the other
// instance with the last id the previous one sent, while both instances keep
// adding events. The promise (event-stream.ts): ids are the shared feed's, so a
// client resuming on B from A's ids catches up a cap at a time, losing and
// repeating nothing, and goes live on whichever instance it ends on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupervisorStreamEvent } from '../../../shared/api.ts';
import { sampleAlert } from '../../harness/gateway/alerts.ts';
import { startGateway, startSecondInstance, type RunningGateway } from '../../harness/gateway/gateway.ts';
import { watchStream } from '../../harness/gateway/sse.ts';

const CAP = 3;
let a: RunningGateway;
let b: RunningGateway;
beforeAll(async () => {
  a = await startGateway({ config: { stream: { maxReplayEvents: CAP } }, customers: 2 });
  if (a.database === undefined) throw new Error('the fleet test runs on PostgreSQL only (SENTINEL_TEST_DATABASE=postgres)');
  b = await startSecondInstance(a);
});
afterAll(async () => {
  await b.close();
  await a.close();
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mark = (name: string): SupervisorStreamEvent => ({ type: 'alert', data: sampleAlert({ alertId: `A-${name}`, message: name }) });

describe('a capped replay resumed on the other instance each time', () => {
  it('catches up from ids sent by the other instance while both add events, each event once and in order', async () => {
    const { token } = await a.login('sup.sara');
    let resumeFrom = String(await a.gateway.live.feed.lastId());
    const published: string[] = [];
    for (let i = 0; i < 10; i++) {
      published.push(`fleet-${i}`);
      await (i % 2 === 0 ? a : b).gateway.liveFeed.publish(mark(`fleet-${i}`));
    }
    let producing = true;
    // A function, not the variable: the producer sets it across awaits, where narrowing cannot see it.
    const stillProducing = (): boolean => producing;
    const producer = (async () => {
      for (let i = 10; i < 30; i++) {
        published.push(`fleet-${i}`);
        await (i % 2 === 0 ? a : b).gateway.liveFeed.publish(mark(`fleet-${i}`));
        await sleep(10);
      }
      producing = false;
    })();
    const seen: string[] = [];
    let ends = 0;
    let wentLive = false;
    for (let connection = 0; connection < 200 && !wentLive; connection++) {
      const on = connection % 2 === 0 ? a : b;
      const stream = await watchStream(`${on.url}/v1/supervisor/stream`, token, { 'last-event-id': resumeFrom });
      let count = -1;
      for (;;) {
        const outcome = await Promise.race([stream.ended.then(() => 'ended' as const), sleep(300).then(() => 'waited' as const)]);
        if (outcome === 'ended') {
          ends += 1;
          break;
        }
        if (!stillProducing() && stream.events.length === count) {
          wentLive = true;
          break;
        }
        count = stream.events.length;
      }
      seen.push(...stream.events.flatMap((e) => (e.type === 'alert' && e.data.message.startsWith('fleet-') ? [e.data.message] : [])));
      resumeFrom = stream.lastId() ?? resumeFrom;
      stream.close();
    }
    await producer;
    expect(wentLive).toBe(true);
    expect(ends).toBeGreaterThanOrEqual(4);
    expect(seen).toEqual(published);
  });
});
