// The desk's main-process services built by createDeskServices with real parts:
// the AuditQueue on a temp SQLite file and a test keychain, the API client
// against a real gateway (or a fault proxy in front of it).
import { createDeskServices, type DeskServices } from '../../../main/desk-services.ts';
import { PolicySchema } from '../../../main/policy/policy-schema.ts';
import { queueFixture, type QueueFixture } from './audit-queue.ts';

/** `await using desk = await startDesk(…)` closes it (and forgets its keychain entries) with the scope. */
export interface TestDesk extends DeskServices, AsyncDisposable {
  readonly fixture: QueueFixture;
  /** Errors the router reported to main's log. */
  readonly reported: unknown[];
  readonly opened: string[];
  /** Push events main sent toward the renderer. */
  readonly pushed: { event: string; payload: unknown }[];
  /** Closes these services (not the keychain) and starts the desk again on the same files: an app restart. */
  restart(more?: StartDeskOptions): Promise<TestDesk>;
}

export interface StartDeskOptions {
  timeoutMs?: number;
  batchSize?: number;
  deviceId?: string;
  clockStart?: number;
  policy?: Record<string, unknown>;
  /** The gateway's policy enrolment token (RunningGateway.enrolment.secret), put in the desk's policy as a managed build carries it. */
  enrolmentToken?: string;
  /** Reopen an earlier desk's files and keychain (see restart()). */
  fixture?: QueueFixture;
  quitFlushMs?: number;
}

export async function startDesk(baseUrl: string, options: StartDeskOptions = {}): Promise<TestDesk> {
  const fixture = options.fixture ?? queueFixture(options.deviceId ?? `desk-${Math.random().toString(36).slice(2, 10)}`);
  if (options.fixture === undefined || options.clockStart !== undefined) fixture.clock.set(options.clockStart ?? Date.now());
  const reported: unknown[] = [];
  const opened: string[] = [];
  const pushed: TestDesk['pushed'] = [];
  const services = await createDeskServices({
    // This machine cannot protect the screen (Linux); tests that check the `require` refusal say so in their policy.
    policy: PolicySchema.parse({
      serverUrl: baseUrl,
      openExternalAllowlist: ['https://help.example.com'],
      captureProtection: 'warn',
      ...(options.enrolmentToken === undefined ? {} : { enrolmentToken: options.enrolmentToken }),
      ...options.policy,
    }),
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
    ...(options.quitFlushMs === undefined ? {} : { quitFlushMs: options.quitFlushMs }),
  });
  const close = async (): Promise<void> => {
    await services.close();
    await fixture.keychain.cleanup();
  };
  return {
    ...services,
    fixture,
    reported,
    opened,
    pushed,
    close,
    [Symbol.asyncDispose]: close,
    async restart(more = {}) {
      await services.close();
      return startDesk(baseUrl, { ...options, ...more, fixture });
    },
  };
}
