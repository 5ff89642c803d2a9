// Builds main's services from policy and their real collaborators: the audit
// queue, the API client, the session, sync and the IPC router. main/shell calls
// it with Electron's facilities; tests call it with plain ones.
import type { AppStatus } from '../shared/schemas/status.ts';
import type { CaptureProtection } from '../shared/schemas/supervision.ts';
import { createApiClient, type ApiClient } from './api/api-client.ts';
import { AuditQueue } from './audit/audit-queue.ts';
import type { Clock } from './clock.ts';
import { createHandlers } from './ipc/handlers.ts';
import { createRouter, type Router } from './ipc/router.ts';
import type { Policy } from './policy/policy-schema.ts';
import type { SecretStore } from './secrets/secret-store.ts';
import { SessionService } from './session/session-service.ts';
import { SyncEngine } from './sync/sync-engine.ts';
import type { PushEventName } from '../shared/contract/push-events.ts';
import type { SessionState } from '../shared/schemas/session.ts';
import { SupervisorStream } from './supervision/supervisor-stream.ts';

export interface DeskServicesOptions {
  readonly policy: Policy;
  readonly deviceId: string;
  readonly appVersion: string;
  readonly host: string;
  readonly platform: AppStatus['platform'];
  readonly auditDbPath: string;
  readonly secrets: SecretStore;
  readonly clock: Clock;
  readonly captureProtection: CaptureProtection;
  readonly openExternal: (url: string) => Promise<void>;
  readonly report: (error: unknown, where: string) => void;
  readonly onSessionChange?: (state: SessionState) => void;
  /** Main → renderer push events (the supervisor stream). */
  readonly onPush?: (event: PushEventName, payload: unknown) => void;
  readonly sync?: { batchSize?: number; baseMs?: number; capMs?: number; timeoutMs?: number };
}

export interface DeskServices {
  readonly queue: AuditQueue;
  readonly api: ApiClient;
  readonly session: SessionService;
  readonly sync: SyncEngine;
  readonly router: Router;
  readonly supervisorStream: SupervisorStream;
  appStatus(): AppStatus;
  close(): Promise<void>;
}

export async function createDeskServices(options: DeskServicesOptions): Promise<DeskServices> {
  const { policy, clock } = options;
  const queue = await AuditQueue.open({
    dbPath: options.auditDbPath,
    deviceId: options.deviceId,
    appVersion: options.appVersion,
    host: options.host,
    secrets: options.secrets,
    clock,
    maxUnsynced: policy.auditQueueMaxEvents,
    retentionDays: policy.auditRetentionDays,
  });
  let session: SessionService | null = null;
  const api = createApiClient({ baseUrl: policy.serverUrl, tlsPins: policy.tlsPins, timeoutMs: options.sync?.timeoutMs ?? 15_000, tokens: () => session });
  const PUSH_NAMES = { presence: 'supervisor.presence', audit: 'supervisor.audit', alert: 'supervisor.alert' } as const;
  const supervisorStream = new SupervisorStream({
    api,
    onEvent: (event) => options.onPush?.(PUSH_NAMES[event.type], event.data),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    retry: { baseMs: options.sync?.baseMs ?? 1000, capMs: options.sync?.capMs ?? 30_000 },
    report: (error) => options.report(error, 'supervisor-stream'),
    now: () => clock.now(),
    onState: (state) => options.onPush?.('supervisor.stream', state),
  });
  // The stream runs only while a supervisor is signed in and unlocked.
  const followSession = (state: SessionState): void => {
    if (state.status === 'active' && state.user.roles.includes('supervisor')) supervisorStream.start();
    else void supervisorStream.stop({ forget: state.status === 'signed_out' });
    options.onSessionChange?.(state);
  };
  session = new SessionService({
    api,
    secrets: options.secrets,
    clock,
    device: { deviceId: queue.deviceId, publicKey: queue.publicKey, appVersion: options.appVersion },
    serverOrigin: new URL(policy.serverUrl).origin,
    unlockRequiresOtp: policy.unlockRequiresOtp,
    onChange: followSession,
  });
  const sync = new SyncEngine({
    source: queue,
    api,
    clock,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: Math.random,
    batchSize: options.sync?.batchSize ?? 200,
    backoff: { baseMs: options.sync?.baseMs ?? 1000, capMs: options.sync?.capMs ?? 60_000 },
  });
  // Linux cannot keep windows out of screen captures; with policy `require` sensitive views stay hidden there.
  const sensitiveViewsAllowed = options.captureProtection === 'protected' || policy.captureProtection === 'warn';
  const appStatus = (): AppStatus => ({
    appVersion: options.appVersion,
    deviceId: queue.deviceId,
    platform: options.platform,
    server: new URL(policy.serverUrl).origin,
    captureProtection: options.captureProtection,
    sensitiveViewsAllowed,
    policy: {
      idleLockMinutes: policy.idleLockMinutes,
      maskReveal: policy.panDisplay,
      captureProtection: policy.captureProtection,
      unlockRequiresOtp: policy.unlockRequiresOtp,
    },
    serverTime: null,
  });
  const activeSession = session;
  const router = createRouter({
    handlers: createHandlers({
      session: activeSession,
      api,
      syncStatus: () => sync.status(),
      appStatus,
      supervisorStreamState: () => supervisorStream.state(),
      externalAllowlist: policy.openExternalAllowlist,
      openExternal: options.openExternal,
    }),
    caller: () => activeSession.caller(),
    user: () => activeSession.user(),
    audit: queue,
    report: options.report,
  });
  return {
    queue,
    api,
    session: activeSession,
    sync,
    router,
    supervisorStream,
    appStatus,
    async close() {
      await supervisorStream.stop();
      await sync.stop();
      queue.close();
    },
  };
}
