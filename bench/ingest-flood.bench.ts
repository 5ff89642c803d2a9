// /health latency while one agent floods POST /v1/audit/batches from four desks
// with the fattest events the schema allows, for 10 s (one short quota window): once with the ingest
// quotas out of the way (how the gateway behaved before them) and once with the
// default quotas. The flood ignores Retry-After and resends at once, as an
// attacker would. Bodies are built before the flood so the client's own work
// stays off the clock. Prints JSON.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { GatewayConfigInput } from '../server/config.ts';
import { DATABASE_FILE } from '../server/storage/open-store.ts';
import { TestDevice } from '../test/harness/device/device.ts';
import { startGateway } from '../test/harness/gateway/gateway.ts';

const FLOOD_MS = 10_000;
const DESKS = 4;
const BATCHES_PER_DESK = 12;
const EVENTS_PER_BATCH = 250;
const PROBE_EVERY_MS = 20;

const percentiles = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number): number => Number((sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0).toFixed(2));
  return { samples: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: at(100) };
};

async function probeHealth(url: string, untilMs: number): Promise<number[]> {
  const latencies: number[] = [];
  while (performance.now() < untilMs) {
    const started = performance.now();
    await (await fetch(`${url}/v1/health`)).text();
    latencies.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, PROBE_EVERY_MS));
  }
  return latencies;
}

async function run(label: string, config: GatewayConfigInput) {
  const gw = await startGateway({ customers: 2, config });
  // The quotas' windows follow the gateway clock: keep it on real time for the run.
  const ticker = setInterval(() => {
    gw.clock.set(Math.max(gw.clock.now(), Date.now()));
  }, 10);
  try {
    const details = Object.fromEntries(Array.from({ length: 32 }, (_, i) => [`k${String(i).padStart(2, '0')}`, 'z'.repeat(110)]));
    const desks = await Promise.all(
      Array.from({ length: DESKS }, async () => {
        const device = new TestDevice();
        const { token } = await gw.login('agent.ana', { device });
        const bodies = Array.from({ length: BATCHES_PER_DESK }, () =>
          JSON.stringify(device.batch(device.append(Array.from({ length: EVENTS_PER_BATCH }, () => device.event({ at: new Date(gw.clock.now()).toISOString(), details }))))),
        );
        return { token, bodies };
      }),
    );

    const idle = await probeHealth(gw.url, performance.now() + 1000);
    const counts = { accepted: 0, rateLimited: 0, other: 0 };
    const floodEnds = performance.now() + FLOOD_MS;
    const flood = desks.map(async ({ token, bodies }) => {
      let next = 0;
      while (performance.now() < floodEnds && next < bodies.length) {
        const response = await fetch(`${gw.url}/v1/audit/batches`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: bodies[next],
        });
        await response.text();
        if (response.status === 200) {
          counts.accepted += 1;
          next += 1;
        } else if (response.status === 429) {
          counts.rateLimited += 1;
        } else {
          counts.other += 1;
        }
      }
    });
    const [underFlood] = await Promise.all([probeHealth(gw.url, floodEnds), ...flood]);
    const db = new Database(join(gw.dataDir, DATABASE_FILE), { readonly: true });
    const stored = db.prepare<[], { bytes: number; events: number }>("SELECT COALESCE(SUM(LENGTH(event)), 0) AS bytes, COUNT(*) AS events FROM audit_events WHERE device_id != 'gateway'").get();
    db.close();
    return {
      label,
      floodMs: FLOOD_MS,
      batches: counts,
      storedEvents: stored?.events ?? 0,
      storedMiB: Number(((stored?.bytes ?? 0) / 1024 / 1024).toFixed(2)),
      healthIdleMs: percentiles(idle),
      healthUnderFloodMs: percentiles(underFlood),
    };
  } finally {
    clearInterval(ticker);
    await gw.close();
  }
}

const unlimited = { windowSeconds: 1, maxEvents: 1_000_000_000, maxBytes: 1024 * 1024 * 1024 * 1024 };
const results = [await run('no ingest quota (before)', { audit: { quotas: [unlimited] } }), await run('default ingest quotas (after)', {})];
process.stdout.write(`${JSON.stringify({ bench: 'ingest-flood', node: process.version, at: new Date().toISOString(), results }, null, 2)}\n`);
