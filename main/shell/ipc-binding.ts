// One ipcMain handler per contract channel, all behind one sender check (as
// VS Code's validatedIpcMain): the message must come from the main frame of a
// page on app://desk. A bad sender is refused and audited.
import { channels } from '../../shared/contract/channels.ts';
import { fail, type Result } from '../../shared/errors.ts';
import type { Router } from '../ipc/router.ts';
import { APP_HOST, APP_SCHEME } from './app-protocol.ts';
import type { SenderInfo } from './shell-types.ts';

export interface IpcMainLike {
  handle(channel: string, listener: (event: SenderInfo, payload: unknown) => Promise<Result<unknown>>): void;
}

export function isTrustedSender(event: SenderInfo): boolean {
  const frame = event.senderFrame;
  if (frame?.parent !== null) return false;
  try {
    // Custom schemes have an opaque URL.origin ("null"), so scheme and host are compared.
    const url = new URL(frame.url);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

export function bindIpc(ipcMain: IpcMainLike, router: Router, onRejected: (channel: string, senderUrl: string | null) => void): void {
  for (const channel of Object.keys(channels)) {
    ipcMain.handle(channel, async (event, payload) => {
      if (!isTrustedSender(event)) {
        onRejected(channel, event.senderFrame?.url ?? null);
        return fail('forbidden', 'Refused: this message did not come from the desk window');
      }
      return router.handle(channel, payload);
    });
  }
}
