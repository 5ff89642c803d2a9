// The desk window: every hardening option of Electron's checklist, content
// protection on creation and again whenever the window is shown or restored
// (electron/electron#29085), and the renderer loaded from app:// only.
import { APP_ORIGIN } from './app-protocol.ts';
import type { CreateWindow, ShellWindow, WindowOptionsSpec } from './shell-types.ts';
import { denyAllPermissions, hardenWebContents } from './webcontents-handler.ts';

export function deskWindowOptions(preload: string, packaged: boolean): WindowOptionsSpec {
  return {
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'Sentinel Desk',
    backgroundColor: '#f6f7f9',
    autoHideMenuBar: true,
    webPreferences: {
      preload,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      devTools: !packaged,
    },
  };
}

export interface DeskWindowOptions {
  readonly createWindow: CreateWindow;
  readonly preload: string;
  readonly packaged: boolean;
  readonly openExternal: (url: string) => void;
}

export async function openDeskWindow(options: DeskWindowOptions): Promise<ShellWindow> {
  const window = options.createWindow(deskWindowOptions(options.preload, options.packaged));
  window.setContentProtection(true);
  const reapply = (): void => {
    window.setContentProtection(true);
  };
  window.on('show', reapply);
  window.on('restore', reapply);
  window.on('focus', reapply);
  denyAllPermissions(window.webContents.session);
  hardenWebContents(window.webContents, options.openExternal);
  await window.loadURL(`${APP_ORIGIN}/`);
  window.show();
  return window;
}
