// The desk's main-process services wired as main/shell will wire them, with
// real parts: the AuditQueue on a temp SQLite file and the test keychain, the
// API client against a real gateway (or a fault proxy in front of it).
import { createApiClient, type ApiClient } from '../../main/api/api-client.ts';
import type { AuditQueue } from '../../main/audit/audit-queue.ts';
import { SessionService } from '../../main/session/session-service.ts';
import { SyncEngine } from '../../main/sync/sync-engine.ts';
import { queueFixture, type QueueFixture } from './audit-queue.ts';

export interface TestDesk {
  readonly fixture: QueueFixture;
  readonly queue: AuditQueue;
  readonly api: ApiClient;
  readonly session: SessionService;
  readonly sync: SyncEngine;
  close(): Promise<void>;
}

export async function startDesk(
  baseUrl: string,
  options: { timeoutMs?: number; batchSize?: number; deviceId?: string; clockStart?: number } = {},
): Promise<TestDesk> {
  const fixture = queueFixture(options.deviceId ?? `desk-${Math.random().toString(36).slice(2, 10)}`);
  fixture.clock.set(options.clockStart ?? Date.now());
  const queue = await fixture.open();
  let session: SessionService | null = null;
  const api = createApiClient({ baseUrl, tlsPins: [], timeoutMs: options.timeoutMs ?? 5000, tokens: () => session });
  session = new SessionService({
    api,
    secrets: fixture.keychain,
    clock: fixture.clock,
    device: { deviceId: queue.deviceId, publicKey: queue.publicKey, appVersion: '0.1.0-test' },
    serverOrigin: new URL(baseUrl).origin,
    unlockRequiresOtp: false,
  });
  const sync = new SyncEngine({
    source: queue,
    api,
    clock: fixture.clock,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: Math.random,
    batchSize: options.batchSize ?? 200,
    backoff: { baseMs: 20, capMs: 200 },
  });
  return {
    fixture,
    queue,
    api,
    session,
    sync,
    async close() {
      await sync.stop();
      queue.close();
      await fixture.keychain.cleanup();
    },
  };
}
