// Opens an AuditQueue over a temp folder and a test keychain.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditQueue, type AuditEventInput, type AuditQueueOptions } from '../../../main/audit/audit-queue.ts';
import { manualClock, type ManualClock } from '../clock/clock.ts';
import { testKeychain, type TestKeychain } from '../keychain/keychain.ts';

export interface QueueFixture {
  readonly dir: string;
  readonly dbPath: string;
  readonly keychain: TestKeychain;
  readonly clock: ManualClock;
  readonly deviceId: string;
  open(overrides?: Partial<AuditQueueOptions>): Promise<AuditQueue>;
}

export function queueFixture(deviceId = 'desk-test-0001'): QueueFixture {
  const dir = mkdtempSync(join(tmpdir(), 'sentinel-audit-'));
  const dbPath = join(dir, 'audit.sqlite');
  const keychain = testKeychain();
  const clock = manualClock();
  return {
    dir,
    dbPath,
    keychain,
    clock,
    deviceId,
    open: (overrides = {}) =>
      AuditQueue.open({
        dbPath,
        deviceId,
        appVersion: '0.1.0-test',
        host: 'test-desk',
        secrets: keychain,
        clock,
        maxUnsynced: 100_000,
        retentionDays: 30,
        ...overrides,
      }),
  };
}

export const agentActor = { userId: 'u-agent-ana', username: 'agent.ana', roles: ['agent' as const] };

export function lookupEvent(n: number): AuditEventInput {
  return {
    type: 'customer.lookup',
    outcome: 'success',
    actor: agentActor,
    target: { kind: 'card', id: '•••• 1111' },
    details: { by: 'card', results: n % 3, marker: `event-${n}` },
  };
}
