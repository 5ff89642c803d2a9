// Where the CPU went over a phase of the run: how many cores the gateway
// processes kept busy, and the load generator (this process), beside how many
// the whole machine did (those, PostgreSQL and whoever else shares it). A goal out of reach is
// then explained by the resource that ran out.
import { cpus } from 'node:os';
import type { FleetInstance, GatewayUsage } from './fleet-instance.ts';

export interface CpuSnapshot {
  readonly gateways: readonly GatewayUsage[];
  readonly generatorMs: number;
  readonly machineBusyMs: number;
  readonly at: number;
}

export interface CpuUse {
  /** CPU seconds per wall second of all gateway processes together. */
  readonly gatewayCores: number;
  /** The same for the load generator: desks, supervisors' streams. */
  readonly generatorCores: number;
  /** The same for the whole machine, out of `machineCores`. */
  readonly machineBusyCores: number;
  readonly machineCores: number;
}

const machineBusyMs = (): number => cpus().reduce((sum, cpu) => sum + cpu.times.user + cpu.times.nice + cpu.times.sys + cpu.times.irq, 0);

export async function cpuSnapshot(instances: readonly FleetInstance[]): Promise<CpuSnapshot> {
  const gateways = await Promise.all(instances.map((i) => i.usage()));
  const { user, system } = process.cpuUsage();
  return { gateways, generatorMs: (user + system) / 1000, machineBusyMs: machineBusyMs(), at: performance.now() };
}

export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): CpuUse {
  const gatewayCores = after.gateways.reduce((sum, usage, i) => {
    const start = before.gateways[i];
    return start === undefined ? sum : sum + (usage.cpuMs - start.cpuMs) / (usage.wallMs - start.wallMs);
  }, 0);
  const wallMs = after.at - before.at;
  return {
    gatewayCores: Number(gatewayCores.toFixed(2)),
    generatorCores: Number(((after.generatorMs - before.generatorMs) / wallMs).toFixed(2)),
    machineBusyCores: Number(((after.machineBusyMs - before.machineBusyMs) / wallMs).toFixed(2)),
    machineCores: cpus().length,
  };
}
