// `npm run demo` as a new user meets it: started from a shell whose `node` is
// older than 22 (the machine's /usr/bin/node), on a machine without the
// Electron binary. It must put Node 22 in place itself, print no npm config
// warnings, and serve the real desk in the browser: an agent desk and a
// supervisor desk at once, with a gateway that can be stopped and started.
// Its gateway keeps its accounts in a data folder across runs, a run leaves
// nothing in the temp folder, and `--gateway URL` points the desks elsewhere.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { electronBinary } from '../../scripts/electron-binary.ts';
import { currentTotp } from '../../server/identity/totp.ts';
import { chromiumAvailable, CHROMIUM_PATH, launchChromium } from '../harness/browser/chromium.ts';

const root = join(import.meta.dirname, '..', '..');
const OLD_NODE = '/usr/bin/node';
const oldNodeMajor = (() => {
  try {
    return Number(execFileSync(OLD_NODE, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }).trim());
  } catch {
    return null;
  }
})();
// The demo's data folder and temp folder are this test's own: a run must leave nothing in the temp folder.
const dataDir = mkdtempSync(join(tmpdir(), 'sentinel-demo-data-'));
const privateTmp = mkdtempSync(join(tmpdir(), 'sentinel-demo-tmp-'));
/** Only the machine's own directories: the old node first, nothing of this shell's Node 22. */
const oldNodeEnv = {
  HOME: process.env.HOME ?? '/root',
  PATH: '/usr/bin:/bin',
  TMPDIR: privateTmp,
  SENTINEL_PREVIEW_PORT: '0',
  SENTINEL_PREVIEW_CUSTOMERS: '50',
  SENTINEL_PREVIEW_DATA: dataDir,
};

let demo: ChildProcess;
let output = '';
let browser: Browser | undefined;
const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));

/**
 * `npm <args>` in its own process group (so the test stops it and everything it started), once it has printed its
 * whole banner: the timers line is the banner's last, and it can arrive in a later chunk than the desks' lines.
 */
async function startUntilServing(npmArgs: string[]): Promise<{ child: ChildProcess; output: string }> {
  const child = spawn('npm', npmArgs, { cwd: root, env: oldNodeEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let printed = '';
  await new Promise<void>((resolve) => {
    const take = (chunk: Buffer): void => {
      printed += chunk.toString('utf8');
      if (/Preview timers are faster than production.*\n/.test(printed)) resolve();
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.once('exit', () => resolve());
  });
  return { child, output: printed };
}

const groupAlive = (pid: number): boolean => {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Stops the whole process group and waits until every process in it is gone (the preview cleans up as it stops). */
async function stopGroup(child: ChildProcess | undefined): Promise<void> {
  const pid = child?.pid;
  if (child === undefined || pid === undefined) return;
  if (groupAlive(pid)) process.kill(-pid, 'SIGTERM');
  await exited(child);
  for (let waited = 0; groupAlive(pid); waited += 100) {
    if (waited > 30_000) throw new Error(`process group ${pid} still running 30 s after SIGTERM`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const runnable = oldNodeMajor !== null && oldNodeMajor < 22 && electronBinary(root) === null;

describe.skipIf(!runnable)('npm run demo from a shell with node < 22 and no Electron binary', () => {
  beforeAll(async () => {
    if (!chromiumAvailable()) throw new Error(`Chromium not found at ${CHROMIUM_PATH}`);
    ({ child: demo, output } = await startUntilServing(['run', 'demo']));
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await stopGroup(demo);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(privateTmp, { recursive: true, force: true });
  });

  const line = (pattern: RegExp): string => pattern.exec(output)?.[1] ?? '';

  it('re-execs under Node 22, warns about nothing, and says what it serves and how', () => {
    expect(output, output).toContain('supervisor desk');
    expect(output).toMatch(/use-node22: node v22\./);
    expect(output).not.toMatch(/Unknown (user |env |project |global )?config/i);
    expect(output).not.toMatch(/npm warn/i);
    expect(output).toMatch(/the Electron binary is not installed/);
    expect(output).toMatch(/agent desk .*:\s+http:\/\/127\.0\.0\.1:\d+\/#token=/);
    expect(output).toMatch(/supervisor desk .*:\s+http:\/\/127\.0\.0\.1:\d+\/#token=/);
    expect(output).toMatch(/admin desk .*:\s+http:\/\/127\.0\.0\.1:\d+\/#token=/);
    expect(output).toContain(`data folder: ${dataDir}`);
    expect(output).toMatch(/agent\.ana +agent +desk-demo-ana-2026/);
    expect(output).toMatch(/Preview timers are faster than production/);
    expect(output).toMatch(/curl -X POST http:\/\/127\.0\.0\.1:\d+\/\S+\/gateway\/stop/);
  });

  it('npm test goes through the same wrapper: vitest starts under Node 22 from the old-node shell', () => {
    const help = execFileSync('npm', ['test', '--', '--help'], { cwd: root, env: oldNodeEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(help).toMatch(/vitest\/\d/);
    const versions = execFileSync('bash', ['scripts/with-node22.sh', 'node', '-p', 'process.version + " " + process.env.npm_config_nodedir'], {
      cwd: root,
      // What `npm run` passes on from the machine's user npmrc (nodedir=/usr, the old node's headers).
      env: { ...oldNodeEnv, npm_config_nodedir: '/usr' },
      encoding: 'utf8',
    });
    const [version, nodedir] = versions.trim().split(' ');
    expect(version).toMatch(/^v22\./);
    expect(nodedir).not.toBe('/usr');
  });

  it('serves two desks at once, and its gateway stops and starts under them', async () => {
    if (browser === undefined) throw new Error('Chromium did not start');
    const agentUrl = line(/agent desk .*:\s+(\S+)/);
    const supervisorUrl = line(/supervisor desk .*:\s+(\S+)/);
    const control = line(/curl -X POST (\S+)\/gateway\/stop/);
    const saraSecret = line(/sup\.sara .*TOTP secret (\S+)/);

    const agent = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await agent.goto(agentUrl);
    await agent.getByLabel('Username').fill('agent.ana');
    await agent.getByLabel('Password').fill('desk-demo-ana-2026');
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await agent.getByLabel('Customer ID').fill('1');
    await agent.keyboard.press('Enter');
    await agent.getByRole('heading', { name: /CUS-000001/ }).waitFor();

    const supervisor = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await supervisor.goto(supervisorUrl);
    await supervisor.getByLabel('Username').fill('sup.sara');
    await supervisor.getByLabel('Password').fill('desk-demo-sara-2026');
    await supervisor.getByLabel('One-time code').fill(await currentTotp(saraSecret, Date.now()));
    await supervisor.getByRole('button', { name: 'Sign in' }).click();
    await supervisor.getByRole('heading', { name: 'Supervision' }).waitFor();
    await supervisor.locator('tr', { hasText: 'agent.ana' }).first().waitFor({ timeout: 10_000 });

    expect(await (await fetch(`${control}/gateway/stop`, { method: 'POST' })).json()).toEqual({ running: false });
    await agent.getByLabel('Customer ID').fill('2');
    await agent.keyboard.press('Enter');
    await agent.getByRole('alert').filter({ hasText: 'cannot be reached' }).waitFor({ timeout: 15_000 });
    expect(await agent.getByRole('heading', { name: /CUS-000001/ }).count()).toBe(1);

    expect(await (await fetch(`${control}/gateway/start`, { method: 'POST' })).json()).toEqual({ running: true });
    expect(await (await fetch(`${control}/gateway`)).json()).toEqual({ running: true });
    await agent.keyboard.press('Enter');
    await agent.getByRole('heading', { name: /CUS-000002/ }).waitFor({ timeout: 15_000 });
    await agent.close();
    await supervisor.close();
  }, 120_000);

  it('keeps its accounts and TOTP secrets in its data folder, and leaves nothing in the temp folder', async () => {
    const secretsOf = (printed: string): string[] => [...printed.matchAll(/TOTP secret (\S+)/g)].map((m) => m[1] ?? '');
    const first = secretsOf(output);
    expect(first.length).toBeGreaterThanOrEqual(3);
    await stopGroup(demo);
    // The sites' builds and the desks' folders are removed at the stop; the keyring helper's folder is its own.
    expect(readdirSync(privateTmp).filter((name) => name.startsWith('sentinel-'))).toEqual([]);
    ({ child: demo, output } = await startUntilServing(['run', 'demo']));
    expect(secretsOf(output)).toEqual(first);
  }, 120_000);

  it('--gateway URL: the desks use that gateway, and a new desk asks for its enrolment code', async () => {
    if (browser === undefined) throw new Error('Chromium did not start');
    const gatewayUrl = line(/^gateway: (\S+)/m);
    const remote = await startUntilServing(['run', 'preview', '--', '--gateway', gatewayUrl]);
    try {
      expect(remote.output).toContain(`gateway: ${gatewayUrl} (a deployment's`);
      expect(remote.output).not.toMatch(/TOTP secret/);
      const agentUrl = /agent desk: (\S+)/.exec(remote.output)?.[1] ?? '';
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      await page.goto(agentUrl);
      await page.getByLabel('Username').fill('agent.ana');
      await page.getByLabel('Password').fill('desk-demo-ana-2026');
      await page.getByRole('button', { name: 'Sign in' }).click();
      // The demo gateway knows agent.ana, and this desk carries no policy token: the gateway asks it to enrol.
      await page.getByLabel('Enrolment code').waitFor();
      await page.close();
    } finally {
      await stopGroup(remote.child);
    }
  }, 120_000);
});
