// The desk's BrowserWindow, with every hardened option written out literally
// where the window is constructed, so a reviewer (and Electronegativity, which
// reads only the construction site) sees them all: sandbox, context isolation,
// no Node anywhere, web security on, no webview, no experimental features, and
// auxclick disabled so a middle-click cannot open a window.
import { BrowserWindow } from 'electron';
import type { CreateWindow } from './shell-types.ts';

export const createDeskBrowserWindow: CreateWindow = ({ preload, devTools }) =>
  new BrowserWindow({
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
      disableBlinkFeatures: 'Auxclick',
      devTools,
    },
  });
