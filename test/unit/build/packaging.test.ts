// Packaging: the electron-builder config, the fuses the afterPack hook flips,
// and that electron-builder itself resolves from the project's dependencies.
import { FuseV1Options } from '@electron/fuses';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..', '..', '..');
const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown> & {
  files: string[];
  afterPack: string;
  win: { target: string[] };
  mac: { target: string[]; hardenedRuntime: boolean; notarize: boolean };
  linux: { target: string[] };
};

describe('electron-builder.yml', () => {
  it('ships only the build output, in asar, with the fuse hook', () => {
    expect(config.asar).toBe(true);
    expect(config.files.filter((f) => !f.startsWith('!'))).toEqual(['out/**', 'package.json']);
    expect(config.afterPack).toBe('build/after-pack.mjs');
  });

  it('never ships the preview bridge or any other test or dev code', () => {
    const included = config.files.filter((f) => !f.startsWith('!'));
    for (const devFile of ['dev/preview/bridge-server.ts', 'dev/preview/preview.ts', 'test/harness/desk/fake-agent.ts', 'scripts/demo.ts']) {
      expect(included.some((pattern) => devFile.startsWith(pattern.replace('**', ''))), devFile).toBe(false);
    }
  });

  it('builds NSIS and MSI, dmg and pkg with hardened runtime and notarization, deb, rpm and AppImage', () => {
    expect(config.win.target).toEqual(['nsis', 'msi']);
    expect(config.mac.target).toEqual(['dmg', 'pkg']);
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.mac.notarize).toBe(true);
    expect(config.linux.target).toEqual(['deb', 'rpm', 'AppImage']);
  });

  it('flips every fuse as the design lists, strictly', async () => {
    const { FUSES } = (await import(join(root, 'build', 'after-pack.mjs'))) as { FUSES: Record<string | number, unknown> };
    expect(FUSES.strictlyRequireAllFuses).toBe(true);
    expect(FUSES[FuseV1Options.RunAsNode]).toBe(false);
    expect(FUSES[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(FUSES[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(FUSES[FuseV1Options.EnableCookieEncryption]).toBe(true);
    expect(FUSES[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(FUSES[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(FUSES[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(false);
    const fuseCount = Object.values(FuseV1Options).filter((v) => typeof v === 'number').length;
    expect(Object.keys(FUSES).filter((k) => /^\d+$/.test(k))).toHaveLength(fuseCount);
  });

  it('resolves electron-builder from the project', () => {
    const result = spawnSync(join(root, 'node_modules', '.bin', 'electron-builder'), ['--help'], { encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('electron-builder');
  });
});
