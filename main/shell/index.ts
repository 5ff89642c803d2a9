// Electron entry and composition root. Stub: the hardened shell (issue #5) builds
// the services and windows here; until it lands, the app says so and quits.
import { app, dialog } from 'electron';

void app.whenReady().then(() => {
  dialog.showErrorBox('Sentinel Desk', 'This build has no Electron shell yet (issue #5).');
  app.quit();
});
