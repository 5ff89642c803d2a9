// The child process behind a FleetInstance: one gateway on 127.0.0.1 with its
// own manual clock, which the bench moves by message. In its own process the
// gateway gets an event loop the desks' load generator (signing, hashing,
// JSON) does not share, so the bench times the gateway, not itself.
import { join } from 'node:path';
import { pino } from 'pino';
import { buildGateway } from '../../server/app.ts';
import { seedDemo } from '../../server/seed/demo-seed.ts';
import { manualClock } from '../../test/harness/clock/clock.ts';
import { demoTotpSecrets, issueHarnessEnrolmentToken } from '../../test/harness/gateway/gateway.ts';
import type { FromGateway, GatewayStart, ToGateway } from './gateway-messages.ts';

const send = (message: FromGateway): void => {
  process.send?.(message);
};

async function start(options: GatewayStart): Promise<void> {
  const clock = manualClock(options.now);
  const gateway = await buildGateway({
    dataDir: options.dataDir,
    database: options.database,
    clock,
    config: options.config,
    logLevel: 'warn',
    logDestination: pino.destination({ dest: join(options.dataDir, `${options.name}.log`), sync: false, append: true }),
  });
  // Seeding skips accounts and customers that exist, so the second instance on one database adds nothing.
  await seedDemo(gateway.store, gateway.seal, gateway.pepper, options.customers);
  const enrolment = await issueHarnessEnrolmentToken(gateway, clock.now());
  const url = await gateway.listen(0);
  const totp = demoTotpSecrets(gateway);
  const totpSecrets = Object.fromEntries(await Promise.all(options.totpUsers.map(async (username) => [username, await totp(username)] as const)));
  process.on('message', (message: ToGateway) => {
    if (message.kind === 'clock') {
      clock.set(message.now);
      send({ kind: 'clock-set', now: message.now });
      return;
    }
    if (message.kind === 'usage') {
      const { user, system } = process.cpuUsage();
      send({ kind: 'usage', cpuMs: (user + system) / 1000, wallMs: performance.now() });
      return;
    }
    process.disconnect();
  });
  // Asked to close, or its bench died: the gateway closes and the process exits, writing a --cpu-prof profile.
  process.once('disconnect', () => {
    void gateway.close();
  });
  send({ kind: 'ready', url, enrolment, totpSecrets });
}

process.once('message', (message: GatewayStart) => {
  start(message).catch((error: unknown) => {
    send({ kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.exitCode = 1;
    process.disconnect();
  });
});
