// `npm run server -- --sso-config FILE`: the single sign-on settings of a
// gateway started from the command line, read from a file only its user may
// read, each wrong setting named.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { parseServerCli } from '../../../server/deploy/cli-options.ts';
import { readSsoConfigFile } from '../../../server/deploy/sso-config-file.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const PROVIDER = { id: 'corp', label: 'Example Corp', issuer: 'https://login.example.com/tenant', clientId: 'sentinel-desk', clientSecret: 'a-client-secret-of-32-characters!' };

function configFile(content: unknown, mode = 0o600): string {
  const dir = mkdtempSync(join(tmpdir(), 'sentinel-sso-config-'));
  dirs.push(dir);
  const path = join(dir, 'sso.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  chmodSync(path, mode);
  return path;
}

it('reads the providers and fills the defaults', () => {
  const sso = readSsoConfigFile(configFile({ providers: [PROVIDER] }));
  expect(sso.providers?.[0]).toMatchObject({ ...PROVIDER, scopes: ['openid', 'profile', 'email'], usernameClaim: 'preferred_username', allowHttpLoopback: false });
  expect(parseServerCli(['--sso-config', 'conf/sso.json'], {}).ssoConfigFile).toBe(join(process.cwd(), 'conf', 'sso.json'));
});

it('refuses a file others may read, malformed JSON, a wrong setting and a misspelt one, naming each', () => {
  expect(() => readSsoConfigFile(configFile({ providers: [PROVIDER] }, 0o644))).toThrow(/chmod 600/);
  expect(() => readSsoConfigFile(configFile('{"providers": ['))).toThrow(/is not JSON/);
  expect(() => readSsoConfigFile(configFile({ providers: [{ ...PROVIDER, issuer: 'not a url' }] }))).toThrow(/providers\.0\.issuer/);
  expect(() => readSsoConfigFile(configFile({ providers: [{ ...PROVIDER, clientSecret: 'short' }] }))).toThrow(/providers\.0\.clientSecret/);
  expect(() => readSsoConfigFile(configFile({ provders: [PROVIDER] }))).toThrow(/provders/);
  expect(() => readSsoConfigFile(join(tmpdir(), 'no-such-sso-config.json'))).toThrow(/cannot be read/);
});

it('a gateway started with it offers its providers to desks', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sentinel-sso-server-'));
  dirs.push(dataDir);
  const child = spawn(process.execPath, ['server/index.ts', '--data', dataDir, '--port', '0', '--sso-config', configFile({ providers: [PROVIDER] })], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const listening = /gateway listening on (\S+)/.exec(out)?.[1];
        if (listening !== undefined) resolve(listening);
      });
      child.once('exit', (code) => reject(new Error(`the gateway exited (${String(code)}): ${out}`)));
    });
    const answer = await fetch(`${url}/v1/auth/sso/providers`);
    expect(await answer.json()).toEqual({ providers: [{ id: 'corp', label: 'Example Corp' }] });
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}, 60_000);
