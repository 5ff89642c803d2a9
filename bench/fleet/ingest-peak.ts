// Peak audit ingest of one instance: desks send signed batches back to back,
// as fast as the gateway acks them, while the supervisors' streams time each
// event from its post to its frame. Bodies are signed and serialised before the
// clock starts, so the load generator's own hashing stays off it.
import { TestDevice } from '../../test/harness/device/device.ts';
import { cpuBetween, cpuSnapshot, type CpuUse } from './cpu-usage.ts';
import type { FleetInstance } from './fleet-instance.ts';
import { p95 } from './desk-ramp.ts';
import { settle, type PostedEvents, type SupervisorWatch } from './supervisor-latency.ts';

export const PEAK_DESKS = 16;
export const PEAK_BATCHES_PER_DESK = 16;
export const PEAK_EVENTS_PER_BATCH = 100;
/** Room for a stream that fell behind to catch up; what it has not delivered by then counts as unseen. */
const SETTLE_MS = 10_000;

export interface IngestPeak {
  readonly desks: number;
  readonly eventsPerBatch: number;
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly batchP95Ms: number;
  readonly eventToSupervisorP95Ms: number | null;
  readonly eventsSeenBySupervisors: number;
  /** While the batches were sent, over every instance of the configuration. */
  readonly cpu: CpuUse;
}

export async function ingestPeak(ingest: FleetInstance, all: readonly FleetInstance[], now: number, posted: PostedEvents, watches: readonly SupervisorWatch[]): Promise<IngestPeak> {
  const at = new Date(now).toISOString();
  const desks = [];
  for (let d = 0; d < PEAK_DESKS; d += 1) {
    const device = new TestDevice();
    const { token } = await ingest.login('agent.ana', { device });
    const batches = Array.from({ length: PEAK_BATCHES_PER_DESK }, () => {
      const entries = device.append(Array.from({ length: PEAK_EVENTS_PER_BATCH }, () => device.event({ at, actor: { userId: 'u-agent-ana', username: 'agent.ana', roles: ['agent'] } })));
      return { ids: entries.map((e) => e.event.id), body: JSON.stringify(device.batch(entries)) };
    });
    desks.push({ token, batches });
  }
  const seenBefore = watches.map((w) => w.latenciesMs.length);
  const batchMs: number[] = [];
  const started = performance.now();
  const cpuBefore = await cpuSnapshot(all);
  await Promise.all(
    desks.map(async ({ token, batches }) => {
      for (const { ids, body } of batches) {
        const postedAt = performance.now();
        for (const id of ids) posted.byId.set(id, { postedAt, instance: ingest.name });
        const response = await fetch(`${ingest.url}/v1/audit/batches`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
        await response.text();
        if (response.status !== 200) throw new Error(`audit batch answered ${response.status}`);
        batchMs.push(performance.now() - postedAt);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuBetween(cpuBefore, await cpuSnapshot(all));
  const events = PEAK_DESKS * PEAK_BATCHES_PER_DESK * PEAK_EVENTS_PER_BATCH;
  await settle(watches, seenBefore.reduce((a, b) => a + b, 0) + events, SETTLE_MS);
  const latencies = watches.flatMap((w, i) => w.latenciesMs.slice(seenBefore[i]));
  return {
    desks: PEAK_DESKS,
    eventsPerBatch: PEAK_EVENTS_PER_BATCH,
    events,
    seconds: Number(seconds.toFixed(2)),
    eventsPerSecond: Math.round(events / seconds),
    batchP95Ms: Number(p95(batchMs).toFixed(1)),
    eventToSupervisorP95Ms: latencies.length === 0 ? null : Number(p95(latencies).toFixed(1)),
    eventsSeenBySupervisors: latencies.length,
    cpu,
  };
}
