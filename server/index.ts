// `npm run server -- [options]` (see deploy/cli-options.ts USAGE): the
// reference gateway. With no options, the demo gateway on 127.0.0.1:8787 with
// its SQLite store and generated secrets in ./data (with --seed-demo, also a policy
// enrolment token for the demo desk, issued as the demo admin); a production start
// (another host, PostgreSQL, or --production) needs supplied secrets.
import { writeFileSync } from 'node:fs';
import { buildGateway } from './app.ts';
import { CliError, parseServerCli, USAGE } from './deploy/cli-options.ts';
import { loadGatewaySecrets } from './deploy/secrets-source.ts';
import { readSsoConfigFile } from './deploy/sso-config-file.ts';
import { readTlsFiles } from './deploy/tls-files.ts';
import { DEMO_ACCOUNTS, demoCredentials, seedDemo } from './seed/demo-seed.ts';
import { DEMO_TEST_CARDS } from './seed/demo-data.ts';

async function main(): Promise<void> {
  const options = parseServerCli(process.argv.slice(2), process.env);
  const out = (line: string): boolean => process.stdout.write(`${line}\n`);
  if (options.help) {
    out(USAGE);
    return;
  }
  const secrets = loadGatewaySecrets({ production: options.production, dataDir: options.store.dataDir, secretsDir: options.secretsDir, env: process.env });
  const gateway = await buildGateway({
    dataDir: options.store.dataDir,
    database: options.store.database,
    logLevel: process.env.LOG_LEVEL ?? 'info',
    secrets,
    trustProxy: options.trustProxy,
    ...(options.tls === null ? {} : { tls: readTlsFiles(options.tls) }),
    ...(options.ssoConfigFile === null ? {} : { config: { sso: readSsoConfigFile(options.ssoConfigFile) } }),
  });
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
      if (options.enrolmentTokenFile !== null) writeFileSync(options.enrolmentTokenFile, token.secret, { mode: 0o600 });
    }
    out(`demo cards: ${DEMO_TEST_CARDS.map((c) => `${c.customerId} ends ${c.pan.slice(-4)}`).join(', ')} (standard test numbers; see docs/operations.md)`);
  }
  const url = await gateway.listen(options.port, options.host);
  out(`gateway listening on ${url} (store: ${options.store.label})`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    out(`${signal}: draining`);
    gateway.close().then(
      () => {
        out('gateway stopped');
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`gateway: shutdown failed: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`gateway: ${message}\n${error instanceof CliError ? `${USAGE}\n` : ''}`);
  process.exit(1);
});
