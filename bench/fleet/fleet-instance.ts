// One gateway instance for the fleet benchmark, built in-process on 127.0.0.1
// over a data folder (the secrets every instance of a deployment shares) and an
// optional PostgreSQL URL, with the request and sign-in helpers desks use.
import { join } from 'node:path';
import { pino } from 'pino';
import { buildGateway, type Gateway } from '../../server/app.ts';
import type { GatewayConfigInput } from '../../server/config.ts';
import { seedDemo } from '../../server/seed/demo-seed.ts';
import type { ManualClock } from '../../test/harness/clock/clock.ts';
import { demoTotpSecrets, gatewayClient, issueHarnessEnrolmentToken, type GatewayClient } from '../../test/harness/gateway/gateway.ts';
import type { EnrolmentPresentation } from '../../shared/schemas/admin.ts';

export interface FleetInstance extends Pick<GatewayClient, 'call' | 'route' | 'login'> {
  readonly name: string;
  readonly url: string;
  readonly gateway: Gateway;
  /** The policy token this instance's desks present, as a managed build carries it. */
  readonly enrolment: EnrolmentPresentation;
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
  // A desk signs in as the harness's desks do: device-key proof, this instance's policy token, the one-time code for MFA accounts.
  const client = gatewayClient(url, {
    clock: options.clock,
    totpSecret: demoTotpSecrets(gateway),
    enrolment,
    afterTotp: () => {
      options.clock.advance(30_000);
    },
  });
  return {
    name: options.name,
    url,
    gateway,
    enrolment,
    call: client.call,
    route: client.route,
    login: client.login,
    close: () => gateway.close(),
  };
}
