// Builds main's services from policy and their real collaborators: the audit
// queue, the API client, the session, sync, the IPC router and the push gate
// (the one way events reach the renderer). main/shell calls it with Electron's
// facilities; tests call it with plain ones.
import type { Result } from '../shared/errors.ts';
import type { CustomerDetail } from '../shared/schemas/customer.ts';
import type { AppStatus } from '../shared/schemas/status.ts';
import type { CaptureProtection } from '../shared/schemas/supervision.ts';
import { createApiClient, type ApiClient } from './api/api-client.ts';
import { createCallWatcher, type CallWatcher } from './calls/call-watcher.ts';
import { createCustomerFollower, type CustomerFollower } from './customers/customer-follower.ts';
import { createAuditMaintenance, type AuditMaintenance } from './audit/audit-maintenance.ts';
import { AuditQueue, SYSTEM_ACTOR } from './audit/audit-queue.ts';
import type { Clock } from './clock.ts';
import { createHandlers } from './ipc/handlers.ts';
import { createPushGate, type Push } from './ipc/push-gate.ts';
import { createRouter, type Router } from './ipc/router.ts';
import type { Policy } from './policy/policy-schema.ts';
import type { SecretStore } from './secrets/secret-store.ts';
import { watchKeychain } from './secrets/keychain-health.ts';
import { SessionService } from './session/session-service.ts';
import { CompanySignIn } from './sso/company-sign-in.ts';
import { createSessionWatch, type SessionWatch } from './session/session-watch.ts';
import { createLogWitness } from './sync/log-witness.ts';
import { abortableSleep, SyncEngine } from './sync/sync-engine.ts';
import type { PushEventName } from '../shared/contract/push-events.ts';
import type { SessionState } from '../shared/schemas/session.ts';
import { SupervisorStream } from './supervision/supervisor-stream.ts';
import { createWallboardReader, type WallboardReader } from './supervision/wallboard.ts';

/** How long the desk waits for one held session watch: well past the gateway's hold (25 s by default). */
const SESSION_WATCH_TIMEOUT_MS = 60_000;

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
  /** The transport toward the renderer; only the push gate calls it. */
  readonly onPush?: (event: PushEventName, payload: unknown) => void;
  readonly sync?: { batchSize?: number; baseMs?: number; capMs?: number; timeoutMs?: number };
  /** Overrides policy quitFlushSeconds (tests). */
  readonly quitFlushMs?: number;
}

export interface DeskServices {
  readonly queue: AuditQueue;
  readonly api: ApiClient;
  readonly session: SessionService;
  /** Single sign-on in the system browser (the channels session.ssoSignIn and session.ssoCancel). */
  readonly companySignIn: CompanySignIn;
  readonly sync: SyncEngine;
  readonly router: Router;
  readonly supervisorStream: SupervisorStream;
  /** The held request by which the desk learns at once that its session ended (started and stopped with the session). */
  readonly sessionWatch: SessionWatch;
  /** The call on a signed-in agent's desk, pushed as call.current (desk-timers.ts polls it). */
  readonly calls: CallWatcher;
  /** The customer open on an agent's screen, refreshed when it changes (desk-timers.ts polls it). */
  readonly openCustomer: CustomerFollower;
  /** The wallboard's aggregate figures (the channel supervisor.wallboard). */
  readonly wallboard: WallboardReader;
  readonly maintenance: AuditMaintenance;
  /** Sends a push event to the renderer if its audience allows, masked and checked. */
  readonly push: Push;
  appStatus(): AppStatus;
  /** Quit: audits the stop, gives sync a bounded time to flush, then closes. Never waits longer than quitFlushMs plus a close. */
  shutdown(): Promise<void>;
  close(): Promise<void>;
}

export async function createDeskServices(options: DeskServicesOptions): Promise<DeskServices> {
  const { policy, clock } = options;
  const secrets = watchKeychain(options.secrets);
  const queue = await AuditQueue.open({
    dbPath: options.auditDbPath,
    deviceId: options.deviceId,
    appVersion: options.appVersion,
    host: options.host,
    secrets,
    clock,
    maxUnsynced: policy.auditQueueMaxEvents,
    retentionDays: policy.auditRetentionDays,
    ...(policy.auditIntegrityClearance === undefined ? {} : { integrityClearance: policy.auditIntegrityClearance }),
  });
  let session: SessionService | null = null;
  const api = createApiClient({ baseUrl: policy.serverUrl, tlsPins: policy.tlsPins, timeoutMs: options.sync?.timeoutMs ?? 15_000, tokens: () => session });
  const push = createPushGate({
    caller: () => session?.caller() ?? null,
    user: () => session?.user() ?? null,
    audit: queue,
    send: (event, payload) => options.onPush?.(event, payload),
    report: options.report,
  });
  const calls = createCallWatcher({ api, push });
  // A refresh is the router's own customers.get, so it is audited, gated and checked like the agent's reads.
  const openCustomer = createCustomerFollower({ api, push, read: (customerId) => router.handle('customers.get', { customerId }) as Promise<Result<CustomerDetail>> });
  const PUSH_NAMES = { presence: 'supervisor.presence', audit: 'supervisor.audit', alert: 'supervisor.alert' } as const;
  const wallboard = createWallboardReader({ api, clock });
  const supervisorStream = new SupervisorStream({
    api,
    onEvent: (event) => push(PUSH_NAMES[event.type], event.data),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    retry: { baseMs: options.sync?.baseMs ?? 1000, capMs: options.sync?.capMs ?? 30_000 },
    report: (error) => options.report(error, 'supervisor-stream'),
    now: () => clock.now(),
    onState: (state) => options.onPush?.('supervisor.stream', state),
  });
  const sessionWatch = createSessionWatch({
    api,
    sleep: abortableSleep,
    random: Math.random,
    retry: { baseMs: options.sync?.baseMs ?? 1000, capMs: options.sync?.capMs ?? 30_000 },
    timeoutMs: SESSION_WATCH_TIMEOUT_MS,
    report: (error) => {
      options.report(error, 'session-watch');
    },
  });
  // The stream runs only while a supervisor is signed in, unlocked and not on the wallboard; the session watch while anyone is.
  const followSession = (state: SessionState): void => {
    const onWallboard = state.status === 'active' && state.wallboard === true;
    if (state.status === 'active' && state.user.roles.includes('supervisor') && !onWallboard) supervisorStream.start();
    else void supervisorStream.stop({ forget: state.status === 'signed_out' });
    if (state.status === 'active') sessionWatch.start();
    else void sessionWatch.stop();
    push('session.changed', state);
    // The wallboard holds no call and no customer, as a locked desk holds none.
    if (state.status !== 'active' || onWallboard) {
      calls.reset();
      openCustomer.reset();
    }
    if (state.status !== 'active') wallboard.reset();
    // A revoked desk still owes its pending trail: send it at once over the device-signed route.
    if (state.status === 'signed_out' && state.reason === 'device_revoked') void sync.syncNow();
    // The gateway locks the session when the desk's signed heartbeat says so: tell it now, not at the next tick.
    if (state.status === 'locked') {
      void sync.sendHeartbeat({ state: 'locked', captureProtection: options.captureProtection, appVersion: options.appVersion }).catch(() => undefined);
    }
  };
  session = new SessionService({
    api,
    secrets,
    clock,
    device: { deviceId: queue.deviceId, publicKey: queue.publicKey, appVersion: options.appVersion, sign: (message) => queue.sign(message) },
    serverOrigin: new URL(policy.serverUrl).origin,
    unlockRequiresOtp: policy.unlockRequiresOtp,
    enrolmentToken: policy.enrolmentToken,
    audit: queue,
    report: options.report,
    onChange: followSession,
  });
  const log =
    policy.auditLog === undefined
      ? undefined
      : createLogWitness({
          pin: policy.auditLog,
          store: queue,
          // Both signed checkpoints go up with the trail: the gateway raises the critical alert when it stores the event.
          onInconsistent: ({ held, received, reason }) => {
            queue.appendSystem({
              type: 'audit.log_inconsistent',
              outcome: 'failure',
              reason: 'log_inconsistent',
              actor: SYSTEM_ACTOR,
              target: { kind: 'audit-log', id: queue.deviceId },
              details: { held: held.slice(0, 1024), received: received.slice(0, 1024), why: reason.slice(0, 300) },
            });
          },
        });
  const sync = new SyncEngine({
    ...(log === undefined ? {} : { log }),
    source: queue,
    api,
    clock,
    sleep: abortableSleep,
    random: Math.random,
    batchSize: options.sync?.batchSize ?? 200,
    backoff: { baseMs: options.sync?.baseMs ?? 1000, capMs: options.sync?.capMs ?? 60_000 },
    deviceRevoked: () => {
      const state = session.state();
      return state.status === 'signed_out' && state.reason === 'device_revoked';
    },
    keychain: () => secrets.health(),
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
      enrolsByPolicy: policy.enrolmentToken !== undefined,
      stateThresholds: policy.stateThresholds,
    },
    serverTime: null,
  });
  const activeSession = session;
  const companySignIn = new CompanySignIn({
    api,
    deviceId: queue.deviceId,
    openExternal: options.openExternal,
    // A provider on plain http is followed only in a development set-up, whose gateway is plain http on this machine too.
    allowLoopbackHttp: new URL(policy.serverUrl).protocol === 'http:',
  });
  const router = createRouter({
    handlers: createHandlers({
      session: activeSession,
      companySignIn,
      api,
      syncStatus: () => sync.status(),
      appStatus,
      supervisorStreamState: () => supervisorStream.state(),
      externalAllowlist: policy.openExternalAllowlist,
      openExternal: options.openExternal,
      openCustomer,
      wallboard,
    }),
    caller: () => activeSession.caller(),
    user: () => activeSession.user(),
    audit: queue,
    screenProtected: sensitiveViewsAllowed,
    report: options.report,
  });
  const maintenance = createAuditMaintenance({ queue, clock, keyRotationDays: policy.auditKeyRotationDays });
  const close = async (): Promise<void> => {
    sync.stop();
    await Promise.all([supervisorStream.stop(), sessionWatch.stop()]);
    queue.close();
  };
  const quitFlushMs = options.quitFlushMs ?? policy.quitFlushSeconds * 1000;
  return {
    queue,
    api,
    session: activeSession,
    companySignIn,
    sync,
    router,
    supervisorStream,
    sessionWatch,
    calls,
    openCustomer,
    wallboard,
    maintenance,
    push,
    appStatus,
    async shutdown() {
      queue.appendSystem({ type: 'app.stop', outcome: 'success', actor: SYSTEM_ACTOR, target: { kind: 'app', id: options.appVersion } });
      // Offline, sync would retry forever: the flush gets a bounded time, then stop() aborts its backoff.
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, quitFlushMs);
      });
      await Promise.race([sync.syncNow().catch(() => undefined), deadline]);
      clearTimeout(timer);
      await close();
    },
    close,
  };
}
