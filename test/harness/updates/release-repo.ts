// A real TUF repository made by the release command (scripts/release), with
// its keys in a separate folder as IT would keep them: two root keys with a
// threshold of two, one key each for targets, snapshot and timestamp.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runReleaseCommand } from '../../../scripts/release/release-command.ts';

export interface TestReleaseRepo {
  readonly dir: string;
  readonly keysDir: string;
  readonly publishedDir: string;
  /** A key file by name (root1, root2, targets, snapshot, timestamp, or one made by `keygen`). */
  key(name: string): string;
  /** Runs `npm run release -- ARGS --repo DIR` in-process; throws with its output unless it succeeds. */
  release(...args: string[]): string;
  /** Writes a build of random bytes, stages it as `version`, signs targets and publishes (with the named timestamp key file). */
  publishBuild(version: string, options?: { bytes?: number; timestampKey?: string; releasedAt?: string }): { name: string; content: Buffer };
  /** The trusted root a desk ships: version 1 as published. */
  trustedRoot(): string;
}

/** Builds a fresh repository in `dir` (emptied first), published with no build. */
export function makeReleaseRepo(dir: string, keysDir = `${dir}-keys`): TestReleaseRepo {
  rmSync(dir, { recursive: true, force: true });
  rmSync(keysDir, { recursive: true, force: true });
  mkdirSync(keysDir, { recursive: true });
  const key = (name: string): string => join(keysDir, `${name}.pem`);
  const release = (...args: string[]): string => {
    const result = runReleaseCommand([...args, '--repo', dir]);
    if (result.code !== 0) throw new Error(`release ${args.join(' ')} failed (${result.code}): ${result.output}`);
    return result.output;
  };
  for (const name of ['root1', 'root2', 'targets', 'snapshot', 'timestamp']) release('keygen', '--out', key(name));
  release(
    'init',
    ...['--root-key', key('root1'), '--root-key', key('root2'), '--root-threshold', '2'],
    ...['--targets-key', key('targets'), '--snapshot-key', key('snapshot'), '--timestamp-key', key('timestamp')],
  );
  release('sign', 'root', '--key', key('root1'), '--key', key('root2'));
  release('sign', 'targets', '--key', key('targets'));
  const online = ['--snapshot-key', key('snapshot'), '--timestamp-key', key('timestamp')];
  release('publish', ...online);
  const publishedDir = join(dir, 'published');
  return {
    dir,
    keysDir,
    publishedDir,
    key,
    release,
    publishBuild(version, options = {}) {
      const name = `sentinel-desk-${version}.AppImage`;
      const content = randomBytes(options.bytes ?? 64 * 1024);
      const build = join(keysDir, name);
      writeFileSync(build, content);
      release('add', build, '--version', version, '--name', name, ...(options.releasedAt === undefined ? [] : ['--released-at', options.releasedAt]));
      release('sign', 'targets', '--key', key('targets'));
      release('publish', '--snapshot-key', key('snapshot'), '--timestamp-key', key(options.timestampKey ?? 'timestamp'));
      return { name, content };
    },
    trustedRoot: () => readFileSync(join(publishedDir, 'metadata', '1.root.json'), 'utf8'),
  };
}
