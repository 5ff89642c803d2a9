// The audit queue's housekeeping, run on a timer by the desk's clockwork:
// synced events past policy auditRetentionDays are purged, and the data key is
// rotated every policy auditKeyRotationDays. Time comes from the clock passed in.
import type { Clock } from '../clock.ts';

const DAY_MS = 86_400_000;

export interface MaintainedQueue {
  purgeSynced(): number;
  keyRotatedAt(): number;
  rotateKey(): Promise<string>;
}

export interface AuditMaintenance {
  /** One pass: purge what retention allows, rotate the key when it is due. */
  run(): Promise<{ purged: number; rotatedTo: string | null }>;
}

export function createAuditMaintenance(options: { queue: MaintainedQueue; clock: Clock; keyRotationDays: number }): AuditMaintenance {
  const { queue, clock } = options;
  let running: Promise<{ purged: number; rotatedTo: string | null }> | null = null;
  const pass = async (): Promise<{ purged: number; rotatedTo: string | null }> => {
    const purged = queue.purgeSynced();
    const due = clock.now() - queue.keyRotatedAt() >= options.keyRotationDays * DAY_MS;
    return { purged, rotatedTo: due ? await queue.rotateKey() : null };
  };
  return {
    // Single-flight: a slow keychain write must not let two rotations overlap.
    run: () => {
      running ??= pass().finally(() => {
        running = null;
      });
      return running;
    },
  };
}
