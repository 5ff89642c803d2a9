// What bench:fleet runs (an engine and a number of instances) and what it measured there.
import type { StepResult } from './desk-ramp.ts';
import type { IngestPeak } from './ingest-peak.ts';
import type { plumbingOverhead } from './plumbing-overhead.ts';

export interface Configuration {
  readonly name: string;
  readonly engine: 'sqlite' | 'postgres';
  readonly instances: 1 | 2;
}

export interface ConfigurationResult {
  readonly configuration: string;
  readonly engine: Configuration['engine'];
  readonly instances: Configuration['instances'];
  readonly desksHeldUnderP95_100ms: number;
  readonly reachedCap: boolean;
  readonly atDesksHeld: StepResult | null;
  readonly eventToSupervisorIs: string;
  readonly steps: readonly StepResult[];
  /** Signed batches sent back to back to instance A before the ramp. */
  readonly ingestPeak: IngestPeak;
  readonly plumbingOverhead: Awaited<ReturnType<typeof plumbingOverhead>>;
}
