// The shell's window and IPC hardening, against a recording stand-in of Electron.
import { describe, expect, it, vi } from 'vitest';
import { fail, ok, type Result } from '../../../shared/errors.ts';
import { channels } from '../../../shared/contract/channels.ts';
import { bindIpc, isTrustedSender } from '../../../main/shell/ipc-binding.ts';
import type { SenderInfo } from '../../../main/shell/shell-types.ts';
import { openDeskWindow } from '../../../main/shell/windows.ts';
import { createElectronStandIn } from '../../harness/desk/electron-module-stand-in.ts';
import type { RecordingWindow } from '../../harness/desk/electron-stand-in.ts';

const standIn = createElectronStandIn();
vi.mock('electron', () => standIn.module);
// Imported after the mock is in place: it constructs its BrowserWindow from `electron`. A worker may have
// imported it for another file, bound to that file's stand-in.
vi.resetModules();
const { createDeskBrowserWindow } = await import('../../../main/shell/desk-browser-window.ts');

async function deskWindow(packaged = true) {
  const opened: string[] = [];
  const before = standIn.windows.length;
  await openDeskWindow({
    // The real construction site, over the stand-in `electron` module that records what it was given.
    createWindow: createDeskBrowserWindow,
    preload: '/app/out/preload/index.cjs',
    packaged,
    openExternal: (url) => opened.push(url),
  });
  const window: RecordingWindow | undefined = standIn.windows[before];
  if (window === undefined) throw new Error('no window');
  return { window, opened };
}

describe('desk window', () => {
  it('is created with every hardening web preference, and DevTools off when packaged', async () => {
    const { window } = await deskWindow();
    expect(window.options.webPreferences).toEqual({
      preload: '/app/out/preload/index.cjs',
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
      disableBlinkFeatures: 'Auxclick',
      devTools: false,
    });
    expect((await deskWindow(false)).window.options.webPreferences.devTools).toBe(true);
  });

  it('loads the renderer from app:// only', async () => {
    const { window } = await deskWindow();
    expect(window.loaded).toEqual(['app://desk/']);
    expect(window.shown).toBe(true);
  });

  it('sets content protection at creation and again after hide/show and restore', async () => {
    const { window } = await deskWindow();
    expect(window.contentProtection).toEqual([true]);
    window.fire('show');
    window.fire('restore');
    expect(window.contentProtection).toEqual([true, true, true]);
  });

  it('denies every permission request and check', async () => {
    const { window } = await deskWindow();
    const session = window.webContents.session;
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'display-capture', 'openExternal']) {
      let granted: boolean | null = null;
      session.permissionRequest?.(null, permission, (answer) => (granted = answer));
      expect(granted, permission).toBe(false);
      expect(session.permissionCheck?.(null, permission), permission).toBe(false);
    }
    expect(session.devicePermission?.()).toBe(false);
  });

  it('refuses navigation, redirects, webviews and new windows; https links go to the allowlist check', async () => {
    const { window, opened } = await deskWindow();
    const contents = window.webContents;
    expect(contents.fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.fire('will-frame-navigate', 'app://desk/other')).toBe(true);
    expect(contents.fire('will-redirect', 'https://evil.example/')).toBe(true);
    expect(contents.fire('will-attach-webview', 'about:blank')).toBe(true);
    expect(contents.windowOpenHandler?.({ url: 'https://help.example.com/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://help.example.com/']);
  });
});

describe('IPC binding', () => {
  const sender = (url: string, parent: unknown = null): SenderInfo => ({ senderFrame: { url, parent } });

  it('trusts only the main frame of app://desk', () => {
    expect(isTrustedSender(sender('app://desk/'))).toBe(true);
    expect(isTrustedSender(sender('app://desk/index.html'))).toBe(true);
    expect(isTrustedSender(sender('app://desk/', { url: 'app://desk/' }))).toBe(false);
    expect(isTrustedSender(sender('https://evil.example/'))).toBe(false);
    expect(isTrustedSender(sender('app://evil/'))).toBe(false);
    expect(isTrustedSender(sender('file:///app/index.html'))).toBe(false);
    expect(isTrustedSender({ senderFrame: null })).toBe(false);
  });

  it('binds one handler per contract channel; a bad sender is refused and reported, a good one reaches the router', async () => {
    const handlers = new Map<string, (event: SenderInfo, payload: unknown) => Promise<Result<unknown>>>();
    const routed: string[] = [];
    const rejected: [string, string | null][] = [];
    bindIpc(
      { handle: (channel, listener) => handlers.set(channel, listener) },
      { handle: (channel) => (routed.push(String(channel)), Promise.resolve(ok('routed'))) },
      (channel, url) => rejected.push([channel, url]),
    );
    expect([...handlers.keys()].sort()).toEqual(Object.keys(channels).sort());
    const lookup = handlers.get('customers.lookup');
    expect(await lookup?.(sender('https://evil.example/'), {})).toEqual(fail('forbidden', 'Refused: this message did not come from the desk window'));
    expect(rejected).toEqual([['customers.lookup', 'https://evil.example/']]);
    expect(routed).toEqual([]);
    expect(await lookup?.(sender('app://desk/'), {})).toEqual(ok('routed'));
    expect(routed).toEqual(['customers.lookup']);
  });
});
