// The slice of Electron the shell modules use, as small interfaces: index.ts
// passes Electron's real objects, tests pass a recording stand-in. The window
// option types describe what the construction site passes, for the stand-in to record.
export interface PreventableEvent {
  preventDefault(): void;
}

export interface ShellSession {
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void;
  setDevicePermissionHandler(handler: () => boolean): void;
}

export interface ShellWebContents {
  readonly session: ShellSession;
  on(event: 'will-navigate' | 'will-redirect' | 'will-attach-webview' | 'will-frame-navigate', listener: (event: PreventableEvent, url?: string) => void): void;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  send(channel: string, payload: unknown): void;
}

export interface ShellWindow {
  readonly webContents: ShellWebContents;
  setContentProtection(enable: boolean): void;
  on(event: 'show' | 'restore' | 'focus' | 'closed', listener: () => void): void;
  loadURL(url: string): Promise<void>;
  show(): void;
}

export interface WebPreferencesSpec {
  readonly preload: string;
  readonly sandbox: true;
  readonly contextIsolation: true;
  readonly nodeIntegration: false;
  readonly nodeIntegrationInWorker: false;
  readonly nodeIntegrationInSubFrames: false;
  readonly webSecurity: true;
  readonly allowRunningInsecureContent: false;
  readonly experimentalFeatures: false;
  readonly webviewTag: false;
  readonly navigateOnDragDrop: false;
  readonly spellcheck: false;
  readonly safeDialogs: true;
  readonly disableBlinkFeatures: 'Auxclick';
  readonly devTools: boolean;
}

export interface WindowOptionsSpec {
  readonly width: number;
  readonly height: number;
  readonly minWidth: number;
  readonly minHeight: number;
  readonly show: false;
  readonly title: string;
  readonly backgroundColor: string;
  readonly autoHideMenuBar: true;
  readonly webPreferences: WebPreferencesSpec;
}

/** What a desk window is built with; everything else is fixed at the construction site. */
export type CreateWindow = (spec: { readonly preload: string; readonly devTools: boolean }) => ShellWindow;

/** What the IPC binding sees of a message's sender. */
export interface SenderInfo {
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null;
}
