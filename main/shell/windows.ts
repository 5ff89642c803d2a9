// The desk window: built by createWindow (desk-browser-window.ts holds the
// hardened options), content protection on creation and again whenever the
// window is shown or restored (electron/electron#29085), and the renderer
// loaded from app:// only.
import { APP_ORIGIN } from './app-protocol.ts';
import type { CreateWindow, ShellWindow } from './shell-types.ts';
import { denyAllPermissions, hardenWebContents } from './webcontents-handler.ts';

export interface DeskWindowOptions {
  readonly createWindow: CreateWindow;
  readonly preload: string;
  readonly packaged: boolean;
  readonly openExternal: (url: string) => void;
}

export async function openDeskWindow(options: DeskWindowOptions): Promise<ShellWindow> {
  const window = options.createWindow({ preload: options.preload, devTools: !options.packaged });
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
