// A Scheduler the test fires by hand: each job registered with `every` runs
// only when the test calls fire() with its interval.
import type { Scheduler } from '../../../server/audit/chain-verifier.ts';

export interface ManualScheduler extends Scheduler {
  /** Runs every job registered with this interval once; the number it ran. */
  fire(intervalMs: number): number;
}

export function manualScheduler(): ManualScheduler {
  const jobs = new Set<{ intervalMs: number; run: () => void }>();
  return {
    every(intervalMs, run) {
      const job = { intervalMs, run };
      jobs.add(job);
      return { cancel: () => jobs.delete(job) };
    },
    fire(intervalMs) {
      const due = [...jobs].filter((job) => job.intervalMs === intervalMs);
      for (const job of due) job.run();
      return due.length;
    },
  };
}
