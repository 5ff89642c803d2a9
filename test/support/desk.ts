// The desk's main-process services built by createDeskServices with real parts:
// the AuditQueue on a temp SQLite file and a test keychain, the API client
// against a real gateway (or a fault proxy in front of it).
import { createDeskServices, type DeskServices } from '../../main/desk-services.ts';
import { PolicySchema } from '../../main/policy/policy-schema.ts';
import { queueFixture, type QueueFixture } from './audit-queue.ts';

export interface TestDesk extends DeskServices {
  readonly fixture: QueueFixture;
  /** Errors the router reported to main's log. */
  readonly reported: unknown[];
  readonly opened: string[];
  /** Push events main sent toward the renderer. */
  readonly pushed: { event: string; payload: unknown }[];
  /** Stops the desk like quitting the app: its audit file and keychain stay, for a restart over the same fixture. */
  shutdown(): Promise<void>;
}

export async function startDesk(
  baseUrl: string,
  options: { timeoutMs?: number; batchSize?: number; deviceId?: string; clockStart?: number; policy?: Record<string, unknown>; fixture?: QueueFixture } = {},
): Promise<TestDesk> {
  // A given fixture is a restart: the same audit file, keychain and clock.
  const fixture = options.fixture ?? queueFixture(options.deviceId ?? `desk-${Math.random().toString(36).slice(2, 10)}`);
  if (options.fixture === undefined) fixture.clock.set(options.clockStart ?? Date.now());
  const reported: unknown[] = [];
  const opened: string[] = [];
  const pushed: TestDesk['pushed'] = [];
  const services = await createDeskServices({
    policy: PolicySchema.parse({ serverUrl: baseUrl, openExternalAllowlist: ['https://help.example.com'], ...options.policy }),
    deviceId: fixture.deviceId,
    appVersion: '0.1.0-test',
    host: 'test-desk',
    platform: 'linux',
    auditDbPath: fixture.dbPath,
    secrets: fixture.keychain,
    clock: fixture.clock,
    captureProtection: 'unsupported',
    openExternal: (url) => {
      opened.push(url);
      return Promise.resolve();
    },
    report: (error) => reported.push(error),
    onPush: (event, payload) => pushed.push({ event, payload }),
    sync: { batchSize: options.batchSize ?? 200, baseMs: 20, capMs: 200, timeoutMs: options.timeoutMs ?? 5000 },
  });
  return {
    ...services,
    fixture,
    reported,
    opened,
    pushed,
    shutdown: () => services.close(),
    async close() {
      await services.close();
      await fixture.keychain.cleanup();
    },
  };
}
