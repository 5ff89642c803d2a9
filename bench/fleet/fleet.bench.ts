// `npm run bench:fleet`: simulated desks with real device keys against one
// gateway on SQLite (the embedded engine). Each desk signs in once, then each
// round (one compressed 30 s heartbeat period) sends a signed heartbeat, a
// signed audit batch and a card lookup; the desk count doubles while the
// heartbeat p95 stays under 100 ms. One supervisor holds the event stream and
// times each ingested event to its frame. A bare Fastify route in the same
// process gives the plumbing's per-request overhead ratio. Prints JSON.
// PostgreSQL and two instances are not run yet (see the report).
import Fastify from 'fastify';
import { DEMO_TEST_CARDS } from '../../server/seed/demo-data.ts';
import { TestDevice } from '../../test/support/device.ts';
import { startGateway, type RunningGateway } from '../../test/support/gateway.ts';

const P95_LIMIT_MS = 100;
const MAX_DESKS = 512;
const ROUNDS = 3;
const EVENTS_PER_BATCH = 10;
/** A 30 s heartbeat period compressed 60 times: desks spread their beats over 500 ms, as real desks spread over 30 s. */
const COMPRESSED_PERIOD_MS = 30_000 / 60;

const p95 = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? 0;
};

async function timed<T>(run: () => Promise<T>, into: number[]): Promise<T> {
  const started = performance.now();
  const result = await run();
  into.push(performance.now() - started);
  return result;
}

async function deskRound(gw: RunningGateway, desks: { device: TestDevice; token: string }[], heartbeatMs: number[], counters: { events: number }, sent: Map<string, number>) {
  await Promise.all(
    desks.map(async ({ device, token }, index) => {
      await new Promise((resolve) => setTimeout(resolve, (index * COMPRESSED_PERIOD_MS) / desks.length));
      const beat = await timed(() => gw.call('POST', '/v1/presence/heartbeat', { token, body: device.heartbeat(gw.clock.now()) }), heartbeatMs);
      if (beat.status !== 200) throw new Error(`heartbeat ${beat.status} ${beat.text}`);
      const entries = device.append(Array.from({ length: EVENTS_PER_BATCH }, () => device.event({ at: new Date(gw.clock.now()).toISOString(), actor: { userId: 'u-agent-ana', username: 'agent.ana', roles: ['agent'] } })));
      const postedAt = performance.now();
      for (const entry of entries) sent.set(entry.event.id, postedAt);
      const ack = await gw.call('POST', '/v1/audit/batches', { token, body: device.batch(entries) });
      if (ack.status !== 200) throw new Error(`batch ${ack.status} ${ack.text}`);
      counters.events += EVENTS_PER_BATCH;
      await gw.call('POST', '/v1/customers/lookup', { token, body: { by: 'customerId', value: DEMO_TEST_CARDS[0]?.customerId ?? 'C-0001' } });
    }),
  );
}

async function bareOverheadRatio(gw: RunningGateway): Promise<{ gatewayMs: number; bareMs: number; ratio: number }> {
  const bare = Fastify();
  bare.get('/health', () => ({ status: 'ok' }));
  const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });
  const measure = async (url: string): Promise<number> => {
    const started = performance.now();
    for (let i = 0; i < 500; i += 1) await (await fetch(url)).text();
    return (performance.now() - started) / 500;
  };
  const gatewayMs = await measure(`${gw.url}/health`);
  const bareMs = await measure(`${bareUrl}/health`);
  await bare.close();
  return { gatewayMs, bareMs, ratio: gatewayMs / bareMs };
}

async function main(): Promise<void> {
  const started = performance.now();
  const gw = await startGateway({
    customers: 200,
    config: { authRateLimitPerMinute: 100_000, customerAccess: { cardLookups: { max: 100_000 }, recordReads: { max: 100_000 } }, limits: { connectionsPerIp: 4096 }, stream: { maxTotal: 10 } },
  });
  try {
    const supervisor = await gw.login('sup.sara');
    const streamLatencies: number[] = [];
    const sent = new Map<string, number>();
    const stream = await fetch(`${gw.url}/v1/supervisor/stream`, { headers: { authorization: `Bearer ${supervisor.token}` } });
    const reader = stream.body?.getReader();
    const decoder = new TextDecoder();
    void (async () => {
      for (;;) {
        const chunk = (await reader?.read()) as { done: boolean; value?: Uint8Array } | undefined;
        if (chunk === undefined || chunk.done) return;
        const text: string = decoder.decode(chunk.value);
        for (const match of text.matchAll(/"id":"([0-9a-f-]{36})"/g)) {
          const at = sent.get(match[1] ?? '');
          if (at !== undefined) streamLatencies.push(performance.now() - at);
        }
      }
    })();

    const desks: { device: TestDevice; token: string }[] = [];
    let held = 0;
    let lastP95 = 0;
    const counters = { events: 0 };
    let ingestSeconds = 0;
    for (let target = 4; target <= MAX_DESKS; target *= 2) {
      while (desks.length < target) {
        const { device, token } = await gw.login('agent.ana', { device: new TestDevice() });
        desks.push({ device, token });
      }
      const heartbeatMs: number[] = [];
      const roundStart = performance.now();
      for (let round = 0; round < ROUNDS; round += 1) {
        gw.clock.advance(30_000);
        await deskRound(gw, desks, heartbeatMs, counters, sent);
      }
      ingestSeconds = (performance.now() - roundStart) / 1000;
      lastP95 = p95(heartbeatMs);
      if (lastP95 >= P95_LIMIT_MS) break;
      held = target;
    }
    const overhead = await bareOverheadRatio(gw);
    await reader?.cancel();
    process.stdout.write(
      `${JSON.stringify(
        {
          engine: 'sqlite',
          instances: 1,
          desksHeldUnderP95_100ms: held,
          heartbeatP95MsAtFirstFailingStep: Number(lastP95.toFixed(1)),
          ingestEventsPerSecondAtThatStep: Math.round((desks.length * ROUNDS * EVENTS_PER_BATCH) / ingestSeconds),
          eventToSupervisorP95Ms: streamLatencies.length === 0 ? null : Number(p95(streamLatencies).toFixed(1)),
          plumbingOverhead: { gatewayHealthMs: Number(overhead.gatewayMs.toFixed(3)), bareFastifyMs: Number(overhead.bareMs.toFixed(3)), ratio: Number(overhead.ratio.toFixed(2)) },
          postgres: 'not run: the PostgreSQL store (p1-storage) was not merged into this branch in time',
          seconds: Math.round((performance.now() - started) / 1000),
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await gw.close();
  }
}

await main();
