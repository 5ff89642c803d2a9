// Starts the real gateway on 127.0.0.1 over a temp data folder, seeded with
// demo accounts and a few customers, with its log written to a file there.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { SessionGrant } from '../../shared/api.ts';
import { buildGateway, type Gateway } from '../../server/app.ts';
import type { GatewayConfigInput } from '../../server/config.ts';
import { currentTotp } from '../../server/identity/totp.ts';
import { DEMO_ACCOUNTS, demoCredentials, seedDemo } from '../../server/seed/demo-seed.ts';
import { manualClock, type ManualClock } from './clock.ts';
import { TestDevice } from './device.ts';

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The parsed JSON body; `{}` when the body is not JSON. */
  readonly json: Record<string, unknown> & { error?: { code: string; message: string; retryAfterSeconds?: number } };
}

export interface RunningGateway {
  readonly url: string;
  readonly gateway: Gateway;
  readonly dataDir: string;
  readonly logPath: string;
  readonly clock: ManualClock;
  call(method: string, path: string, options?: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> }): Promise<HttpAnswer>;
  /** One login request as a desk sends it: a fresh challenge, signed by the device key. The answer is not checked. */
  attemptLogin(username: string, password: string, options?: { device?: TestDevice; otp?: string }): Promise<HttpAnswer>;
  /** Signs a demo account in from a desk (a new one unless given), computing its one-time code. */
  login(username: string, options?: { device?: TestDevice; password?: string }): Promise<{ grant: SessionGrant; device: TestDevice; token: string }>;
  totpSecret(username: string): Promise<string>;
  close(): Promise<void>;
}

export interface SeededGatewayOptions {
  /** An existing data folder (a restart); a new temp folder otherwise. */
  readonly dir?: string;
  readonly clock?: ManualClock;
  readonly gatewayConfig?: GatewayConfigInput;
  readonly gatewayPort?: number;
  readonly customers?: number;
  readonly logDestination?: string;
}

/** The reference gateway with demo data, on 127.0.0.1, logging to a file in its data folder. */
export async function startSeededGateway(options: SeededGatewayOptions = {}): Promise<{ gateway: Gateway; url: string; dir: string }> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'sentinel-gateway-'));
  const gateway = await buildGateway({
    dataDir: dir,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    logLevel: 'info',
    config: options.gatewayConfig ?? {},
    logDestination: pino.destination({ dest: options.logDestination ?? join(dir, 'gateway.log'), sync: true, append: true }),
  });
  await seedDemo(gateway.store, gateway.seal, gateway.pepper, options.customers);
  const url = await gateway.listen(options.gatewayPort ?? 0);
  if (!url.startsWith('http://127.0.0.1:')) throw new Error(`gateway must listen on loopback, got ${url}`);
  return { gateway, url, dir };
}

/** Sends one request; the default is fetch, HTTPS with a test CA uses https-transport.ts. */
export type Transport = (url: string, init: { method: string; headers: Record<string, string>; body?: string }) => Promise<{ status: number; headers: Headers; text: string }>;

const fetchTransport: Transport = async (url, init) => {
  const response = await fetch(url, init);
  return { status: response.status, headers: response.headers, text: await response.text() };
};

/** The desk's side of the wire against a gateway at `url`, wherever it runs (in this process, a child process, a bench). */
export interface GatewayClient {
  readonly url: string;
  call: RunningGateway['call'];
  attemptLogin: RunningGateway['attemptLogin'];
  login: RunningGateway['login'];
}

export interface GatewayClientDeps {
  /** The gateway's time, for TOTP codes. */
  readonly clock: { now(): number };
  readonly totpSecret: (username: string) => Promise<string>;
  /** Called after a TOTP step is spent (a manual clock moves past it). */
  readonly afterTotp?: () => void;
  readonly transport?: Transport;
}

export function gatewayClient(url: string, deps: GatewayClientDeps): GatewayClient {
  const call: RunningGateway['call'] = async (method, path, callOptions = {}) => {
    const headers: Record<string, string> = { ...callOptions.headers };
    if (callOptions.token !== undefined) headers.authorization = `Bearer ${callOptions.token}`;
    let body: string | undefined = callOptions.rawBody;
    if (callOptions.body !== undefined) {
      body = JSON.stringify(callOptions.body);
      headers['content-type'] ??= 'application/json';
    }
    const send = deps.transport ?? fetchTransport;
    const response = await send(`${url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
    const { text } = response;
    let json: HttpAnswer['json'] = {};
    try {
      json = JSON.parse(text) as HttpAnswer['json'];
    } catch {
      // CSV and empty bodies are read through `text`.
    }
    return { status: response.status, headers: response.headers, text, json };
  };

  const attemptLogin: RunningGateway['attemptLogin'] = async (username, password, attemptOptions = {}) => {
    const device = attemptOptions.device ?? new TestDevice();
    const challenge = await call('POST', '/v1/auth/challenge', { body: { deviceId: device.deviceId } });
    if (challenge.status !== 200) return challenge;
    const proof = device.loginProof(String(challenge.json.nonce), username);
    const otp = attemptOptions.otp;
    return call('POST', '/v1/auth/login', { body: { username, password, ...(otp === undefined ? {} : { otp }), device: device.info(), proof } });
  };

  return {
    url,
    call,
    attemptLogin,
    async login(username, loginOptions = {}) {
      const account = DEMO_ACCOUNTS.find((a) => a.username === username);
      if (account === undefined) throw new Error(`no demo account ${username}`);
      const device = loginOptions.device ?? new TestDevice();
      const otp = account.mfa ? await currentTotp(await deps.totpSecret(username), deps.clock.now()) : undefined;
      const answer = await attemptLogin(username, loginOptions.password ?? account.password, { device, ...(otp === undefined ? {} : { otp }) });
      if (answer.status !== 200) throw new Error(`login ${username} failed: ${answer.status} ${answer.text}`);
      const grant = answer.json as unknown as SessionGrant;
      // The TOTP step is spent; later logins of the same account need the next one.
      if (account.mfa) deps.afterTotp?.();
      return { grant, device, token: grant.tokens.accessToken };
    },
  };
}

/** The TOTP secrets of the demo accounts in a gateway's store. */
export function demoTotpSecrets(gateway: Gateway): (username: string) => Promise<string> {
  return async (username) => {
    const account = (await demoCredentials(gateway.store, gateway.seal)).find((a) => a.username === username);
    if (account?.totpSecret == null) throw new Error(`${username} has no TOTP secret`);
    return account.totpSecret;
  };
}

export async function startGateway(options: { config?: GatewayConfigInput; customers?: number } = {}): Promise<RunningGateway> {
  const clock = manualClock(Date.now());
  const { gateway, url, dir: dataDir } = await startSeededGateway({ clock, gatewayConfig: options.config ?? {}, customers: options.customers ?? 60 });
  const logPath = join(dataDir, 'gateway.log');
  const totpSecret = demoTotpSecrets(gateway);
  const client = gatewayClient(url, {
    clock,
    totpSecret,
    afterTotp: () => {
      clock.advance(30_000);
    },
  });
  return {
    url,
    gateway,
    dataDir,
    logPath,
    clock,
    call: client.call,
    totpSecret,
    attemptLogin: client.attemptLogin,
    login: client.login,
    async close() {
      await gateway.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
