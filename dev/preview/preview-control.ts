// Stopping and starting the preview's gateway from outside the page: a small
// control server on 127.0.0.1 (POST /<token>/gateway/stop|start, GET
// /<token>/gateway for the state), and the keys g/q in the terminal.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GatewaySwitch } from './preview-desks.ts';

export interface PreviewControl {
  /** Base URL including this run's random token; append /gateway, /gateway/stop or /gateway/start. */
  readonly url: string;
  close(): Promise<void>;
}

export async function serveGatewayControl(gatewaySwitch: GatewaySwitch, report: (line: string) => void): Promise<PreviewControl> {
  const token = randomBytes(18).toString('base64url');
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const answer = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (path === `/${token}/gateway` && req.method === 'GET') { answer(200, { running: gatewaySwitch.running }); return; }
    const action = path === `/${token}/gateway/stop` ? 'stop' : path === `/${token}/gateway/start` ? 'start' : null;
    if (action === null || req.method !== 'POST') { answer(404, { error: 'not found' }); return; }
    void gatewaySwitch[action]().then(
      () => {
        report(`gateway ${gatewaySwitch.running ? 'running' : 'stopped'}`);
        answer(200, { running: gatewaySwitch.running });
      },
      (error: unknown) => answer(500, { error: error instanceof Error ? error.message : String(error) }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/${token}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** g toggles the gateway (when the preview runs one), q (or Ctrl-C) quits; only where stdin is a terminal. */
export function listenForKeys(gatewaySwitch: GatewaySwitch | null, report: (line: string) => void, quit: () => void): void {
  if (!process.stdin.isTTY) return;
  process.stdin.setRawMode(true);
  process.stdin.resume();
  process.stdin.on('data', (data: Buffer) => {
    const key = data.toString('utf8');
    if (key === 'q' || key === '\u0003') quit();
    if (key !== 'g' || gatewaySwitch === null) return;
    const wasRunning = gatewaySwitch.running;
    report(wasRunning ? 'stopping the gateway…' : 'starting the gateway…');
    void (wasRunning ? gatewaySwitch.stop() : gatewaySwitch.start()).then(() => report(`gateway ${gatewaySwitch.running ? 'running' : 'stopped'}`));
  });
}
