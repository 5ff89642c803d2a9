// A throwaway PostgreSQL 15 cluster for tests and benchmarks: initdb in a temp
// folder (as the `postgres` user when run as root, since PostgreSQL refuses
// root), listening on 127.0.0.1 on a free port with its unix socket in that
// folder. fsync is off: the cluster lives for one run. stop() ends the server
// and removes the folder.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const POSTGRES_BIN = process.env.SENTINEL_POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

export interface PostgresCluster {
  /** postgres://postgres@127.0.0.1:PORT/postgres: the superuser on the maintenance database. */
  readonly adminUrl: string;
  readonly port: number;
  /** The cluster's data folder (tests search its files for leaked card numbers). */
  readonly dataDir: string;
  /** A URL for a database of that name on this cluster. */
  urlOf(database: string): string;
  /** Creates a fresh empty database and returns its URL. */
  createDatabase(name?: string): Promise<string>;
  dropDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

export function postgresAvailable(): boolean {
  return existsSync(join(POSTGRES_BIN, 'initdb')) && existsSync(join(POSTGRES_BIN, 'postgres'));
}

/** A port on 127.0.0.1 free at the moment of asking, for a server that must be told its port up front. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL binary as the postgres user when we are root. */
function pgCommand(binary: string, args: readonly string[]): { command: string; args: string[] } {
  const path = join(POSTGRES_BIN, binary);
  return asRoot ? { command: 'runuser', args: ['-u', 'postgres', '--', path, ...args] } : { command: path, args: [...args] };
}

async function waitForServer(adminUrl: string, server: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`postgres exited with ${server.exitCode}: ${log()}`);
    const client = new pg.Client({ connectionString: adminUrl });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`postgres did not start: ${String(error)}\n${log()}`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

export async function startPostgresCluster(): Promise<PostgresCluster> {
  if (!postgresAvailable()) throw new Error(`PostgreSQL 15 is not installed (no ${POSTGRES_BIN}/initdb): apt-get install postgresql`);
  const root = mkdtempSync(join(tmpdir(), 'sentinel-pg-'));
  const dataDir = join(root, 'data');
  chmodSync(root, 0o755);
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(root, uid, gid);
  }
  const init = pgCommand('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync']);
  execFileSync(init.command, init.args, { stdio: 'pipe' });
  const port = await freePort();
  const logFile = join(root, 'postgres.log');
  writeFileSync(logFile, '');
  if (asRoot) execFileSync('chown', ['postgres', logFile]);
  const run = pgCommand('postgres', [
    '-D', dataDir,
    '-c', 'listen_addresses=127.0.0.1',
    '-c', `port=${port}`,
    '-c', `unix_socket_directories=${root}`,
    '-c', 'fsync=off',
    '-c', 'synchronous_commit=off',
    '-c', 'full_page_writes=off',
    '-c', 'max_connections=400',
    '-c', 'shared_buffers=64MB',
    // Leak tests read every WAL file after a CHECKPOINT: keep the WAL small (checkpoints are cheap with fsync off).
    '-c', 'min_wal_size=32MB',
    '-c', 'max_wal_size=96MB',
  ]);
  let output = '';
  const server = spawn(run.command, run.args, { stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  server.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  const urlOf = (database: string): string => `postgres://postgres@127.0.0.1:${port}/${database}`;
  const adminUrl = urlOf('postgres');
  const postmasterPid = (): number | null => {
    try {
      const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      return Number.isInteger(pid) && pid > 0 ? pid : null;
    } catch {
      return null;
    }
  };
  const stop = async (): Promise<void> => {
    if (server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      // SIGINT to the postmaster itself (runuser does not pass it on) is PostgreSQL's fast shutdown.
      const pid = postmasterPid();
      if (pid === null) server.kill('SIGKILL');
      else process.kill(pid, 'SIGINT');
      const stopped = await Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 10_000))]);
      if (!stopped) {
        if (pid !== null) process.kill(pid, 'SIGKILL');
        server.kill('SIGKILL');
      }
    }
    process.off('exit', onExit);
    rmSync(root, { recursive: true, force: true });
  };
  // Whatever way the process ends (a runner that skips teardown, an uncaught error), the cluster goes with it.
  const onExit = (): void => {
    const pid = postmasterPid();
    if (pid !== null) process.kill(pid, 'SIGKILL');
    rmSync(root, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  try {
    await waitForServer(adminUrl, server, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  let counter = 0;
  const admin = async <T>(run: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      return await run(client);
    } finally {
      await client.end();
    }
  };
  return {
    adminUrl,
    port,
    dataDir,
    urlOf,
    async createDatabase(name = `t_${process.pid}_${Date.now().toString(36)}_${(counter++).toString(36)}`) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
      await admin((client) => client.query(`CREATE DATABASE ${name} TEMPLATE template0`));
      return urlOf(name);
    },
    async dropDatabase(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
      await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
    stop,
  };
}

/**
 * Creates a database on a running cluster known only by its admin URL (a test worker's view of the shared
 * cluster): empty (a copy of template0), or a copy of `template`, a database of the cluster's own that no
 * one is connected to. The copy is of the files (FILE_COPY), not block by block through the WAL (PostgreSQL
 * 15's default): a copy of the 10 MB migrated template took 137 ms instead of 365 ms on a quiet machine.
 */
export async function createDatabaseAt(adminUrl: string, name: string, template = 'template0'): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
  if (!/^[a-z_][a-z0-9_]*$/.test(template)) throw new Error(`bad template name ${template}`);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name} TEMPLATE ${template} STRATEGY FILE_COPY`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropDatabaseAt(adminUrl: string, name: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
