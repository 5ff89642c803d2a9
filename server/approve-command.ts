// `npm run admin -- approve APPROVAL_ID --reason TEXT [--data DIR] [--database postgres://...]`: the host as the
// second person, for a new store whose first admin asks for a second admin and has nobody to approve it. Only a
// request to create an account, and only while no usable admin could approve it in the app; the account is created
// with its record, and its one-time password is printed once.
import { createAdminApprovals } from './admin/approval-service.ts';
import { GatewayConfigSchema, systemClock } from './config.ts';
import { CLI_ACTOR } from './service-account-commands.ts';
import { openToolServices, type ReportError } from './services.ts';

export async function approveFromHost(args: { approvalId: string; reason: string; dataDir: string; database: string | undefined; reportError: ReportError }): Promise<string> {
  const { store, audit, close } = await openToolServices({ dataDir: args.dataDir, database: args.database, reportError: args.reportError });
  try {
    const approvals = createAdminApprovals({
      repo: store.approvals,
      people: store.admin,
      audit,
      clock: systemClock,
      // The host approves only new accounts, which have no sessions to end.
      presence: { sessionEnded: () => Promise.resolve() },
      // Requests are made in the app, never here: the default window is never used.
      hours: GatewayConfigSchema.parse({}).adminApprovals.hours,
    });
    const approved = await approvals.approveFromHost(CLI_ACTOR, args.approvalId, args.reason);
    return [
      `approved: ${approved.user.username} (${approved.user.userId}) with roles ${approved.user.roles.join(',')}, asked for by ${approved.approval.requestedBy}`,
      `one-time password (shown once, valid until ${approved.expiresAt ?? ''}): ${approved.oneTimePassword ?? ''}`,
      'the first sign-in must change the password and enrol MFA',
    ].join('\n');
  } finally {
    await close();
  }
}
