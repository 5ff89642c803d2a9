// Evidence for the access and authentication requirements, read from the
// accounts as stored and from the gateway's own audit records of the range:
// access reviews (7.2.4), inactive accounts (8.2.6), lockout (8.3.4), the
// password policy (8.3.6) and MFA (8.4.2).
import { PASSWORD_MIN_LENGTH } from '../../../../shared/schemas/session.ts';
import { eventsInRange } from '../../../audit/time-in-state.ts';
import { GATEWAY_DEVICE_ID } from '../../../../shared/gateway-device.ts';
import { PASSWORD_HISTORY_DEPTH, PASSWORD_MIN_AGE_MS } from '../../../identity/password-policy.ts';
import type { UserRecord } from '../../../storage/store.ts';
import { recordFiles, type EvidenceContext, type EvidenceSection } from '../evidence-section.ts';

const isoOrNever = (ms: number | null): string => (ms === null ? 'never' : new Date(ms).toISOString());
/** Every stored account, by username: the rows of the per-account records. */
const accountsByName = async (context: EvidenceContext): Promise<UserRecord[]> => (await context.store.identity.listUsers()).sort((a, b) => a.username.localeCompare(b.username));

export const accessReviews: EvidenceSection = {
  requirement: '7.2.4',
  title: 'User accounts and access privileges are reviewed',
  async produce(context) {
    const reviews = await context.store.evidence.accessReviews(Date.parse(context.from), Date.parse(context.to));
    return recordFiles(
      {
        title: '7.2.4 Access-review sign-offs in the range',
        columns: ['reviewId', 'signedOffAt', 'signedOffBy', 'accountsReviewed', 'reviewGeneratedAt', 'note'],
        rows: reviews.map((r) => [r.reviewId, isoOrNever(r.at), r.byUsername, r.accounts, isoOrNever(r.coversThrough), r.note]),
        configuration: { signOffRequires: 'a generated review, signed off by an admin other than the author of the changes it covers' },
        method: 'Read from the stored access-review sign-offs (each written with its audit record in one transaction) whose time falls in the range.',
      },
      context,
    );
  },
};

export const inactiveAccounts: EvidenceSection = {
  requirement: '8.2.6',
  title: 'Inactive user accounts are removed or disabled within 90 days',
  async produce(context) {
    const users = await accountsByName(context);
    const { events } = await eventsInRange(context.store.audit, 'admin.user.change', context);
    const disabledInRange = new Map(
      events.filter((e) => e.event.details.action === 'disabled_inactive' && e.event.target.id !== null).map((e) => [e.event.target.id ?? '', e.event.at]),
    );
    return recordFiles(
      {
        title: '8.2.6 Last sign-in of every account, and the inactivity disables',
        columns: ['userId', 'username', 'roles', 'lastSignInAt', 'createdAt', 'disabledAt', 'disabledReason', 'disabledForInactivityInRangeAt'],
        rows: users
          .map((u) => [u.userId, u.username, u.roles.join(' '), isoOrNever(u.lastSignInAt), isoOrNever(u.createdAt), isoOrNever(u.disabledAt), u.disabledReason ?? '', disabledInRange.get(u.userId) ?? '']),
        configuration: { inactivityDays: context.config.inactivityDays, sweep: 'daily; the last usable admin is kept and alerted instead' },
        method: "Accounts as stored (last sign-in per account), joined with the gateway's 'admin.user.change' records of action disabled_inactive in the range.",
      },
      context,
    );
  },
};

export const lockout: EvidenceSection = {
  requirement: '8.3.4',
  title: 'Invalid authentication attempts lock the account',
  async produce(context) {
    const byUser = new Map<string, { failures: number; lockouts: number }>();
    for (const type of ['auth.login', 'auth.reauth'] as const) {
      for (const { deviceId, event } of (await eventsInRange(context.store.audit, type, context)).events) {
        if (deviceId !== GATEWAY_DEVICE_ID || event.outcome !== 'failure') continue;
        const name = event.actor.username ?? event.actor.userId ?? '(unknown)';
        const entry = byUser.get(name) ?? { failures: 0, lockouts: 0 };
        if (event.reason === 'lockout') entry.lockouts += 1;
        else entry.failures += 1;
        byUser.set(name, entry);
      }
    }
    return recordFiles(
      {
        title: '8.3.4 Failed sign-ins and lockouts per account name in the range',
        columns: ['username', 'failedSignIns', 'lockouts'],
        rows: [...byUser.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, n]) => [name, n.failures, n.lockouts]),
        configuration: { ...context.config.lockout },
        method: "Counted from the gateway's own auth.login and auth.reauth failure records in the range; a lockout is the failure recorded with reason 'lockout'.",
      },
      context,
    );
  },
};

export const passwordPolicy: EvidenceSection = {
  requirement: '8.3.6',
  title: 'Passwords meet the minimum complexity',
  async produce(context) {
    const rows = [];
    for (const u of await accountsByName(context)) {
      rows.push([u.userId, u.username, isoOrNever(await context.store.identity.lastPasswordChangeAt(u.userId)), u.mustChangePassword ? 'yes' : 'no']);
    }
    return recordFiles(
      {
        title: '8.3.6 Password policy, and when each account last set its password',
        columns: ['userId', 'username', 'lastPasswordChangeAt', 'mustChangeAtNextSignIn'],
        rows,
        configuration: {
          minimumLength: PASSWORD_MIN_LENGTH,
          composition: 'letters and digits',
          refused: ['built on the username or display name', 'a common password (zxcvbn list, folded for lookalikes)', `one of the last ${PASSWORD_HISTORY_DEPTH}`],
          minimumAgeHours: PASSWORD_MIN_AGE_MS / 3_600_000,
          hashing: 'argon2id',
        },
        method: 'The password policy as the gateway enforces it (server/identity/password-policy.ts), and each stored account with its last self-set password time.',
      },
      context,
    );
  },
};

export const multiFactor: EvidenceSection = {
  requirement: '8.4.2',
  title: 'MFA is implemented for all access into the CDE',
  async produce(context) {
    const rows = [];
    for (const u of await accountsByName(context)) {
      const sso = await context.store.sso.isSsoOnly(u.userId);
      const mfa = u.mfaSecretSealed !== null ? 'TOTP enrolled' : sso ? 'single sign-on (provider MFA claim checked)' : u.mfaRequired ? 'must enrol at next sign-in' : 'none (demo account)';
      rows.push([u.userId, u.username, u.roles.join(' '), mfa, u.disabledAt === null ? 'enabled' : 'disabled']);
    }
    return recordFiles(
      {
        title: '8.4.2 Multi-factor authentication of every account',
        columns: ['userId', 'username', 'roles', 'multiFactor', 'status'],
        rows,
        configuration: { totp: 'RFC 6238, 30 s steps, each step used once', ssoMfaAmr: context.config.sso.providers.map((p) => ({ provider: p.id, amr: p.mfaAmr, acr: p.mfaAcr })) },
        method: 'Each stored account: whether a TOTP secret is enrolled, or it signs in only through a configured provider whose MFA claim the gateway checks.',
      },
      context,
    );
  },
};
