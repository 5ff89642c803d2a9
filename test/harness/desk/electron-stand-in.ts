// A recording stand-in for the slice of Electron the shell uses: it keeps every
// option, handler and call so tests can assert on them and fire events.
import type { PreventableEvent, ShellSession, ShellWebContents, ShellWindow, WindowOptionsSpec } from '../../../main/shell/shell-types.ts';

export class RecordingSession implements ShellSession {
  permissionRequest: ((webContents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null = null;
  permissionCheck: ((webContents: unknown, permission: string) => boolean) | null = null;
  devicePermission: (() => boolean) | null = null;
  setPermissionRequestHandler(handler: NonNullable<RecordingSession['permissionRequest']>): void {
    this.permissionRequest = handler;
  }
  setPermissionCheckHandler(handler: NonNullable<RecordingSession['permissionCheck']>): void {
    this.permissionCheck = handler;
  }
  setDevicePermissionHandler(handler: () => boolean): void {
    this.devicePermission = handler;
  }
}

export class RecordingWebContents implements ShellWebContents {
  readonly session = new RecordingSession();
  readonly listeners = new Map<string, ((event: PreventableEvent, url?: string) => void)[]>();
  windowOpenHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
  readonly sent: [string, unknown][] = [];
  on(event: string, listener: (event: PreventableEvent, url?: string) => void): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
  }
  setWindowOpenHandler(handler: NonNullable<RecordingWebContents['windowOpenHandler']>): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
  /** Fires an event; returns whether a listener called preventDefault. */
  fire(event: string, url: string): boolean {
    let prevented = false;
    for (const listener of this.listeners.get(event) ?? []) listener({ preventDefault: () => (prevented = true) }, url);
    return prevented;
  }
}

export class RecordingWindow implements ShellWindow {
  readonly webContents = new RecordingWebContents();
  readonly contentProtection: boolean[] = [];
  readonly loaded: string[] = [];
  readonly listeners = new Map<string, (() => void)[]>();
  shown = false;
  readonly options: WindowOptionsSpec;
  constructor(options: WindowOptionsSpec) {
    this.options = options;
  }
  setContentProtection(enable: boolean): void {
    this.contentProtection.push(enable);
  }
  on(event: string, listener: () => void): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
  }
  fire(event: string): void {
    for (const listener of this.listeners.get(event) ?? []) listener();
  }
  loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    return Promise.resolve();
  }
  show(): void {
    this.shown = true;
  }
}
