// Starts the real gateway on 127.0.0.1 over a temp data folder, seeded with
// demo accounts and a few customers, with its log written to a file there, and
// a policy enrolment token (as a managed build carries) that test desks present.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { SessionGrant } from '../../../shared/api.ts';
import { panFreeId } from '../../../shared/pan.ts';
import type { EnrolmentPresentation } from '../../../shared/schemas/admin.ts';
import { hashEnrolmentSecret, newEnrolmentSecret } from '../../../server/identity/enrolment-secrets.ts';
import { buildGateway, type Gateway } from '../../../server/app.ts';
import type { Scheduler } from '../../../server/audit/chain-verifier.ts';
import type { GatewayConfig, GatewayConfigInput } from '../../../server/config.ts';
import { currentTotp } from '../../../server/identity/totp.ts';
import { DEMO_ACCOUNTS, demoCredentials, seedDemo } from '../../../server/seed/demo-seed.ts';
import { manualClock, type ManualClock } from '../clock/clock.ts';
import { TestDevice } from '../device/device.ts';
import { httpCaller, type HttpCall, type Transport } from './http-call.ts';
import { routeCaller, routeResponse, type RouteCaller, type RouteResponse } from './route-client.ts';
import { dropTestDatabase, testDatabaseFor } from '../database/test-database.ts';

/** Closes like close(), so `await using gw = await startGateway()` ends with its scope. */
export interface RunningGateway extends AsyncDisposable {
  readonly url: string;
  readonly gateway: Gateway;
  readonly dataDir: string;
  /** The PostgreSQL database of this gateway; undefined on SQLite (the file in dataDir). */
  readonly database: string | undefined;
  readonly logPath: string;
  readonly clock: ManualClock;
  /** The policy token every TestDevice presents unless told otherwise (attemptLogin's `enrolment: null` presents none). */
  readonly enrolment: EnrolmentPresentation;
  /** A raw request: for what no route declares (malformed or hostile input); everything else goes through `route`. */
  readonly call: HttpCall;
  /** A request to a route of shared/api.ts, answered with its typed body. */
  readonly route: RouteCaller;
  /** One login request as a desk sends it: a fresh challenge, signed by the device key. The answer is not checked. */
  attemptLogin(username: string, password: string, options?: { device?: TestDevice; otp?: string; enrolment?: EnrolmentPresentation | null }): Promise<RouteResponse<'login'>>;
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
  /** A PostgreSQL URL the test prepared itself (another role); the folder's test database otherwise. */
  readonly database?: string;
}

/** The demo admin who, in the test harness, issued the managed desks' policy token. */
const HARNESS_ISSUER = 'u-admin-ivan';
/**
 * The harness signs its demo users in from a new desk nearly every time, many per file: the enrolment caps are
 * lifted unless a test sets its own (admin-enrolment-caps.test.ts tests them).
 */
const HARNESS_ENROLMENT_CAPS = { desksPerUserPerDay: 1_000_000, desksPerPolicyToken: 1_000_000 } as const;

/** Long enough that no fake clock in a test (90 days of inactivity, say) outlives it. */
const HARNESS_TOKEN_MS = 10 * 365 * 86_400_000;

/**
 * A policy enrolment token written straight to the store (as if an admin had
 * issued it for the managed build), so the gateway's own audit trail starts as
 * it did before enrolment needed approval.
 */
export async function issueHarnessEnrolmentToken(gateway: Gateway, now: number): Promise<EnrolmentPresentation> {
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
  /** The PostgreSQL database of this gateway; undefined on SQLite. */
  readonly database: string | undefined;
  /** A policy token desks started against this gateway put in their policy as `enrolmentToken`. */
  readonly enrolmentToken: string;
}

/**
 * The reference gateway with demo data, on 127.0.0.1, logging to a file in its data folder; on the
 * engine the test run chose (a restart on the same folder finds the same PostgreSQL database).
 */
export async function startSeededGateway(options: SeededGatewayOptions = {}): Promise<SeededGateway> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'sentinel-gateway-'));
  const database = options.database ?? (await testDatabaseFor(dir));
  const gateway = await buildGateway({
    dataDir: dir,
    database,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.scheduler === undefined ? {} : { scheduler: options.scheduler }),
    logLevel: 'info',
    config: { ...options.gatewayConfig, enrolment: { ...HARNESS_ENROLMENT_CAPS, ...options.gatewayConfig?.enrolment } },
    logDestination: pino.destination({ dest: options.logDestination ?? join(dir, 'gateway.log'), sync: true, append: true }),
  });
  await seedDemo(gateway.store, gateway.seal, gateway.pepper, options.customers, options.clock?.now() ?? Date.now());
  const enrolment = await issueHarnessEnrolmentToken(gateway, options.clock?.now() ?? Date.now());
  const url = await gateway.listen(options.gatewayPort ?? 0);
  if (!url.startsWith('http://127.0.0.1:')) throw new Error(`gateway must listen on loopback, got ${url}`);
  return { gateway, url, dir, database, enrolmentToken: enrolment.secret };
}

/** The desk's side of the wire against a gateway at `url`, wherever it runs (in this process, a child process, a bench). */
export interface GatewayClient {
  readonly url: string;
  call: RunningGateway['call'];
  route: RunningGateway['route'];
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
  /** What a new desk presents at sign-in unless a call says otherwise (the harness's policy token). */
  readonly enrolment: EnrolmentPresentation | null;
}

export function gatewayClient(url: string, deps: GatewayClientDeps): GatewayClient {
  const call = httpCaller(url, deps.transport);
  const route = routeCaller(call);

  const attemptLogin: RunningGateway['attemptLogin'] = async (username, password, attemptOptions = {}) => {
    const device = attemptOptions.device ?? new TestDevice();
    const challenge = await route('challenge', { body: { deviceId: device.deviceId } });
    if (challenge.status !== 200) return routeResponse('login', challenge);
    const presented = attemptOptions.enrolment === undefined ? deps.enrolment : attemptOptions.enrolment;
    const proof = device.loginProof(challenge.body.nonce, username, presented === null ? {} : { enrolment: presented });
    const otp = attemptOptions.otp;
    return route('login', {
      body: { username, password, ...(otp === undefined ? {} : { otp }), device: device.info(), proof, ...(presented === null ? {} : { enrolment: presented }) },
    });
  };

  return {
    url,
    call,
    route,
    attemptLogin,
    async login(username, loginOptions = {}) {
      const account = DEMO_ACCOUNTS.find((a) => a.username === username);
      if (account === undefined) throw new Error(`no demo account ${username}`);
      const device = loginOptions.device ?? new TestDevice();
      const otp = account.mfa ? await currentTotp(await deps.totpSecret(username), deps.clock.now()) : undefined;
      const answer = await attemptLogin(username, loginOptions.password ?? account.password, { device, ...(otp === undefined ? {} : { otp }) });
      if (answer.status !== 200) throw new Error(`login ${username} failed: ${answer.status} ${answer.text}`);
      const grant = answer.body;
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

export interface GatewayOptions {
  readonly config?: GatewayConfigInput;
  readonly customers?: number;
  readonly scheduler?: Scheduler;
  /** A PostgreSQL URL the test prepared itself (another role); the folder's test database otherwise. */
  readonly database?: string;
}

export async function startGateway(options: GatewayOptions = {}): Promise<RunningGateway> {
  const clock = manualClock(Date.now());
  const { gateway, url, dir: dataDir, database, enrolmentToken } = await startSeededGateway({
    clock,
    // The suite signs the demo agents in on many desks per file; the per-account cap is attacked where a test sets it.
    // Its one demo admin creates the admins other rules need: four eyes is attacked where a test turns it on.
    gatewayConfig: {
      ...options.config,
      presence: { maxLiveDesksPerUser: 1_000, ...options.config?.presence },
      adminApprovals: { required: false, ...options.config?.adminApprovals },
    },
    customers: options.customers ?? 60,
    ...(options.scheduler === undefined ? {} : { scheduler: options.scheduler }),
    ...(options.database === undefined ? {} : { database: options.database }),
  });
  const enrolment: EnrolmentPresentation = { kind: 'policy_token', secret: enrolmentToken };
  return driving({ gateway, url, dataDir, database, logPath: join(dataDir, 'gateway.log'), clock, enrolment }, async () => {
    await gateway.close();
    await dropTestDatabase(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  });
}

/**
 * A second gateway instance beside `first`: the same database, data folder (so
 * the same secrets, as a deployment hands every instance) and clock, its own
 * port and log. Closing it leaves `first` and the data as they are; its desks
 * present the first instance's policy token (grants live in the shared database).
 * `limits` overrides the first's HTTP limits on this instance only.
 */
export async function startSecondInstance(first: RunningGateway, limits: Partial<GatewayConfig['limits']> = {}): Promise<RunningGateway> {
  const logPath = join(first.dataDir, `gateway-${Date.now().toString(36)}.log`);
  const gatewayConfig = { ...first.gateway.config, limits: { ...first.gateway.config.limits, ...limits } };
  const { gateway, url } = await startSeededGateway({ dir: first.dataDir, clock: first.clock, gatewayConfig, logDestination: logPath });
  return driving({ gateway, url, dataDir: first.dataDir, database: first.database, logPath, clock: first.clock, enrolment: first.enrolment }, () => gateway.close());
}

/** The request and sign-in helpers over one running instance. */
function driving(
  instance: Pick<RunningGateway, 'gateway' | 'url' | 'dataDir' | 'database' | 'logPath' | 'clock' | 'enrolment'>,
  close: () => Promise<void>,
): RunningGateway {
  const { gateway, url, clock, enrolment } = instance;
  const totpSecret = demoTotpSecrets(gateway);
  const client = gatewayClient(url, {
    clock,
    totpSecret,
    enrolment,
    afterTotp: () => {
      clock.advance(30_000);
    },
  });
  return {
    ...instance,
    call: client.call,
    route: client.route,
    totpSecret,
    attemptLogin: client.attemptLogin,
    login: client.login,
    close,
    [Symbol.asyncDispose]: close,
  };
}
