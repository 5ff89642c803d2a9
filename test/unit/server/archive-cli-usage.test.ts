// `npm run archive` given bad arguments, or a database that refuses, answers with
// its usage or one clear line, never a Node stack trace. At 1ef7c47 (and after
// the storage refactor) --help, an unknown option, an option without its value
// and a refused connection all ended in an uncaught exception.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = join(import.meta.dirname, '../../../server/archive-cli.ts');
const USAGE = /usage: npm run archive -- --database postgres:\/\/\.\.\. --month YYYY-MM --out FILE/;
const archive = (args: string[]) => {
  const { SENTINEL_DATABASE_URL: _ignored, ...env } = process.env;
  const run = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 30_000, env });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
};
const STACK = /node:internal|^\s+at /m;

describe('npm run archive with bad arguments', () => {
  it('--help prints the usage and exits 0', () => {
    const run = archive(['--help']);
    expect(run.stdout).toMatch(USAGE);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it.each([
    ['an unknown option', ['--bogus'], /Unknown option '--bogus'/],
    ['an option without its value', ['--month'], /'--month <value>' argument missing/],
    ['a stray positional argument', ['2026-01'], /Unexpected argument '2026-01'/],
    ['no --month or --out', ['--database', 'postgres://127.0.0.1:1/x'], USAGE],
  ])('%s: the usage with the reason, exit 2, no stack trace', (_what, args, reason) => {
    const run = archive(args);
    expect(run.stderr).toMatch(reason);
    expect(run.stderr).toMatch(USAGE);
    expect(run.stderr).not.toMatch(STACK);
    expect(run.status).toBe(2);
  });

  it('a database that refuses the connection: one line, exit 1, no stack trace', () => {
    const run = archive(['--database', 'postgres://postgres@127.0.0.1:1/x', '--month', '2026-01', '--out', '/tmp/never-written.jsonl']);
    expect(run.stderr).toMatch(/^archive: .*ECONNREFUSED/);
    expect(run.stderr).not.toMatch(STACK);
    expect(run.status).toBe(1);
  });
});
