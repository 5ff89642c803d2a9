// One gateway instance for the fleet benchmark: a child process
// (gateway-process.ts) on 127.0.0.1 over a data folder (the secrets every
// instance of a deployment shares) and an optional PostgreSQL URL, with the
// request and sign-in helpers desks use. FLEET_CPU_PROF_DIR=<dir> makes each
// instance write a V8 CPU profile of its gateway there when it closes.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { GatewayConfigInput } from '../../server/config.ts';
import { gatewayClient, type GatewayClient } from '../../test/harness/gateway/gateway.ts';
import type { FleetClock } from './fleet-clock.ts';
import type { FromGateway, GatewayStart, ToGateway } from './gateway-messages.ts';

export type GatewayUsage = Omit<Extract<FromGateway, { kind: 'usage' }>, 'kind'>;

export interface FleetInstance extends Pick<GatewayClient, 'call' | 'route' | 'login'> {
  readonly name: string;
  readonly url: string;
  /** Moves the instance's gateway clock; resolves once it moved. */
  setClock(now: number): Promise<void>;
  /** CPU time its gateway process used so far, and over what wall time. */
  usage(): Promise<GatewayUsage>;
  close(): Promise<void>;
}

const GATEWAY_PROCESS = fileURLToPath(new URL('./gateway-process.ts', import.meta.url));
const SUPERVISOR = 'sup.sara';

function profileArgs(name: string): string[] {
  const dir = process.env.FLEET_CPU_PROF_DIR;
  return dir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=gateway-${name}-${String(Date.now())}.cpuprofile`];
}

const sendTo = (child: ChildProcess, message: ToGateway | GatewayStart): void => {
  child.send(message);
};

export async function startFleetInstance(options: { name: string; dataDir: string; database: string | undefined; clock: FleetClock; config: GatewayConfigInput; customers: number }): Promise<FleetInstance> {
  const child = fork(GATEWAY_PROCESS, { execArgv: [...process.execArgv, ...profileArgs(options.name)], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // The child answers clock moves and usage questions in the order they were asked.
  const clockAcks: (() => void)[] = [];
  const usageAnswers: ((usage: GatewayUsage) => void)[] = [];
  const ready = new Promise<Extract<FromGateway, { kind: 'ready' }>>((resolve, reject) => {
    child.on('message', (message: FromGateway) => {
      if (message.kind === 'ready') resolve(message);
      else if (message.kind === 'failed') reject(new Error(`gateway ${options.name} did not start: ${message.message}`));
      else if (message.kind === 'usage') usageAnswers.shift()?.({ cpuMs: message.cpuMs, wallMs: message.wallMs });
      else clockAcks.shift()?.();
    });
    void exited.then(() => reject(new Error(`gateway ${options.name} exited`)));
  });
  sendTo(child, { name: options.name, dataDir: options.dataDir, database: options.database, now: options.clock.now(), config: options.config, customers: options.customers, totpUsers: [SUPERVISOR] });
  const { url, enrolment, totpSecrets } = await ready;
  if (!url.startsWith('http://127.0.0.1:')) throw new Error(`gateway must listen on loopback, got ${url}`);
  // A desk signs in as the harness's desks do: device-key proof, this instance's policy token, the one-time code for MFA accounts.
  const client = gatewayClient(url, {
    clock: options.clock,
    totpSecret: (username) => {
      const secret = totpSecrets[username];
      return secret === undefined ? Promise.reject(new Error(`no TOTP secret for ${username}`)) : Promise.resolve(secret);
    },
    enrolment,
  });
  const instance: FleetInstance = {
    name: options.name,
    url,
    call: client.call,
    route: client.route,
    login: client.login,
    setClock: (now) =>
      new Promise<void>((resolve) => {
        clockAcks.push(resolve);
        sendTo(child, { kind: 'clock', now });
      }),
    usage: () =>
      new Promise<GatewayUsage>((resolve) => {
        usageAnswers.push(resolve);
        sendTo(child, { kind: 'usage' });
      }),
    async close() {
      sendTo(child, { kind: 'close' });
      await exited;
    },
  };
  options.clock.follow(instance);
  return instance;
}
