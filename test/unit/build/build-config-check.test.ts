// Issue 28: `npm run check` refuses a packaging config without the settings
// that make update installs verifiable (publisherName above all: without it
// electron-updater installs unsigned Windows updates).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { buildConfigProblems } from '../../../scripts/check-build-config.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const shipped = readFileSync(join(root, 'electron-builder.yml'), 'utf8');
/** The shipped config with one setting changed (`undefined` deletes it). */
function variant(path: readonly string[], value: unknown): string {
  const config = parse(shipped) as Record<string, unknown>;
  let node = config;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = path.at(-1) ?? '';
  if (value === undefined) Reflect.deleteProperty(node, last);
  else node[last] = value;
  return stringify(config);
}

describe('the packaging check', () => {
  it('passes the shipped electron-builder.yml, and npm run check runs it', () => {
    expect(buildConfigProblems(shipped)).toEqual([]);
    const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.check).toContain('node scripts/check-build-config.ts');
  });

  it.each([
    [['win', 'signtoolOptions', 'publisherName'], undefined, 'publisherName'],
    [['win', 'signtoolOptions', 'publisherName'], '  ', 'publisherName'],
    [['win', 'signtoolOptions', 'publisherName'], [], 'publisherName'],
    [['win', 'verifyUpdateCodeSignature'], false, 'verifyUpdateCodeSignature'],
    [['win', 'signtoolOptions', 'signingHashAlgorithms'], ['sha1', 'sha256'], 'signingHashAlgorithms'],
    [['win', 'signtoolOptions', 'rfc3161TimeStampServer'], undefined, 'rfc3161TimeStampServer'],
    [['mac', 'hardenedRuntime'], false, 'hardenedRuntime'],
    [['mac', 'notarize'], undefined, 'notarize'],
  ])('refuses %j set to %j', (path, value, named) => {
    const problems = buildConfigProblems(variant(path, value));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(named);
  });

  it('refuses a config without signtool options for each missing setting', () => {
    expect(buildConfigProblems(variant(['win', 'signtoolOptions'], undefined)).map((p) => p.split(':')[0])).toEqual([
      'win.signtoolOptions.publisherName',
      'win.signtoolOptions.signingHashAlgorithms',
      'win.signtoolOptions.rfc3161TimeStampServer',
    ]);
  });

  it('refuses an empty or hostile file with every problem, not a crash', () => {
    expect(buildConfigProblems('').length).toBeGreaterThanOrEqual(5);
    expect(buildConfigProblems('win: [1, 2]\nmac: "x"').length).toBeGreaterThanOrEqual(5);
  });

  it('exits 0 on the shipped file as a command', () => {
    const run = spawnSync(process.execPath, [join(root, 'scripts', 'check-build-config.ts')], { encoding: 'utf8' });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  });
});
