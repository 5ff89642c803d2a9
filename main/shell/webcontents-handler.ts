// Locks a window's web contents down: no navigation, no redirects, no new
// windows (https links go to the allowlist check instead), no webviews, and
// every permission denied.
import type { ShellSession, ShellWebContents } from './shell-types.ts';

export function denyAllPermissions(session: ShellSession): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => {
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

export function hardenWebContents(contents: ShellWebContents, openExternal: (url: string) => void): void {
  const refuse = (event: { preventDefault(): void }): void => {
    event.preventDefault();
  };
  contents.on('will-navigate', refuse);
  contents.on('will-frame-navigate', refuse);
  contents.on('will-redirect', refuse);
  contents.on('will-attach-webview', refuse);
  contents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) openExternal(url);
    return { action: 'deny' };
  });
}
