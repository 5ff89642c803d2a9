// The installer behind `npm run demo`, `npm test` and .ci/run, run for real by
// bash against a stand-in system: a PATH of stub commands where one package's
// command is missing at a time, as root, as a user with or without password-free
// sudo, and without apt-get. Dry-run mode prints the decision instead of
// calling apt-get, so nothing is installed.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const SCRIPT = join(import.meta.dirname, '..', '..', '..', 'scripts', 'system-packages.sh');
const PROBES = {
  dbus: ['dbus-run-session', 'dbus-send'],
  'gnome-keyring': ['gnome-keyring-daemon'],
  chromium: ['chromium'],
  openssl: ['openssl'],
  'tesseract-ocr': ['tesseract'],
} as const;
type Package = keyof typeof PROBES | 'postgresql';
const EVERY_PACKAGE: readonly Package[] = [...(Object.keys(PROBES) as (keyof typeof PROBES)[]), 'postgresql'];

interface StandIn {
  readonly missing?: readonly Package[];
  readonly uid?: number;
  /** Whether `sudo -n true` succeeds; absent: no sudo at all. */
  readonly sudo?: boolean;
  readonly aptGet?: boolean;
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function stub(dir: string, name: string, body: string): void {
  writeFileSync(join(dir, name), `#!/bin/bash\n${body}\n`);
  chmodSync(join(dir, name), 0o755);
}

/** Runs the installer against a stand-in system and says what it printed. */
function run(purpose: string, standIn: StandIn = {}) {
  const root = mkdtempSync(join(tmpdir(), 'sentinel-syspkg-'));
  dirs.push(root);
  const bin = join(root, 'bin');
  const postgresBin = join(root, 'postgresql-15-bin');
  mkdirSync(bin);
  mkdirSync(postgresBin);
  const missing = new Set(standIn.missing ?? []);
  for (const [pkg, commands] of Object.entries(PROBES)) {
    if (!missing.has(pkg as Package)) for (const command of commands) stub(bin, command, 'exit 0');
  }
  if (!missing.has('postgresql')) stub(postgresBin, 'initdb', 'exit 0');
  stub(bin, 'uname', 'echo Linux');
  stub(bin, 'id', `echo ${standIn.uid ?? 0}`);
  if (standIn.sudo !== undefined) stub(bin, 'sudo', standIn.sudo ? 'exit 0' : 'exit 1');
  if (standIn.aptGet ?? true) stub(bin, 'apt-get', 'echo "apt-get must not run in a dry run" >&2; exit 99');
  stub(bin, 'the-command', 'echo "the command ran with: $*"');
  const answer = spawnSync('/bin/bash', [SCRIPT, purpose, 'the-command', 'arg one'], {
    encoding: 'utf8',
    env: { PATH: bin, SENTINEL_POSTGRES_BIN: postgresBin, SENTINEL_SYSTEM_PACKAGES_DRY_RUN: '1' },
  });
  return { code: answer.status, out: answer.stdout, err: answer.stderr };
}

describe('scripts/system-packages.sh', () => {
  it('runs the command at once when nothing is missing', () => {
    for (const purpose of ['demo', 'test']) {
      expect(run(purpose)).toEqual({ code: 0, out: 'the command ran with: arg one\n', err: '' });
    }
  });

  it.each(EVERY_PACKAGE)('as root with %s missing, installs exactly that package for the tests', (pkg) => {
    const answer = run('test', { missing: [pkg] });
    expect(answer).toMatchObject({ code: 0, out: `system-packages: would run: apt-get install -y ${pkg}\n` });
  });

  it('the demo needs only the keychain packages: a missing Chromium, OCR or PostgreSQL does not stop it', () => {
    expect(run('demo', { missing: ['chromium', 'tesseract-ocr', 'postgresql', 'openssl'] })).toMatchObject({ code: 0, out: 'the command ran with: arg one\n' });
    expect(run('demo', { missing: ['gnome-keyring'] }).out).toBe('system-packages: would run: apt-get install -y gnome-keyring\n');
  });

  it('names a package once however many of its commands are missing, and lists every missing one in one step', () => {
    expect(run('test', { missing: ['dbus', 'chromium', 'postgresql'] }).out).toBe('system-packages: would run: apt-get install -y dbus chromium postgresql\n');
  });

  it('goes through sudo for a user whose sudo needs no password', () => {
    expect(run('test', { missing: ['tesseract-ocr'], uid: 1000, sudo: true }).out).toBe('system-packages: would run: sudo -n apt-get install -y tesseract-ocr\n');
  });

  it('prints the one command to run, and runs nothing, for a user without password-free sudo or without sudo', () => {
    for (const sudo of [false, undefined]) {
      const answer = run('test', { missing: ['chromium', 'tesseract-ocr'], uid: 1000, ...(sudo === undefined ? {} : { sudo }) });
      expect(answer).toEqual({ code: 1, out: '', err: 'system-packages: missing chromium tesseract-ocr. Run once: sudo apt-get install -y chromium tesseract-ocr\n' });
    }
  });

  it('says what to install on a system without apt-get', () => {
    const answer = run('test', { missing: ['postgresql'], aptGet: false });
    expect(answer.code).toBe(1);
    expect(answer.err).toContain('this needs postgresql (Debian package names)');
    expect(answer.out).toBe('');
  });

  it('refuses an unknown purpose with its usage', () => {
    const answer = run('deploy');
    expect(answer.code).toBe(2);
    expect(answer.err).toContain('usage: bash scripts/system-packages.sh demo|test');
  });
});
