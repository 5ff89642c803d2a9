// Builds the production renderer and the browser fake agent with Vite, and
// serves them on 127.0.0.1 with the exact CSP the Electron shell sends.
import react from '@vitejs/plugin-react';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { build } from 'vite';
import { RENDERER_CSP } from '../../../main/shell/csp.ts';


const MIME: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };

export interface RendererSite {
  readonly url: string;
  /** The agent bundle's source, for page.addInitScript when the page does not load it itself. */
  readonly fakeAgentScript: string;
  /** The HTTP server, for attaching the bridge's WebSocket to the same origin. */
  readonly server: Server;
  close(): Promise<void>;
}

interface RendererBuild {
  readonly outDir: string;
  readonly agentDir: string;
  readonly agentScript: string;
  /** Sites serving this build; the last to close removes it. */
  users: number;
}

/** One build per agent entry per process: the sites of one test file (several desks) serve the same files. */
const builds = new Map<string, Promise<RendererBuild>>();

async function buildRenderer(agentEntry: string): Promise<RendererBuild> {
  const root = join(import.meta.dirname, '..', '..', '..');
  const outDir = mkdtempSync(join(tmpdir(), 'sentinel-renderer-'));
  await build({ root: join(root, 'renderer'), mode: 'production', plugins: [react()], logLevel: 'silent', build: { outDir, emptyOutDir: true, minify: true } });
  const agentDir = mkdtempSync(join(tmpdir(), 'sentinel-fake-agent-'));
  await build({
    configFile: false,
    mode: 'production',
    logLevel: 'silent',
    build: { outDir: agentDir, lib: { entry: agentEntry, formats: ['iife'], name: 'deskAgent', fileName: () => 'agent.js' } },
  });
  return { outDir, agentDir, agentScript: readFileSync(join(agentDir, 'agent.js'), 'utf8'), users: 0 };
}

async function acquireBuild(agentEntry: string): Promise<RendererBuild> {
  let pending = builds.get(agentEntry);
  if (pending === undefined) {
    pending = buildRenderer(agentEntry);
    builds.set(agentEntry, pending);
    // A failed build is not kept: the next site tries again.
    pending.catch(() => builds.delete(agentEntry));
  }
  const built = await pending;
  built.users += 1;
  return built;
}

function releaseBuild(agentEntry: string, built: RendererBuild): void {
  built.users -= 1;
  if (built.users > 0) return;
  builds.delete(agentEntry);
  // Each build is megabytes: a run must not leave them in /tmp.
  for (const dir of [built.outDir, built.agentDir]) rmSync(dir, { recursive: true, force: true });
}

/**
 * `agentEntry` picks the window.agent the page gets: the in-memory fake (default,
 * injected by the test) or the bridge (`loadAgentInPage`: index.html loads /agent.js first).
 */
export async function serveRenderer(options: { agentEntry?: string; loadAgentInPage?: boolean } = {}): Promise<RendererSite> {
  const agentEntry = options.agentEntry ?? join(import.meta.dirname, '..', 'desk', 'fake-agent-browser.ts');
  const built = await acquireBuild(agentEntry);
  const { outDir, agentDir: fakeDir, agentScript } = built;
  const server: Server = createServer((req, res) => {
    const path = normalize(new URL(req.url ?? '/', 'http://x').pathname).replace(/^(\.\.[/\\])+/, '');
    const file = path === '/agent.js' ? join(fakeDir, 'agent.js') : join(outDir, path === '/' ? 'index.html' : path);
    try {
      let body = readFileSync(file);
      if (path === '/' && options.loadAgentInPage === true) {
        // A classic script in <head> runs before the deferred module script of the app.
        body = Buffer.from(body.toString('utf8').replace('<head>', '<head>\n    <script src="/agent.js"></script>'));
      }
      res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'content-security-policy': RENDERER_CSP });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    fakeAgentScript: agentScript,
    server,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          releaseBuild(agentEntry, built);
          resolve();
        });
      }),
  };
}
