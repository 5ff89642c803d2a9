// `npm run server -- [--port N] [--data DIR] [--seed-demo [--enrolment-token-file FILE]]`: the reference
// gateway on 127.0.0.1, with its SQLite store in DIR (default ./data). With the
// demo seed it also issues (as the demo admin) a policy enrolment token for the
// demo desk, printed and, when asked, written to FILE (mode 0600) for its policy.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildGateway } from './app.ts';
import { DEMO_ACCOUNTS, demoCredentials, seedDemo } from './seed/demo-seed.ts';
import { DEMO_TEST_CARDS } from './seed/demo-data.ts';

const USAGE = 'usage: npm run server -- [--port N] [--data DIR] [--seed-demo [--enrolment-token-file FILE]]';

function parseCli(argv: string[]): { port: number; dataDir: string; seedDemo: boolean; tokenFile: string | null } {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '8787' },
      data: { type: 'string', default: 'data' },
      'seed-demo': { type: 'boolean', default: false },
      'enrolment-token-file': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be 0-65535, got ${values.port}`);
  const tokenFile = values['enrolment-token-file'] ?? null;
  if (tokenFile !== null && !values['seed-demo']) throw new Error('--enrolment-token-file goes with --seed-demo');
  return { port, dataDir: resolve(values.data), seedDemo: values['seed-demo'], tokenFile: tokenFile === null ? null : resolve(tokenFile) };
}

async function main(): Promise<void> {
  const options = parseCli(process.argv.slice(2));
  const gateway = await buildGateway({ dataDir: options.dataDir, logLevel: process.env.LOG_LEVEL ?? 'info' });
  const out = (line: string): boolean => process.stdout.write(`${line}\n`);
  if (options.seedDemo) {
    const started = Date.now();
    await seedDemo(gateway.store, gateway.seal, gateway.pepper);
    out(`demo data ready: ${await gateway.store.customers.count()} customers (${Date.now() - started} ms)`);
    out('demo accounts (password / TOTP secret; `npm run otp -- SECRET` prints the current code):');
    for (const account of await demoCredentials(gateway.store, gateway.seal)) {
      out(`  ${account.username.padEnd(11)} ${account.roles.join('+').padEnd(10)} ${account.password}  ${account.totpSecret ?? '(no MFA)'}`);
    }
    const admin = DEMO_ACCOUNTS.find((a) => a.roles.includes('admin'));
    if (admin !== undefined) {
      const token = await gateway.deviceAdmin.issue(
        { userId: admin.userId, username: admin.username, roles: admin.roles },
        { kind: 'policy_token', reason: 'Demo: the managed policy of the demo desk' },
      );
      out(`demo desk enrolment (policy enrolmentToken, until ${token.expiresAt}): ${token.secret}`);
      if (options.tokenFile !== null) writeFileSync(options.tokenFile, token.secret, { mode: 0o600 });
    }
    out(`demo cards: ${DEMO_TEST_CARDS.map((c) => `${c.customerId} ends ${c.pan.slice(-4)}`).join(', ')} (standard test numbers; see README)`);
  }
  const url = await gateway.listen(options.port);
  out(`gateway listening on ${url} (data: ${options.dataDir})`);
  const stop = (): void => {
    void gateway.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`gateway: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
  process.exit(1);
});
