// Every `npm run` command the README or docs/ tell a reader to run works from a
// shell whose node is the machine's older one: each part of each script goes
// through scripts/with-node22.sh (or another npm run), and running the named
// ones from a PATH with only the machine's node 20 shows the re-exec and no
// ERR_UNKNOWN_FILE_EXTENSION (Node 20 refusing a .ts entry point).
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const root = join(import.meta.dirname, '..', '..', '..');
const OLD_NODE = '/usr/bin/node';
const scripts = z.object({ scripts: z.record(z.string(), z.string()) }).parse(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))).scripts;

const docs = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join('docs', f))];
/** `npm test` is `npm run test`. */
const named = [
  ...new Set(docs.flatMap((file) => [...readFileSync(join(root, file), 'utf8').matchAll(/npm (?:run ([a-z][a-z:-]*[a-z])|(test)\b)/g)].map((m) => m[1] ?? m[2] ?? ''))),
].sort();

/** Scripts that finish on their own when given these arguments; every other one is stopped once it has re-exec'd. */
const FINISHING: Readonly<Record<string, readonly string[]>> = {
  server: ['--help'],
  otp: [],
  admin: [],
  archive: [],
  test: ['no-test-file-has-this-name'],
};
/** How long a long-running script keeps going after its re-exec line: time enough for node to load its entry point. */
const GRACE_MS = 3000;

const oldNodeMajor = (() => {
  try {
    return Number(execFileSync(OLD_NODE, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }).trim());
  } catch {
    return null;
  }
})();

/** Runs `npm run NAME` with only the machine's directories on PATH; its own process group, so all of it stops. */
function runFromOldNode(name: string): Promise<string> {
  const args = FINISHING[name];
  const child = spawn('npm', ['run', name, ...(args === undefined || args.length === 0 ? [] : ['--', ...args])], {
    cwd: root,
    env: { HOME: process.env.HOME ?? '/root', PATH: '/usr/bin:/bin', SENTINEL_PREVIEW_PORT: '0', CI: 'true' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let stopping: NodeJS.Timeout | undefined;
  return new Promise((resolve) => {
    const take = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      if (args === undefined && stopping === undefined && output.includes('use-node22: node v22.')) {
        stopping = setTimeout(() => {
          if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
        }, GRACE_MS);
      }
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.once('close', () => {
      clearTimeout(stopping);
      resolve(output);
    });
  });
}

describe('npm scripts from an older node', () => {
  it('the docs name scripts that exist, and every part of every script re-execs under Node 22 first', () => {
    expect(named).toEqual(expect.arrayContaining(['admin', 'archive', 'demo', 'otp', 'server', 'test']));
    for (const name of named) expect(Object.keys(scripts), `npm run ${name} is named in the docs`).toContain(name);
    for (const [name, line] of Object.entries(scripts)) {
      for (const part of line.split('&&').map((p) => p.trim())) {
        expect(part, `${name}: ${line}`).toMatch(/^(bash scripts\/with-node22\.sh |npm run )/);
      }
    }
  });

});

describe.runIf(oldNodeMajor !== null && oldNodeMajor < 22)('npm scripts run from node 20', () => {
  // A few at a time: most of each run is waiting out the grace period.
  for (const name of named) {
    it.concurrent(`npm run ${name} re-execs under Node 22 and never meets ERR_UNKNOWN_FILE_EXTENSION`, async ({ expect }) => {
      const output = await runFromOldNode(name);
      expect(output).toMatch(/use-node22: node v22\./);
      expect(output).not.toContain('ERR_UNKNOWN_FILE_EXTENSION');
      if (FINISHING[name] !== undefined) expect(output).toMatch(/usage: |No test files found/);
    }, 120_000);
  }
});
