// `npm run preview`, and `npm run demo` where the Electron binary is missing: the
// real UI in the browser without Electron, two desks (agent and supervisor)
// against real main-process services and the reference gateway, which the
// terminal (g) or a control URL stops and starts. Development only: never shipped.
import { listenForKeys, serveGatewayControl } from './preview-control.ts';
import { previewBanner, startPreviewDesks } from './preview-desks.ts';
import { startPreviewSso } from './preview-sso.ts';

async function runPreview(): Promise<void> {
  const out = (line: string): boolean => process.stdout.write(`${line}\n`);
  // SENTINEL_PREVIEW_PORT=0 picks a free port (tests run beside a person's own preview on 8787).
  const port = Number(process.env.SENTINEL_PREVIEW_PORT ?? 8787);
  const customers = process.env.SENTINEL_PREVIEW_CUSTOMERS === undefined ? undefined : Number(process.env.SENTINEL_PREVIEW_CUSTOMERS);
  // --sso: the demo company provider too (npm run demo -- --sso).
  const sso = process.argv.includes('--sso') ? await startPreviewSso() : null;
  const desks = await startPreviewDesks({
    gatewayPort: port,
    ...(customers === undefined ? {} : { customers }),
    ...(sso === null ? {} : { gatewayConfig: sso.gatewayConfig }),
    openExternal: (url) => {
      out(`open in your browser (a desk asked for it): ${url}`);
      return Promise.resolve();
    },
  });
  const control = await serveGatewayControl(desks.gatewaySwitch, out);
  const keys = process.stdin.isTTY ? 'press g here, or ' : '';
  for (const line of previewBanner(desks, `${keys}curl -X POST ${control.url}/gateway/stop (or /gateway/start)`)) out(line);
  for (const line of sso?.banner ?? []) out(line);
  out(`${process.stdin.isTTY ? 'q or ' : ''}Ctrl-C stops everything.`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void Promise.all([control.close(), desks.close(), sso?.provider.close()]).then(() => process.exit(0));
  };
  listenForKeys(desks.gatewaySwitch, out, stop);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await runPreview();
