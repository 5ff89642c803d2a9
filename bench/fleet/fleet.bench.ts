// `npm run bench:fleet`: simulated desks with real device keys (heartbeats,
// signed audit batches, card lookups) and supervisors on the live stream,
// against SQLite on one instance, PostgreSQL on one instance, and two instances
// on one PostgreSQL database (a throwaway cluster). Prints one JSON object.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgresCluster, type PostgresCluster } from '../../scripts/postgres-cluster.ts';
import type { GatewayConfigInput } from '../../server/config.ts';
import { COMPRESSION, EVENTS_PER_BATCH, DESK_STEPS, HEARTBEAT_SECONDS, MAX_DESKS, P95_LIMIT_MS, rampDesks, ROUNDS_PER_STEP, WARM_UP_ROUNDS_PER_STEP } from './desk-ramp.ts';
import { fleetClock } from './fleet-clock.ts';
import { fleetGoals } from './goals.ts';
import type { Configuration, ConfigurationResult } from './configuration-result.ts';
import { ingestPeak, PEAK_BATCHES_PER_DESK, PEAK_DESKS, PEAK_EVENTS_PER_BATCH } from './ingest-peak.ts';
import { lookupFigures } from './lookup-figures.ts';
import { startFleetInstance, type FleetInstance } from './fleet-instance.ts';
import { plumbingOverhead } from './plumbing-overhead.ts';
import { watchLatency, type PostedEvents, type SupervisorWatch } from './supervisor-latency.ts';

const CUSTOMERS = 200;

/** Raised from the defaults so one demo account can drive every desk; everything else is the default. */
const BENCH_CONFIG: GatewayConfigInput = {
  authRateLimitPerMinute: 100_000,
  customerAccess: { cardLookups: { max: 1_000_000 }, recordReads: { max: 1_000_000 } },
  alerts: { cardLookupBurst: { maxLookups: 1_000_000 } },
  audit: { quotas: [{ windowSeconds: 10, maxEvents: 10_000_000, maxBytes: 4 * 1024 * 1024 * 1024 }] },
  limits: { connectionsPerIp: 4096 },
  enrolment: { desksPerUserPerDay: 1_000_000, desksPerPolicyToken: 1_000_000 },
};
const RAISED_CAPS = [
  'authRateLimitPerMinute 30 -> 100000',
  'customerAccess.cardLookups.max and recordReads.max -> 1000000 per user',
  'alerts.cardLookupBurst.maxLookups 20 -> 1000000',
  'audit.quotas -> one 10 s window of 10000000 events / 4 GiB',
  'limits.connectionsPerIp -> 4096',
  'enrolment.desksPerUserPerDay 3 and desksPerPolicyToken 500 -> 1000000 (every desk signs in as agent.ana)',
];

async function runConfiguration(configuration: Configuration, cluster: PostgresCluster): Promise<ConfigurationResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sentinel-fleet-'));
  const database = configuration.engine === 'postgres' ? await cluster.createDatabase() : undefined;
  const clock = fleetClock(Date.now());
  const instances: FleetInstance[] = [];
  const watches: SupervisorWatch[] = [];
  try {
    for (const name of ['A', 'B'].slice(0, configuration.instances)) {
      instances.push(await startFleetInstance({ name, dataDir, database, clock, config: BENCH_CONFIG, customers: CUSTOMERS }));
    }
    const posted: PostedEvents = { byId: new Map() };
    for (const [index, instance] of instances.entries()) {
      // Each supervisor counts only events ingested by the other instance (the same one when alone).
      const other = instances[(index + 1) % instances.length] ?? instance;
      const { token } = await instance.login('sup.sara');
      // The TOTP step is spent: the next sign-in of the account needs the next one.
      await clock.advance(30_000);
      watches.push(await watchLatency(`${instance.url}/v1/supervisor/stream`, token, posted, new Set([other.name])));
    }
    const first = instances[0];
    if (first === undefined) throw new Error('no instance');
    const peak = await ingestPeak(first, instances, clock.now(), posted, watches);
    const steps = await rampDesks(instances, clock, posted, watches);
    const held = steps.filter((s) => s.heartbeatP95Ms < P95_LIMIT_MS).at(-1);
    return {
      configuration: configuration.name,
      engine: configuration.engine,
      instances: configuration.instances,
      desksHeldUnderP95_100ms: held?.desks ?? 0,
      reachedCap: steps.at(-1)?.desks === MAX_DESKS && held?.desks === MAX_DESKS,
      atDesksHeld: held ?? null,
      eventToSupervisorIs: configuration.instances === 2 ? 'cross-instance (ingested on one instance, streamed from the other)' : 'same instance',
      steps,
      ingestPeak: peak,
      plumbingOverhead: await plumbingOverhead(first.url),
    };
  } finally {
    for (const watch of watches) watch.close();
    for (const instance of instances.reverse()) await instance.close();
    if (database !== undefined) await cluster.dropDatabase(new URL(database).pathname.slice(1));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const CONFIGURATIONS: readonly Configuration[] = [
  { name: 'sqlite-1-instance', engine: 'sqlite', instances: 1 },
  { name: 'postgres-1-instance', engine: 'postgres', instances: 1 },
  { name: 'postgres-2-instances-1-database', engine: 'postgres', instances: 2 },
];

async function main(): Promise<void> {
  const started = performance.now();
  const loadAverageAtStart = loadavg().map((n) => Number(n.toFixed(2)));
  const cluster = await startPostgresCluster();
  try {
    const results: ConfigurationResult[] = [];
    for (const configuration of CONFIGURATIONS) {
      results.push(await runConfiguration(configuration, cluster));
    }
    // Alone on the machine once the gateways are gone: its figures are the desk's and one gateway's.
    const lookup = await lookupFigures().catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
    process.stdout.write(
      `${JSON.stringify(
        {
          goals: fleetGoals(results, lookup),
          load: {
            heartbeatPeriodSeconds: HEARTBEAT_SECONDS,
            timeCompression: COMPRESSION,
            compressedPeriodMs: (HEARTBEAT_SECONDS * 1000) / COMPRESSION,
            perDeskPerPeriod: `1 signed heartbeat (timed), 1 signed audit batch of ${EVENTS_PER_BATCH} events, 1 card lookup by a demo test card`,
            ingestPeak: `before the ramp, ${PEAK_DESKS} desks each send ${PEAK_BATCHES_PER_DESK} signed batches of ${PEAK_EVENTS_PER_BATCH} events to instance A back to back`,
            ramp: `desks step through ${DESK_STEPS.join(', ')} while heartbeat p95 < ${P95_LIMIT_MS} ms, ${ROUNDS_PER_STEP} measured periods per step after ${WARM_UP_ROUNDS_PER_STEP} unmeasured`,
            signIn: 'every desk signs in as agent.ana with its own Ed25519 device key; supervisors as sup.sara',
            raisedCaps: RAISED_CAPS,
            machine: 'load generator, gateways and PostgreSQL share this machine',
            loadAverage1_5_15min: { atStart: loadAverageAtStart, atEnd: loadavg().map((n) => Number(n.toFixed(2))) },
          },
          configurations: results,
          lookup: lookup instanceof Error ? { error: lookup.message } : lookup,
          seconds: Math.round((performance.now() - started) / 1000),
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await cluster.stop();
  }
}

await main();
