// `npm run admin -- break-glass USERNAME --reason TEXT [--data DIR] [--database postgres://...]`: the way back in
// when no usable admin is left (every admin disabled, locked or never set up). Only then, the named admin account is
// enabled and unlocked with a new one-time password printed once, and must choose a password and enrol MFA again at
// its next sign-in. The change and its record commit together; a critical alert tells every admin it was used.
import { newOneTimePassword, ONE_TIME_PASSWORD_LIFETIME_MS } from './admin/one-time-password.ts';
import { systemClock } from './config.ts';
import { GatewayError } from './errors.ts';
import { hashPassword } from './identity/passwords.ts';
import { CLI_ACTOR } from './service-account-commands.ts';
import { openToolServices, type ReportError } from './services.ts';

export async function breakGlass(args: { username: string; reason: string; dataDir: string; database: string | undefined; reportError: ReportError }): Promise<string> {
  const { store, audit, alerts, close } = await openToolServices({ dataDir: args.dataDir, database: args.database, reportError: args.reportError });
  try {
    const now = systemClock.now();
    const oneTimePassword = newOneTimePassword();
    const expiresAt = now + ONE_TIME_PASSWORD_LIFETIME_MS;
    const passwordHash = await hashPassword(oneTimePassword);
    const outcome = await audit.commit(() =>
      store.admin.breakGlass({ username: args.username, passwordHash, expiresAt, at: now }, (decided) =>
        audit.prepare({
          type: 'admin.user.change',
          outcome: decided.ok ? 'success' : 'failure',
          ...(decided.ok ? {} : { reason: decided.refusal }),
          actor: CLI_ACTOR,
          target: { kind: 'account', id: decided.ok ? decided.account.userId : null },
          details: { action: 'break_glass', reason: args.reason, username: args.username },
        }),
      ),
    );
    if (!outcome.ok) {
      throw new GatewayError(
        'conflict',
        outcome.refusal === 'usable_admin_exists'
          ? 'A usable admin exists: break-glass is only for a store nobody can administer. Ask that admin, in the app'
          : `${args.username} is not an admin account of this store`,
      );
    }
    await alerts.raise({
      kind: 'last_admin_inactive',
      severity: 'critical',
      userId: outcome.account.userId,
      deviceId: null,
      message: `Break-glass: ${outcome.account.username} was re-enabled from the host with a new one-time password (${args.reason})`,
    });
    return [
      `break-glass: ${outcome.account.username} (${outcome.account.userId}) is enabled and unlocked`,
      `one-time password (shown once, valid until ${new Date(expiresAt).toISOString()}): ${oneTimePassword}`,
      'the next sign-in must change the password and enrol MFA again',
    ].join('\n');
  } finally {
    await close();
  }
}
