// The deployable gateway: the command line and its refusals, secrets supplied
// in production, HTTPS (TLS 1.2+) with a self-signed certificate, /ready, and a
// graceful SIGTERM of a child-process gateway with an audit batch in flight and
// a supervisor stream open.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { buildGateway } from '../../../server/app.ts';
import { loadOrCreateSecrets } from '../../../server/secrets.ts';
import { CliError, parseServerCli } from '../../../server/deploy/cli-options.ts';
import { loadGatewaySecrets, SecretsError } from '../../../server/deploy/secrets-source.ts';
import { demoTotpSecrets, gatewayClient, startSeededGateway } from '../../harness/gateway/gateway.ts';
import { httpsTransport, openHttpsStream, selfSignedCert, startHttpsPost } from '../../harness/gateway/https-transport.ts';
import { TestDevice } from '../../harness/device/device.ts';
import { pino } from 'pino';

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'sentinel-deploy-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const key = (): string => randomBytes(32).toString('base64url');

/** The demo secrets a gateway generated in `dataDir`, as the variables a production start reads. */
function suppliedSecrets(dataDir: string): Record<string, string> {
  const generated = loadOrCreateSecrets(dataDir);
  const text = (key: Buffer): string => key.toString('base64url');
  return { SENTINEL_PAN_PEPPER: text(generated.panPepper), SENTINEL_JWT_KEY: text(generated.jwtKey), SENTINEL_SEAL_KEY: text(generated.sealKey), SENTINEL_LOG_KEY: text(generated.logKey) };
}

describe('server command line', () => {
  it('defaults to the demo gateway of old: 127.0.0.1:8787, SQLite, not production', () => {
    const options = parseServerCli([], {});
    expect(options).toMatchObject({ host: '127.0.0.1', port: 8787, production: false, tls: null, trustProxy: null, store: { database: undefined, shared: false } });
  });

  it('treats another host, a postgres database or --production as production, and refuses the demo seed there', () => {
    expect(parseServerCli(['--host', '0.0.0.0'], {}).production).toBe(true);
    expect(parseServerCli([], { SENTINEL_DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db' }).production).toBe(true);
    expect(parseServerCli(['--production'], {}).production).toBe(true);
    expect(() => parseServerCli(['--host', '0.0.0.0', '--seed-demo'], {})).toThrow(CliError);
  });

  it('refuses a trust-proxy that is not an address or CIDR, half a TLS pair, and a bad port', () => {
    expect(parseServerCli(['--trust-proxy', '10.0.0.5, 192.168.0.0/24'], {}).trustProxy).toBe('10.0.0.5,192.168.0.0/24');
    for (const bad of ['true', '*', 'proxy.local', '10.0.0.0/33', '::1/129', '1.2.3.4/8/1']) {
      expect(() => parseServerCli(['--trust-proxy', bad], {})).toThrow(CliError);
    }
    expect(() => parseServerCli(['--tls-cert', 'c.pem'], {})).toThrow(/go together/);
    expect(() => parseServerCli(['--port', '70000'], {})).toThrow(CliError);
    expect(() => parseServerCli(['--port', '-1'], {})).toThrow(CliError);
  });

  it('never echoes a database URL (it may hold a password)', () => {
    expect(() => parseServerCli(['--database', 'mysql://admin:hunter2@db/x'], {})).toThrow(/^(?!.*hunter2)/);
    expect(() => parseServerCli(['--database', 'postgres://admin:hunter2@[db/x'], {})).toThrow(/^(?!.*hunter2)/);
    const onPostgres = parseServerCli(['--database', 'postgresql://admin:hunter2@127.0.0.1/x'], {}).store;
    expect(onPostgres).toMatchObject({ database: 'postgresql://admin:hunter2@127.0.0.1/x', shared: true });
    expect(onPostgres.label).not.toContain('hunter2');
  });

  it('reads sqlite:DIR as the embedded file in DIR, which is also the data folder', () => {
    const store = parseServerCli(['--database', 'sqlite:/srv/gateway', '--data', '/elsewhere'], {}).store;
    expect(store).toEqual({ dataDir: '/srv/gateway', database: undefined, shared: false, label: 'SQLite in /srv/gateway' });
  });
});

describe('secrets in production', () => {
  it('refuses to start without supplied secrets, naming each missing one', () => {
    expect(() => loadGatewaySecrets({ production: true, dataDir: tempDir(), secretsDir: null, env: {} })).toThrow(SecretsError);
    expect(() => loadGatewaySecrets({ production: true, dataDir: tempDir(), secretsDir: null, env: {} })).toThrow(/pan-pepper.*jwt-key.*seal-key/);
  });

  it('reads them from a secrets folder, *_FILE or the environment, and refuses a file others can read or a malformed value', () => {
    const dir = tempDir();
    const values = { 'pan-pepper': key(), 'jwt-key': key(), 'seal-key': key(), 'log-key': key() };
    for (const [name, value] of Object.entries(values)) writeFileSync(join(dir, name), `${value}\n`, { mode: 0o600 });
    const fromDir = loadGatewaySecrets({ production: true, dataDir: tempDir(), secretsDir: dir, env: {} });
    expect(fromDir.panPepper.toString('base64url')).toBe(values['pan-pepper']);
    const jwtFile = join(dir, 'jwt-key');
    const mixed = loadGatewaySecrets({
      production: true,
      dataDir: tempDir(),
      secretsDir: null,
      env: { SENTINEL_PAN_PEPPER: values['pan-pepper'], SENTINEL_JWT_KEY_FILE: jwtFile, SENTINEL_SEAL_KEY: values['seal-key'], SENTINEL_LOG_KEY: values['log-key'] },
    });
    expect(mixed.jwtKey.toString('base64url')).toBe(values['jwt-key']);
    chmodSync(jwtFile, 0o644);
    expect(() => loadGatewaySecrets({ production: true, dataDir: tempDir(), secretsDir: dir, env: {} })).toThrow(/readable by others/);
    const secret = 'short-but-secret-value';
    expect(() => loadGatewaySecrets({ production: true, dataDir: tempDir(), secretsDir: null, env: { SENTINEL_PAN_PEPPER: secret, SENTINEL_JWT_KEY: key(), SENTINEL_SEAL_KEY: key(), SENTINEL_LOG_KEY: key() } })).toThrow(
      /^(?!.*short-but-secret).*not 32 bytes/,
    );
  });

  it('generates them only in the demo, and refuses a half-supplied set there too', () => {
    const dataDir = tempDir();
    const demo = loadGatewaySecrets({ production: false, dataDir, secretsDir: null, env: {} });
    expect(loadGatewaySecrets({ production: false, dataDir, secretsDir: null, env: {} }).sealKey.equals(demo.sealKey)).toBe(true);
    expect(() => loadGatewaySecrets({ production: false, dataDir, secretsDir: null, env: { SENTINEL_JWT_KEY: key() } })).toThrow(/all of them or none/);
  });

  it('the server process exits with the message on a production start without secrets', async () => {
    const child = spawn(process.execPath, ['server/index.ts', '--production', '--data', tempDir(), '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(/production gateway needs its secrets supplied/);
  });
});

describe('HTTPS', () => {
  it('serves /health and /ready over TLS 1.2+ with the given certificate, and refuses TLS 1.1', async () => {
    const dir = tempDir();
    const tls = selfSignedCert(dir);
    const gateway = await buildGateway({ dataDir: join(dir, 'data'), logLevel: 'silent', tls: { cert: tls.cert, key: tls.key } });
    try {
      const url = await gateway.listen(0);
      expect(url.startsWith('https://127.0.0.1:')).toBe(true);
      const send = httpsTransport(tls.cert);
      expect((await send(`${url}/health`, { method: 'GET', headers: {} })).status).toBe(200);
      const ready = await send(`${url}/ready`, { method: 'GET', headers: {} });
      expect([ready.status, JSON.parse(ready.text)]).toEqual([200, { status: 'ready' }]);
      const port = Number(new URL(url).port);
      const refused = await new Promise<string>((resolve) => {
        const socket = connect({ host: '127.0.0.1', port, ca: tls.cert, maxVersion: 'TLSv1.1', minVersion: 'TLSv1' }, () => {
          socket.end();
          resolve('connected');
        });
        socket.once('error', (error: Error) => resolve(error.message));
      });
      expect(refused).not.toBe('connected');
    } finally {
      await gateway.close();
    }
  });
});

describe('graceful shutdown', () => {
  it('on SIGTERM finishes the audit batch in flight, ends the supervisor stream with a retry hint, and exits 0', async () => {
    const dir = tempDir();
    const dataDir = join(dir, 'data');
    const tls = selfSignedCert(dir);
    // Seed the demo accounts in-process, then hand the folder to a child gateway.
    const seeded = await startSeededGateway({ dir: dataDir, customers: 5, logDestination: join(dir, 'seed.log') });
    const totpSecret = demoTotpSecrets(seeded.gateway);
    const secrets = { sup: await totpSecret('sup.sara') };
    await seeded.gateway.close();

    // On PostgreSQL the child is a production start: the seed's secrets go to it through the environment.
    const database = seeded.database;
    const onDatabase = database === undefined ? [] : ['--database', database];
    const secretsEnv = database === undefined ? {} : suppliedSecrets(dataDir);
    const child = spawn(process.execPath, ['server/index.ts', '--data', dataDir, ...onDatabase, '--port', '0', '--tls-cert', tls.certPath, '--tls-key', tls.keyPath], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...secretsEnv, LOG_LEVEL: 'warn' },
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no listening line: ${stdout}`)), 20_000);
        child.stdout.on('data', () => {
          const match = /listening on (https:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
          if (match?.[1] !== undefined) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
      });
      const client = gatewayClient(url, {
        clock: { now: () => Date.now() },
        totpSecret: () => Promise.resolve(secrets.sup),
        transport: httpsTransport(tls.cert),
        enrolment: { kind: 'policy_token', secret: seeded.enrolmentToken },
      });
      const supervisor = await client.login('sup.sara');
      const agent = await client.login('agent.ana', { device: new TestDevice() });
      const stream = await openHttpsStream(`${url}/v1/supervisor/stream`, tls.cert, supervisor.token);
      expect(stream.status).toBe(200);

      const entries = agent.device.append(Array.from({ length: 400 }, () => agent.device.event({ actor: { userId: 'u-agent-ana', username: 'agent.ana', roles: ['agent'] } })));
      const inFlight = await startHttpsPost(`${url}/v1/audit/batches`, tls.cert, { authorization: `Bearer ${agent.token}`, 'content-type': 'application/json' }, JSON.stringify(agent.device.batch(entries)));
      // SIGTERM lands while the batch is being received: its headers are in, half its body is not.
      await new Promise((resolve) => setTimeout(resolve, 300));
      child.kill('SIGTERM');
      const ack = await inFlight.finish();
      expect(ack.status).toBe(200);
      expect(ack.json.ackedThroughSeq).toBe(400);
      await stream.ended;
      expect(stream.received()).toMatch(/retry: \d+\n/);
      expect(await exited).toBe(0);
      expect(stdout).toMatch(/SIGTERM: draining[\s\S]*gateway stopped/);

      // The batch acknowledged during the drain is stored: a fresh gateway on the folder has the device's head at 400.
      const reopened = await buildGateway({ dataDir, database, logDestination: pino.destination({ dest: join(dir, 'reopen.log'), sync: true }) });
      try {
        expect((await reopened.store.audit.head(agent.device.deviceId))?.seq).toBe(400);
      } finally {
        await reopened.close();
      }
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
