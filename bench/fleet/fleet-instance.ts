// One gateway instance for the fleet benchmark, built in-process on 127.0.0.1
// over a data folder (the secrets every instance of a deployment shares) and an
// optional PostgreSQL URL, with the request and sign-in helpers desks use.
import { join } from 'node:path';
import { pino } from 'pino';
import { buildGateway, type Gateway } from '../../server/app.ts';
import type { GatewayConfigInput } from '../../server/config.ts';
import { currentTotp } from '../../server/identity/totp.ts';
import { DEMO_ACCOUNTS, demoCredentials, seedDemo } from '../../server/seed/demo-seed.ts';
import type { ManualClock } from '../../test/support/clock.ts';
import type { TestDevice } from '../../test/support/device.ts';
import { issueHarnessEnrolmentToken } from '../../test/support/gateway.ts';
import type { EnrolmentPresentation } from '../../shared/schemas/admin.ts';

export interface FleetInstance {
  readonly name: string;
  readonly url: string;
  readonly gateway: Gateway;
  /** The policy token this instance's desks present, as a managed build carries it. */
  readonly enrolment: EnrolmentPresentation;
  call(method: string, path: string, options?: { token?: string; body?: unknown }): Promise<{ status: number; json: Record<string, unknown>; text: string }>;
  close(): Promise<void>;
}

export async function startFleetInstance(options: { name: string; dataDir: string; database: string | undefined; clock: ManualClock; config: GatewayConfigInput; customers: number }): Promise<FleetInstance> {
  const gateway = await buildGateway({
    dataDir: options.dataDir,
    database: options.database,
    clock: options.clock,
    config: options.config,
    logLevel: 'warn',
    logDestination: pino.destination({ dest: join(options.dataDir, `${options.name}.log`), sync: false, append: true }),
  });
  // Seeding skips accounts and customers that exist, so the second instance on one database adds nothing.
  await seedDemo(gateway.store, gateway.seal, gateway.pepper, options.customers);
  const enrolment = await issueHarnessEnrolmentToken(gateway, options.clock.now());
  const url = await gateway.listen(0);
  if (!url.startsWith('http://127.0.0.1:')) throw new Error(`gateway must listen on loopback, got ${url}`);
  return {
    name: options.name,
    url,
    gateway,
    enrolment,
    async call(method, path, callOptions = {}) {
      const headers: Record<string, string> = {};
      if (callOptions.token !== undefined) headers.authorization = `Bearer ${callOptions.token}`;
      if (callOptions.body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(`${url}${path}`, { method, headers, ...(callOptions.body === undefined ? {} : { body: JSON.stringify(callOptions.body) }) });
      const text = await response.text();
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(text) as Record<string, unknown>;
      } catch {
        // Non-JSON answers are read through `text`.
      }
      return { status: response.status, json, text };
    },
    close: () => gateway.close(),
  };
}

/** The one place a benchmark desk signs in: challenge, device-key proof, policy enrolment token, password, one-time code for MFA accounts. */
export async function signIn(instance: FleetInstance, clock: ManualClock, username: string, device: TestDevice): Promise<string> {
  const account = DEMO_ACCOUNTS.find((a) => a.username === username);
  if (account === undefined) throw new Error(`no demo account ${username}`);
  let otp: string | undefined;
  if (account.mfa) {
    const secret = (await demoCredentials(instance.gateway.store, instance.gateway.seal)).find((a) => a.username === username)?.totpSecret;
    if (secret == null) throw new Error(`${username} has no TOTP secret`);
    otp = await currentTotp(secret, clock.now());
  }
  const challenge = await instance.call('POST', '/v1/auth/challenge', { body: { deviceId: device.deviceId } });
  if (challenge.status !== 200) throw new Error(`challenge ${challenge.status} ${challenge.text}`);
  const { enrolment } = instance;
  const proof = device.loginProof(String(challenge.json.nonce), username, { enrolment });
  const answer = await instance.call('POST', '/v1/auth/login', {
    body: { username, password: account.password, ...(otp === undefined ? {} : { otp }), device: device.info(), proof, enrolment },
  });
  if (answer.status !== 200) throw new Error(`sign-in ${username} failed: ${answer.status} ${answer.text}`);
  // The TOTP step is spent; the next MFA sign-in needs the next one.
  if (account.mfa) clock.advance(30_000);
  return (answer.json.tokens as { accessToken: string }).accessToken;
}
