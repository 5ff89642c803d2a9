// `npm run demo` as a new user meets it: started from a shell whose `node` is
// older than 22 (the machine's /usr/bin/node), on a machine without the
// Electron binary. It must put Node 22 in place itself, print no npm config
// warnings, and serve the real desk in the browser: an agent desk and a
// supervisor desk at once, with a gateway that can be stopped and started.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
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
/** Only the machine's own directories: the old node first, nothing of this shell's Node 22. */
const oldNodeEnv = { HOME: process.env.HOME ?? '/root', PATH: '/usr/bin:/bin', SENTINEL_PREVIEW_PORT: '0', SENTINEL_PREVIEW_CUSTOMERS: '50' };

let demo: ChildProcess;
let output = '';
let browser: Browser | undefined;
const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));

const runnable = oldNodeMajor !== null && oldNodeMajor < 22 && electronBinary(root) === null;

describe.skipIf(!runnable)('npm run demo from a shell with node < 22 and no Electron binary', () => {
  beforeAll(async () => {
    if (!chromiumAvailable()) throw new Error(`Chromium not found at ${CHROMIUM_PATH}`);
    // Its own process group, so the test can stop npm and everything it started, and nothing else.
    demo = spawn('npm', ['run', 'demo'], { cwd: root, env: oldNodeEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve) => {
      const take = (chunk: Buffer): void => {
        output += chunk.toString('utf8');
        if (/supervisor desk .*\n/.test(output)) resolve();
      };
      demo.stdout?.on('data', take);
      demo.stderr?.on('data', take);
      demo.once('exit', () => resolve());
    });
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    if (demo.pid !== undefined && demo.exitCode === null) process.kill(-demo.pid, 'SIGTERM');
    await exited(demo);
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
});
