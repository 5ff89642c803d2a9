// `npm run admin -- create-admin USERNAME [--data DIR] [--database postgres://...] [--display-name NAME]`:
// the first admin of a new store (the SQLite file in DIR, or the PostgreSQL database that
// --database or SENTINEL_DATABASE_URL names), with a one-time password printed once.
// Every later account is created in the app; with any account present this refuses (exit 2).
// Also `break-glass` (break-glass-command.ts), `approve` (approve-command.ts), `create-service-account` and
// `revoke-service-account` (service-account-commands.ts).
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SYSTEM_ACTOR } from '../shared/audit.ts';
import { containsPan, panFreeId } from '../shared/pan.ts';
import { DisplayNameSchema, UsernameSchema } from '../shared/schemas/session.ts';
import { describeIssues } from '../shared/errors.ts';
import { newOneTimePassword, ONE_TIME_PASSWORD_LIFETIME_MS } from './admin/one-time-password.ts';
import { systemClock } from './config.ts';
import { hashEnrolmentSecret, newEnrolmentSecret } from './identity/enrolment-secrets.ts';
import { hashPassword } from './identity/passwords.ts';
import { GatewayError } from './errors.ts';
import { openToolServices, type ReportError } from './services.ts';
import { serviceAccountCommand } from './service-account-commands.ts';
import { breakGlass } from './break-glass-command.ts';
import { approveFromHost } from './approve-command.ts';
import { AdminReasonSchema } from '../shared/schemas/admin.ts';
import { ApprovalIdSchema } from '../shared/schemas/admin-approvals.ts';

const FIRST_DESK_REASON = "the first admin's desk, issued by npm run admin -- create-admin";
const USAGE = [
  'usage: npm run admin -- create-admin USERNAME [--data DIR] [--database postgres://...] [--display-name NAME]',
  '       npm run admin -- break-glass USERNAME --reason TEXT [--data DIR] [--database postgres://...]',
  '       npm run admin -- approve APPROVAL_ID --reason TEXT [--data DIR] [--database postgres://...]',
  '       npm run admin -- create-service-account SOURCE --types customer,order,... (or scim, for an identity provider) --reason TEXT [--webhook-mappings FILE.json]',
  '                        [--platform sentinel|amazon-connect|twilio-taskrouter --agents FILE.json (with --types contact_event)',
  '                         [--callback-url URL --auth-token-file FILE (Twilio)]]',
  '                        [--data DIR] [--database ...] [--secrets-dir DIR] [--production]',
  '       npm run admin -- revoke-service-account ACCOUNT_ID --reason TEXT [--data DIR] [--database ...] [--secrets-dir DIR] [--production]',
].join('\n');
const EXIT_USAGE = 1;
const EXIT_REFUSED = 2;

function fail(code: number, message: string): never {
  process.stderr.write(`admin: ${message}\n${code === EXIT_USAGE ? `${USAGE}\n` : ''}`);
  process.exit(code);
}

async function createAdmin(args: { username: string; displayName: string; dataDir: string; database: string | undefined }): Promise<void> {
  // Its records reach the live feed like any gateway's, so a running gateway's supervisors see them.
  const { store, audit, close } = await openToolServices({ dataDir: args.dataDir, database: args.database, reportError });
  const where = args.database === undefined ? args.dataDir : 'the database';
  try {
    const clock = systemClock;
    const now = clock.now();
    const oneTimePassword = newOneTimePassword();
    const userId = panFreeId(() => `u-${randomUUID()}`);
    const expiresAt = now + ONE_TIME_PASSWORD_LIFETIME_MS;
    const enrolmentCode = newEnrolmentSecret('code');
    const grantId = panFreeId(randomUUID);
    const account = {
      userId,
      username: args.username,
      displayName: args.displayName,
      roles: ['admin'] as const,
      passwordHash: await hashPassword(oneTimePassword),
      passwordExpiresAt: expiresAt,
      createdAt: now,
    };
    // No desk is enrolled yet and no admin can approve one: the first admin's desk gets a code with the password.
    const grant = {
      grantId,
      kind: 'code' as const,
      secretHash: hashEnrolmentSecret(enrolmentCode),
      reason: FIRST_DESK_REASON,
      issuedBy: userId,
      issuedAt: now,
      expiresAt,
      usedAt: null,
      usedByDevice: null,
      // Only the first admin's own sign-in enrols with it.
      forUserId: userId,
    };
    // The account, its desk's grant and both records commit together, or none of them does.
    const created = await audit.commit(() =>
      store.admin.createFirstAdmin({ account, grant }, () => [
        audit.prepare({
          type: 'account.create',
          outcome: 'success',
          actor: SYSTEM_ACTOR,
          target: { kind: 'account', id: userId },
          details: { action: 'create', reason: 'first admin created with npm run admin -- create-admin', roles: 'admin', username: args.username },
        }),
        audit.prepare({
          type: 'device.enroll',
          outcome: 'success',
          actor: SYSTEM_ACTOR,
          target: { kind: 'device', id: null },
          details: { action: 'enrolment_issue', kind: 'code', grantId, expiresAt: new Date(expiresAt).toISOString(), reason: FIRST_DESK_REASON },
        }),
      ]),
    );
    if (!created) {
      fail(EXIT_REFUSED, `${where} already has accounts: create further accounts in the app (Administration > People)`);
    }
    process.stdout.write(
      [
        `created admin ${args.username} (${userId}) in ${where}`,
        `one-time password (shown once, valid until ${new Date(expiresAt).toISOString()}): ${oneTimePassword}`,
        `enrolment code for the admin's first desk (shown once, single use, same validity): ${enrolmentCode}`,
        'the first sign-in must change the password and enrol MFA',
        '',
      ].join('\n'),
    );
  } finally {
    await close();
  }
}

const reportError: ReportError = (what, error) => {
  process.stderr.write(`admin: ${what}: ${error instanceof Error ? error.message : String(error)}\n`);
};

/** Runs a command and prints what it answers; a typed refusal is exit 2 with its message. */
async function printRefusable(run: () => Promise<string>): Promise<void> {
  try {
    process.stdout.write(`${await run()}\n`);
  } catch (error) {
    if (error instanceof GatewayError) fail(EXIT_REFUSED, error.message);
    throw error;
  }
}

/** A username from the command line, lower-cased; refused (exit 1) when malformed or when it holds a card number. */
function usernameOf(name: string): string {
  const username = UsernameSchema.safeParse(name);
  if (!username.success) fail(EXIT_USAGE, `username: ${describeIssues(username.error)}`);
  // A username shows in every audit event and report; the audit trail refuses a card number, so refuse it here first.
  if (containsPan(username.data)) fail(EXIT_USAGE, 'username: pan_in_text: a username must not contain a card number');
  return username.data.toLowerCase();
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: process.argv.slice(2),
      allowPositionals: true,
      options: {
        data: { type: 'string', default: 'data' },
        database: { type: 'string' },
        'display-name': { type: 'string' },
        types: { type: 'string' },
        reason: { type: 'string' },
        'webhook-mappings': { type: 'string' },
        platform: { type: 'string' },
        agents: { type: 'string' },
        'callback-url': { type: 'string' },
        'auth-token-file': { type: 'string' },
        'secrets-dir': { type: 'string' },
        production: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    });
  } catch (error) {
    fail(EXIT_USAGE, error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const [command, name, ...rest] = positionals;
  if ((command === 'create-service-account' || command === 'revoke-service-account') && name !== undefined && rest.length === 0) {
    const parsedCommand = serviceAccountCommand(command, name, values);
    if ('error' in parsedCommand) fail(EXIT_USAGE, parsedCommand.error);
    await printRefusable(() =>
      parsedCommand.run({
        dataDir: resolve(values.data),
        database: values.database ?? process.env.SENTINEL_DATABASE_URL,
        secretsDir: values['secrets-dir'] === undefined ? null : resolve(values['secrets-dir']),
        production: values.production,
        reportError,
      }),
    );
    return;
  }
  if (command === 'break-glass' && name !== undefined && rest.length === 0) {
    const username = usernameOf(name);
    const reason = AdminReasonSchema.safeParse(values.reason);
    if (!reason.success) fail(EXIT_USAGE, `--reason: ${describeIssues(reason.error)}`);
    await printRefusable(() =>
      breakGlass({ username, reason: reason.data, dataDir: resolve(values.data), database: values.database ?? process.env.SENTINEL_DATABASE_URL, reportError }),
    );
    return;
  }
  if (command === 'approve' && name !== undefined && rest.length === 0) {
    const approvalId = ApprovalIdSchema.safeParse(name);
    if (!approvalId.success) fail(EXIT_USAGE, describeIssues(approvalId.error));
    const reason = AdminReasonSchema.safeParse(values.reason);
    if (!reason.success) fail(EXIT_USAGE, `--reason: ${describeIssues(reason.error)}`);
    await printRefusable(() =>
      approveFromHost({ approvalId: approvalId.data, reason: reason.data, dataDir: resolve(values.data), database: values.database ?? process.env.SENTINEL_DATABASE_URL, reportError }),
    );
    return;
  }
  if (command !== 'create-admin' || name === undefined || rest.length > 0) fail(EXIT_USAGE, 'expected: create-admin USERNAME');
  const username = usernameOf(name);
  const displayName = DisplayNameSchema.safeParse(values['display-name'] ?? username);
  if (!displayName.success) fail(EXIT_USAGE, `display name: ${describeIssues(displayName.error)}`);
  await createAdmin({ username, displayName: displayName.data, dataDir: resolve(values.data),
    database: values.database ?? process.env.SENTINEL_DATABASE_URL,
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`admin: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(EXIT_USAGE);
});
