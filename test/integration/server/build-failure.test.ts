// A gateway that fails to build halfway closes what it opened (lifecycle.ts): the
// process that tried is left with no handle open and exits by itself. Each build
// runs in a child process that does nothing after the failure but print it; the
// child must exit within seconds. At 1ef7c47 the PostgreSQL cases hung (the
// store's pool and the live feed stayed open).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { dropTestDatabase, postgresAdminUrl, TEST_ENGINE, testDatabaseFor } from '../../harness/database/test-database.ts';

const APP = join(import.meta.dirname, '../../../server/app.ts');
const folders: string[] = [];
afterAll(async () => {
  for (const dir of folders.splice(0)) {
    await dropTestDatabase(dir);
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Builds a gateway in a child with `options` (JSON, plus fresh secrets); resolves with its output and how long it lived. */
function buildInChild(options: Record<string, unknown>): Promise<{ code: number | null; out: string; ms: number }> {
  const script = `
    const { buildGateway } = await import(${JSON.stringify(APP)});
    const key = () => Buffer.from(${JSON.stringify(randomBytes(32).toString('base64'))}, 'base64');
    try {
      await buildGateway({ ...${JSON.stringify(options)}, logLevel: 'silent', secrets: { panPepper: key(), jwtKey: key(), sealKey: key(), logKey: key() } });
      console.log('built');
    } catch (error) {
      console.log('build failed: ' + error.message);
    }`;
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out, ms: Date.now() - started });
    });
  });
}

const folder = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'sentinel-build-failure-'));
  folders.push(dir);
  return dir;
};

describe(`a gateway that fails to build (${TEST_ENGINE})`, () => {
  it('with a TLS key that is not PEM: reports why and the process exits by itself', async () => {
    const dir = folder();
    const child = await buildInChild({ dataDir: dir, database: await testDatabaseFor(dir), tls: { cert: 'not a certificate', key: 'not a key' } });
    expect(child.out).toMatch(/^build failed: .*PEM/m);
    expect(child.code, `${child.ms} ms: ${child.out}`).toBe(0);
    expect(child.ms).toBeLessThan(10_000);
  });

  it.runIf(TEST_ENGINE === 'postgres')('whose feed LISTEN connection is refused (the role is at its connection limit): reports why and the process exits by itself', async () => {
    const dir = folder();
    // Empty: the gateway migrates it as the limited role, which owns it (a migrated copy's tables belong to the superuser).
    const url = new URL((await testDatabaseFor(dir, { empty: true })) ?? '');
    const role = `lim_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: postgresAdminUrl() });
    await admin.connect();
    try {
      // The pool's one connection migrates; the LISTEN connection is the second and is refused.
      await admin.query(`CREATE ROLE ${role} LOGIN CONNECTION LIMIT 1`);
      await admin.query(`ALTER DATABASE "${url.pathname.slice(1)}" OWNER TO ${role}`);
    } finally {
      await admin.end();
    }
    url.username = role;
    const child = await buildInChild({ dataDir: dir, database: url.toString() });
    expect(child.out).toMatch(/^build failed: too many connections for role/m);
    expect(child.code, `${child.ms} ms: ${child.out}`).toBe(0);
    expect(child.ms).toBeLessThan(10_000);
  });
});
