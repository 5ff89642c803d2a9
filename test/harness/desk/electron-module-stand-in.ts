// A recording stand-in for the `electron` module itself, so the real composition
// root (main/shell/index.ts) can run under plain Node in a test.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WindowOptionsSpec } from '../../../main/shell/shell-types.ts';
import type { SenderInfo } from '../../../main/shell/shell-types.ts';
import { RecordingSession, RecordingWindow } from './electron-stand-in.ts';

export interface ElectronStandIn {
  readonly userData: string;
  readonly windows: RecordingWindow[];
  readonly ipcHandlers: Map<string, (event: SenderInfo, payload: unknown) => Promise<unknown>>;
  readonly protocolHandlers: Map<string, (request: Request) => Promise<Response>>;
  readonly privilegedSchemes: unknown[];
  readonly errors: string[];
  readonly module: Record<string, unknown>;
  /** Quits as the OS would: 'before-quit' to every listener, then waits for the app to call app.quit(). */
  quit(): Promise<void>;
}

export function createElectronStandIn(): ElectronStandIn {
  const userData = mkdtempSync(join(tmpdir(), 'sentinel-electron-userdata-'));
  const windows: RecordingWindow[] = [];
  const ipcHandlers: ElectronStandIn['ipcHandlers'] = new Map();
  const protocolHandlers: ElectronStandIn['protocolHandlers'] = new Map();
  const privilegedSchemes: unknown[] = [];
  const errors: string[] = [];
  const appListeners = new Map<string, ((...args: unknown[]) => void)[]>();
  let quitCalled = (): void => undefined;
  class BrowserWindow extends RecordingWindow {
    constructor(options: WindowOptionsSpec) {
      super(options);
      windows.push(this);
    }
  }
  const module = {
    app: {
      isPackaged: false,
      getPath: (name: string) => (name === 'userData' ? userData : tmpdir()),
      getVersion: () => '0.1.0-standin',
      getAppPath: () => join(import.meta.dirname, '..', '..', '..'),
      requestSingleInstanceLock: () => true,
      on: (event: string, listener: (...args: unknown[]) => void) => appListeners.set(event, [...(appListeners.get(event) ?? []), listener]),
      whenReady: () => Promise.resolve(),
      quit: () => quitCalled(),
      exit: (code: number) => errors.push(`exit ${code}`),
    },
    BrowserWindow,
    dialog: { showErrorBox: (_title: string, message: string) => errors.push(message) },
    ipcMain: { handle: (channel: string, listener: (event: SenderInfo, payload: unknown) => Promise<unknown>) => ipcHandlers.set(channel, listener) },
    powerMonitor: { getSystemIdleTime: () => 0, on: () => undefined },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => privilegedSchemes.push(...schemes),
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => protocolHandlers.set(scheme, handler),
    },
    session: { defaultSession: new RecordingSession() },
    shell: { openExternal: () => Promise.resolve() },
  };
  const quit = async (): Promise<void> => {
    const quitted = new Promise<void>((resolve) => (quitCalled = resolve));
    const event = {
      defaultPrevented: false,
      preventDefault(): void {
        event.defaultPrevented = true;
      },
    };
    for (const listener of appListeners.get('before-quit') ?? []) listener(event);
    if (event.defaultPrevented) await quitted;
  };
  return { userData, windows, ipcHandlers, protocolHandlers, privilegedSchemes, errors, module, quit };
}
