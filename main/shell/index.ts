// Electron entry and composition root: the only place that puts Electron's
// facilities into main's services. It holds the single-instance lock, sets
// umask 077, never starts the crash reporter (no dumps leave the desk), and on
// quit audits the stop and flushes sync.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { app, dialog, ipcMain, powerMonitor, protocol, session, shell } from 'electron';
import electronUpdater from 'electron-updater';
import { SYSTEM_ACTOR } from '../audit/audit-queue.ts';
import { loadOrCreateDeviceId } from '../device-id.ts';
import { createDeskServices, type DeskServices } from '../desk-services.ts';
import { DESK_PERIODS, startDeskTimers } from '../desk-timers.ts';
import { loadPolicy, PolicyError } from '../policy/policy-service.ts';
import { POLICY_REGISTRY_KEY, policyFromRegQuery } from '../policy/windows-registry.ts';
import { createKeychainSecretStore } from '../secrets/secret-store.ts';
import { APP_SCHEME, serveAppRequest } from './app-protocol.ts';
import { captureProtectionFor } from './capture-protection.ts';
import { bindIpc } from './ipc-binding.ts';
import { createDeskBrowserWindow } from './desk-browser-window.ts';
import type { ShellWindow } from './shell-types.ts';
import { denyAllPermissions } from './webcontents-handler.ts';
import { installVerified, startUpdates } from './updates.ts';
import { createDeskUpdater } from '../updates/desk-updater.ts';
import { openDeskWindow } from './windows.ts';


process.umask(0o077);
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

let services: DeskServices | null = null;
let window: ShellWindow | null = null;

function readPlistAsJson(path: string): string | null {
  if (!existsSync(path)) return null;
  return execFileSync('plutil', ['-convert', 'json', '-o', '-', path], { encoding: 'utf8' });
}

async function start(): Promise<void> {
  const { policy } = loadPolicy({
    platform: process.platform,
    isDevelopment: !app.isPackaged,
    env: process.env,
    argv: process.argv,
    readText: (path) => (existsSync(path) ? readFileSync(path, 'utf8') : null),
    readPlistAsJson,
    readRegistryPolicy: () => {
      if (process.platform !== 'win32') return null;
      try {
        return policyFromRegQuery(execFileSync('reg', ['query', POLICY_REGISTRY_KEY, '/s'], { encoding: 'utf8' }));
      } catch {
        return null; // `reg query` exits non-zero when the key does not exist
      }
    },
  });
  const dataDir = app.getPath('userData');
  const captureProtection = captureProtectionFor(process.platform);
  const desk = await createDeskServices({
    policy,
    deviceId: loadOrCreateDeviceId(dataDir),
    appVersion: app.getVersion(),
    host: hostname(),
    platform: process.platform === 'win32' || process.platform === 'darwin' ? process.platform : 'linux',
    auditDbPath: join(dataDir, 'audit.sqlite'),
    // Tests and development builds may use a keychain service of their own; packaged builds never.
    secrets: createKeychainSecretStore(app.isPackaged ? undefined : process.env.SENTINEL_KEYCHAIN_SERVICE),
    clock: { now: () => Date.now() },
    captureProtection,
    openExternal: (url) => shell.openExternal(url),
    report: (error, where) => {
      console.error(`[${where}]`, error instanceof Error ? error.message : 'error');
    },
    onPush: (event, payload) => window?.webContents.send(event, payload),
  });
  services = desk;
  desk.queue.appendSystem({ type: 'app.start', outcome: 'success', actor: SYSTEM_ACTOR, target: { kind: 'app', id: app.getVersion() } });
  desk.queue.appendSystem({ type: 'capture.protection', outcome: captureProtection === 'protected' ? 'success' : 'failure', actor: SYSTEM_ACTOR, target: { kind: 'app', id: process.platform }, details: { state: captureProtection, policy: policy.captureProtection } });

  // electron-vite's output sits under out/ in the app folder (inside the asar when packaged).
  const rendererRoot = join(app.getAppPath(), 'out', 'renderer');
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(rendererRoot, request));
  denyAllPermissions(session.defaultSession);
  bindIpc(ipcMain, desk.router, (channel, senderUrl) => {
    desk.queue.appendSystem({ type: 'ipc.sender_rejected', outcome: 'failure', actor: SYSTEM_ACTOR, target: { kind: 'ipc', id: channel }, details: { sender: senderUrl?.slice(0, 200) ?? null } });
  });

  window = await openDeskWindow({
    createWindow: createDeskBrowserWindow,
    preload: join(app.getAppPath(), 'out', 'preload', 'index.cjs'),
    packaged: app.isPackaged,
    openExternal: (url) => void desk.router.handle('app.openExternal', { url }),
  });

  if (app.isPackaged) {
    const audit = (event: Parameters<typeof desk.queue.appendSystem>[0]) => desk.queue.appendSystem(event);
    const version = app.getVersion();
    startUpdates(
      policy,
      createDeskUpdater({
        runningVersion: version,
        gatewayUrl: policy.updates.url ?? policy.serverUrl,
        // The root metadata the build ships (electron-builder extraResources): the desk's first trust.
        trustedRoot: readFileSync(join(process.resourcesPath, 'update-root.json'), 'utf8'),
        stateDir: join(app.getPath('userData'), 'updates'),
        offer: () => desk.api.call('updateCheck', { query: { version } }),
        audit,
        handOver: async (update) => {
          await installVerified(electronUpdater.autoUpdater, update, audit);
        },
      }),
      audit,
    );
  }

  const { idle } = startDeskTimers({
    desk,
    idleSeconds: () => powerMonitor.getSystemIdleTime(),
    periods: DESK_PERIODS,
  });
  powerMonitor.on('lock-screen', () => idle.osLocked());
  powerMonitor.on('suspend', () => idle.suspended());
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => window?.show());
  app.on('before-quit', (event) => {
    const desk = services;
    if (desk === null) return;
    services = null;
    event.preventDefault();
    // shutdown() bounds the final flush (policy quitFlushSeconds), so an offline desk still quits.
    void desk
      .shutdown()
      .catch(() => undefined)
      .finally(() => app.quit());
  });
  app.whenReady().then(start).catch((error: unknown) => {
    const message = error instanceof PolicyError ? error.message : `Sentinel Desk could not start: ${error instanceof Error ? error.message : String(error)}`;
    dialog.showErrorBox('Sentinel Desk', message);
    app.exit(1);
  });
}
