// Starts the real gateway on 127.0.0.1 over a temp data folder, seeded with
// demo accounts and a few customers, with its log written to a file there, and
// a policy enrolment token (as a managed build carries) that test desks present.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { SessionGrant } from '../../shared/api.ts';
import { panFreeId } from '../../shared/pan.ts';
import type { EnrolmentPresentation } from '../../shared/schemas/admin.ts';
import { hashEnrolmentSecret, newEnrolmentSecret } from '../../server/identity/enrolment-secrets.ts';
import { buildGateway, type Gateway } from '../../server/app.ts';
import type { Scheduler } from '../../server/audit/chain-verifier.ts';
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
  /** The policy token every TestDevice presents unless told otherwise (attemptLogin's `enrolment: null` presents none). */
  readonly enrolment: EnrolmentPresentation;
  call(method: string, path: string, options?: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> }): Promise<HttpAnswer>;
  /** One login request as a desk sends it: a fresh challenge, signed by the device key. The answer is not checked. */
  attemptLogin(username: string, password: string, options?: { device?: TestDevice; otp?: string; enrolment?: EnrolmentPresentation | null }): Promise<HttpAnswer>;
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
  /** The timer of the chain verifier and the inactivity sweep; real intervals unless given. */
  readonly scheduler?: Scheduler;
}

/** The demo admin who, in the test harness, issued the managed desks' policy token. */
const HARNESS_ISSUER = 'u-admin-ivan';
/** Long enough that no fake clock in a test (90 days of inactivity, say) outlives it. */
const HARNESS_TOKEN_MS = 10 * 365 * 86_400_000;

/**
 * A policy enrolment token written straight to the store (as if an admin had
 * issued it for the managed build), so the gateway's own audit trail starts as
 * it did before enrolment needed approval.
 */
async function issueHarnessEnrolmentToken(gateway: Gateway, now: number): Promise<EnrolmentPresentation> {
  const secret = newEnrolmentSecret('policy_token');
  await gateway.store.devices.insertGrant({
    grantId: panFreeId(randomUUID),
    kind: 'policy_token',
    secretHash: hashEnrolmentSecret(secret),
    reason: 'Test harness: the managed policy of test desks',
    issuedBy: HARNESS_ISSUER,
    issuedAt: now,
    expiresAt: now + HARNESS_TOKEN_MS,
    usedAt: null,
    usedByDevice: null,
  });
  return { kind: 'policy_token', secret };
}

export interface SeededGateway {
  readonly gateway: Gateway;
  readonly url: string;
  readonly dir: string;
  /** A policy token desks started against this gateway put in their policy as `enrolmentToken`. */
  readonly enrolmentToken: string;
}

/** The reference gateway with demo data, on 127.0.0.1, logging to a file in its data folder. */
export async function startSeededGateway(options: SeededGatewayOptions = {}): Promise<SeededGateway> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'sentinel-gateway-'));
  const gateway = await buildGateway({
    dataDir: dir,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.scheduler === undefined ? {} : { scheduler: options.scheduler }),
    logLevel: 'info',
    config: options.gatewayConfig ?? {},
    logDestination: pino.destination({ dest: options.logDestination ?? join(dir, 'gateway.log'), sync: true, append: true }),
  });
  await seedDemo(gateway.store, gateway.seal, gateway.pepper, options.customers, options.clock?.now() ?? Date.now());
  const enrolment = await issueHarnessEnrolmentToken(gateway, options.clock?.now() ?? Date.now());
  const url = await gateway.listen(options.gatewayPort ?? 0);
  if (!url.startsWith('http://127.0.0.1:')) throw new Error(`gateway must listen on loopback, got ${url}`);
  return { gateway, url, dir, enrolmentToken: enrolment.secret };
}

export async function startGateway(options: { config?: GatewayConfigInput; customers?: number; scheduler?: Scheduler } = {}): Promise<RunningGateway> {
  const clock = manualClock(Date.now());
  const { gateway, url, dir: dataDir, enrolmentToken } = await startSeededGateway({
    clock,
    gatewayConfig: options.config ?? {},
    customers: options.customers ?? 60,
    ...(options.scheduler === undefined ? {} : { scheduler: options.scheduler }),
  });
  const logPath = join(dataDir, 'gateway.log');
  const enrolment: EnrolmentPresentation = { kind: 'policy_token', secret: enrolmentToken };

  const call: RunningGateway['call'] = async (method, path, callOptions = {}) => {
    const headers: Record<string, string> = { ...callOptions.headers };
    if (callOptions.token !== undefined) headers.authorization = `Bearer ${callOptions.token}`;
    let body: string | undefined = callOptions.rawBody;
    if (callOptions.body !== undefined) {
      body = JSON.stringify(callOptions.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await response.text();
    let json: HttpAnswer['json'] = {};
    try {
      json = JSON.parse(text) as HttpAnswer['json'];
    } catch {
      // CSV and empty bodies are read through `text`.
    }
    return { status: response.status, headers: response.headers, text, json };
  };

  const totpSecret = async (username: string): Promise<string> => {
    const account = (await demoCredentials(gateway.store, gateway.seal)).find((a) => a.username === username);
    if (account?.totpSecret == null) throw new Error(`${username} has no TOTP secret`);
    return account.totpSecret;
  };

  const attemptLogin: RunningGateway['attemptLogin'] = async (username, password, attemptOptions = {}) => {
    const device = attemptOptions.device ?? new TestDevice();
    const challenge = await call('POST', '/v1/auth/challenge', { body: { deviceId: device.deviceId } });
    if (challenge.status !== 200) return challenge;
    const presented = attemptOptions.enrolment === undefined ? enrolment : attemptOptions.enrolment;
    const proof = device.loginProof(String(challenge.json.nonce), username, presented === null ? {} : { enrolment: presented });
    const otp = attemptOptions.otp;
    return call('POST', '/v1/auth/login', {
      body: { username, password, ...(otp === undefined ? {} : { otp }), device: device.info(), proof, ...(presented === null ? {} : { enrolment: presented }) },
    });
  };

  return {
    url,
    gateway,
    dataDir,
    logPath,
    clock,
    enrolment,
    call,
    totpSecret,
    attemptLogin,
    async login(username, loginOptions = {}) {
      const account = DEMO_ACCOUNTS.find((a) => a.username === username);
      if (account === undefined) throw new Error(`no demo account ${username}`);
      const device = loginOptions.device ?? new TestDevice();
      const otp = account.mfa ? await currentTotp(await totpSecret(username), clock.now()) : undefined;
      const answer = await attemptLogin(username, loginOptions.password ?? account.password, { device, ...(otp === undefined ? {} : { otp }) });
      if (answer.status !== 200) throw new Error(`login ${username} failed: ${answer.status} ${answer.text}`);
      const grant = answer.json as unknown as SessionGrant;
      // The TOTP step is spent; later logins of the same account need the next one.
      if (account.mfa) clock.advance(30_000);
      return { grant, device, token: grant.tokens.accessToken };
    },
    async close() {
      await gateway.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
