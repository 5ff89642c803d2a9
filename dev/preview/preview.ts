// `npm run preview`, and `npm run demo` where the Electron binary is missing: the
// real UI in the browser without Electron, three desks (agent, supervisor, admin)
// against real main-process services and the reference gateway, which the
// terminal (g) or a control URL stops and starts. `--gateway URL` points the
// desks at a deployment's gateway instead. Development only: never shipped.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { listenForKeys, serveGatewayControl } from './preview-control.ts';
import { previewBanner, startPreviewDesks } from './preview-desks.ts';
import { startPreviewSso } from './preview-sso.ts';

/** Where the demo gateway keeps its data between runs, unless --data or SENTINEL_PREVIEW_DATA says otherwise. */
function defaultDataDir(): string {
  return process.env.SENTINEL_PREVIEW_DATA ?? join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'sentinel-desk', 'preview');
}

async function runPreview(): Promise<void> {
  const out = (line: string): boolean => process.stdout.write(`${line}\n`);
  const { values: args } = parseArgs({
    options: { sso: { type: 'boolean' }, data: { type: 'string' }, gateway: { type: 'string' }, 'enrolment-token': { type: 'string' } },
  });
  // SENTINEL_PREVIEW_PORT=0 picks a free port (tests run beside a person's own preview on 8787).
  const port = Number(process.env.SENTINEL_PREVIEW_PORT ?? 8787);
  const customers = process.env.SENTINEL_PREVIEW_CUSTOMERS === undefined ? undefined : Number(process.env.SENTINEL_PREVIEW_CUSTOMERS);
  const remote = args.gateway === undefined ? undefined : { url: new URL(args.gateway).origin, enrolmentToken: args['enrolment-token'] ?? null };
  // --sso: the demo company provider too (npm run demo -- --sso).
  const sso = args.sso === true && remote === undefined ? await startPreviewSso() : null;
  const desks = await startPreviewDesks({
    gatewayPort: port,
    ...(remote === undefined ? { dataDir: args.data ?? defaultDataDir() } : { remote }),
    ...(customers === undefined ? {} : { customers }),
    ...(sso === null ? {} : { gatewayConfig: sso.gatewayConfig }),
    openExternal: (url) => {
      out(`open in your browser (a desk asked for it): ${url}`);
      return Promise.resolve();
    },
  });
  const control = desks.gatewaySwitch === null ? null : await serveGatewayControl(desks.gatewaySwitch, out);
  const keys = process.stdin.isTTY ? 'press g here, or ' : '';
  for (const line of previewBanner(desks, control === null ? '' : `${keys}curl -X POST ${control.url}/gateway/stop (or /gateway/start)`)) out(line);
  for (const line of sso?.banner ?? []) out(line);
  out(`${process.stdin.isTTY ? 'q or ' : ''}Ctrl-C stops everything.`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    // Every part is closed even when another fails (a keychain already gone at a session's end).
    void Promise.allSettled([control?.close(), desks.close(), sso?.provider.close()]).then(() => process.exit(0));
  };
  listenForKeys(desks.gatewaySwitch, out, stop);
  // `on`, not `once`: a second signal (npm run demo forwards the one its process group already got) must not end
  // the process mid-cleanup, which would leave the desks' folders behind.
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

await runPreview();
