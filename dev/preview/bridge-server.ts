// Development and test only (never shipped: electron-builder packs out/ only).
// Stands in for preload + ipcMain: binds the real main-process Router to a
// WebSocket at /bridge on the page's own origin (so the renderer's CSP,
// connect-src 'self', still holds), open only with this run's random token,
// and carries push events the other way.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Router } from '../../main/ipc/router.ts';
import { BridgeRequestSchema, type BridgeMessage } from './protocol.ts';

export const BRIDGE_PATH = '/bridge';

export interface Bridge {
  readonly token: string;
  /** When the page last called main (ms since epoch): the preview's stand-in for system-wide input. */
  readonly lastRequestAt: number;
  push(event: string, payload: unknown): void;
  close(): void;
}

export function attachBridge(server: Server, router: Router): Bridge {
  const token = randomBytes(24).toString('base64url');
  const clients = new Set<WebSocket>();
  let lastRequestAt = Date.now();
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const send = (socket: WebSocket, message: BridgeMessage): void => {
    socket.send(JSON.stringify(message));
  };
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== BRIDGE_PATH || url.searchParams.get('token') !== token) {
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => {
      clients.add(ws);
      ws.on('close', () => clients.delete(ws));
      ws.on('message', (data: Buffer) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(data.toString('utf8'));
        } catch {
          return;
        }
        const call = BridgeRequestSchema.safeParse(parsed);
        if (!call.success) return;
        lastRequestAt = Date.now();
        void router.handle(call.data.channel, call.data.payload).then((result) => {
          send(ws, { kind: 'result', id: call.data.id, result });
        });
      });
    });
  });
  return {
    token,
    get lastRequestAt() {
      return lastRequestAt;
    },
    push: (event, payload) => {
      for (const ws of clients) send(ws, { kind: 'push', event, payload });
    },
    close: () => {
      for (const ws of clients) ws.terminate();
      sockets.close();
    },
  };
}
