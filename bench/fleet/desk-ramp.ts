// The desk load: every round is one 30 s heartbeat period compressed
// COMPRESSION times; in it each desk, at its own offset in the period, sends a
// signed heartbeat (timed), a signed audit batch and a card lookup to its
// ingest instance. The desk count doubles while the heartbeat p95 stays under
// the limit, with one step at the goal (GOAL_DESKS), up to a cap.
import { DEMO_TEST_CARDS } from '../../server/seed/demo-data.ts';
import { TestDevice } from '../../test/harness/device/device.ts';
import { cpuBetween, cpuSnapshot, type CpuUse } from './cpu-usage.ts';
import type { FleetClock } from './fleet-clock.ts';
import type { FleetInstance } from './fleet-instance.ts';
import { settle, type PostedEvents, type SupervisorWatch } from './supervisor-latency.ts';

export const HEARTBEAT_SECONDS = 30;
export const COMPRESSION = 60;
export const P95_LIMIT_MS = 100;
/** 10,000 real desks at COMPRESSION: the goal of issue #20. */
export const GOAL_DESKS = Math.ceil(10_000 / COMPRESSION);
// The gateway clock moves one real period (30 s) per round: the whole ramp (8 steps, 3 periods a
// step = 12 min) stays inside the 15 min access token of the first desk.
export const DESK_STEPS = [4, 8, 16, 32, 64, 128, GOAL_DESKS, 256] as const;
export const MAX_DESKS = DESK_STEPS[DESK_STEPS.length - 1];
export const ROUNDS_PER_STEP = 2;
/** Unmeasured periods per step first: new desks' first heartbeat creates their presence row, and the JIT warms. */
export const WARM_UP_ROUNDS_PER_STEP = 1;
export const EVENTS_PER_BATCH = 10;
const PERIOD_MS = (HEARTBEAT_SECONDS * 1000) / COMPRESSION;
const STREAM_SETTLE_MS = 2_000;

interface Desk {
  readonly device: TestDevice;
  readonly token: string;
  readonly ingest: FleetInstance;
}

export interface StepResult {
  readonly desks: number;
  readonly heartbeatP95Ms: number;
  readonly ingestEventsPerSecond: number;
  readonly eventToSupervisorP95Ms: number | null;
  readonly eventsSeenBySupervisors: number;
  readonly eventsExpectedBySupervisors: number;
  /** Over the measured periods. */
  readonly cpu: CpuUse;
}

export const p95 = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? 0;
};

async function expectOk(what: string, answer: Promise<{ status: number; error: { code: string } | undefined }>): Promise<void> {
  const { status, error } = await answer;
  // Only the status and error code are reported: a lookup body names a card.
  if (status !== 200) throw new Error(`${what} answered ${status} ${String(error?.code)}`);
}

async function deskRound(desks: readonly Desk[], clock: FleetClock, posted: PostedEvents, heartbeatMs: number[], round: number): Promise<number> {
  let events = 0;
  await Promise.all(
    desks.map(async ({ device, token, ingest }, index) => {
      await new Promise((resolve) => setTimeout(resolve, (index * PERIOD_MS) / desks.length));
      const started = performance.now();
      await expectOk('heartbeat', ingest.route('heartbeat', { token, body: device.heartbeat(clock.now()) }));
      heartbeatMs.push(performance.now() - started);
      const at = new Date(clock.now()).toISOString();
      const entries = device.append(Array.from({ length: EVENTS_PER_BATCH }, () => device.event({ at, actor: { userId: 'u-agent-ana', username: 'agent.ana', roles: ['agent'] } })));
      const postedAt = performance.now();
      for (const entry of entries) posted.byId.set(entry.event.id, { postedAt, instance: ingest.name });
      await expectOk('audit batch', ingest.route('auditBatches', { token, body: device.batch(entries) }));
      events += EVENTS_PER_BATCH;
      const card = DEMO_TEST_CARDS[(index + round) % DEMO_TEST_CARDS.length];
      if (card === undefined) throw new Error('no demo test card');
      await expectOk('card lookup', ingest.route('lookup', { token, body: { by: 'card', value: card.pan } }));
    }),
  );
  return events;
}

/**
 * Ramps desks spread round-robin over `instances`; each supervisor watch counts only events posted
 * to the instances it was told to (the other one, with two instances).
 */
export async function rampDesks(instances: readonly FleetInstance[], clock: FleetClock, posted: PostedEvents, watches: readonly SupervisorWatch[]): Promise<StepResult[]> {
  const desks: Desk[] = [];
  const steps: StepResult[] = [];
  for (const target of DESK_STEPS) {
    while (desks.length < target) {
      const ingest = instances[desks.length % instances.length];
      if (ingest === undefined) throw new Error('no instance');
      const device = new TestDevice();
      // A desk signs in on the instance it will not send to, when there are two: sessions are shared too.
      const signInAt = instances[(desks.length + 1) % instances.length] ?? ingest;
      desks.push({ device, token: (await signInAt.login('agent.ana', { device })).token, ingest });
    }
    const seenBeforeWarmUp = watches.reduce((n, w) => n + w.latenciesMs.length, 0);
    let warmUpEvents = 0;
    for (let round = 0; round < WARM_UP_ROUNDS_PER_STEP; round += 1) {
      await clock.advance(HEARTBEAT_SECONDS * 1000);
      warmUpEvents += await deskRound(desks, clock, posted, [], round);
    }
    // Warm-up frames are drained before the measured periods start.
    await settle(watches, seenBeforeWarmUp + warmUpEvents, STREAM_SETTLE_MS);
    const seenBefore = watches.map((w) => w.latenciesMs.length);
    const heartbeatMs: number[] = [];
    let events = 0;
    const started = performance.now();
    const cpuBefore = await cpuSnapshot(instances);
    for (let round = 0; round < ROUNDS_PER_STEP; round += 1) {
      await clock.advance(HEARTBEAT_SECONDS * 1000);
      events += await deskRound(desks, clock, posted, heartbeatMs, round);
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = cpuBetween(cpuBefore, await cpuSnapshot(instances));
    await settle(watches, seenBefore.reduce((a, b) => a + b, 0) + events, STREAM_SETTLE_MS);
    const latencies = watches.flatMap((w, i) => w.latenciesMs.slice(seenBefore[i]));
    const step: StepResult = {
      desks: target,
      heartbeatP95Ms: Number(p95(heartbeatMs).toFixed(1)),
      ingestEventsPerSecond: Math.round(events / seconds),
      eventToSupervisorP95Ms: latencies.length === 0 ? null : Number(p95(latencies).toFixed(1)),
      eventsSeenBySupervisors: latencies.length,
      eventsExpectedBySupervisors: events,
      cpu,
    };
    steps.push(step);
    if (step.heartbeatP95Ms >= P95_LIMIT_MS) break;
  }
  return steps;
}
