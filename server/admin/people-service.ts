// People administration (PCI DSS 7.2, 8.2, 8.3.5): create accounts with a
// one-time password, change roles, disable and re-enable (never delete),
// unlock, reset MFA and password. Every change and every refusal is on the
// gateway's own audit chain with the admin, the account and the typed reason;
// a change commits only together with its record (audit.commit).
import { randomUUID } from 'node:crypto';
import type { AuditEvent, AuditEventType } from '../../shared/audit.ts';
import { containsPan, panFreeId } from '../../shared/pan.ts';
import type { Role } from '../../shared/roles.ts';
import { needsSecondAdmin } from '../../shared/second-admin.ts';
import type { CreateUserRequest, ManagedUser, MfaResetGrant, OneTimePasswordGrant } from '../../shared/schemas/admin.ts';
import type { Clock } from '../config.ts';
import type { Audited, GatewayAudit, GatewayAuditInput } from '../core/audit-port.ts';
import type { PresenceService } from '../supervision/presence.ts';
import type { Principal } from '../core/principal.ts';
import { GatewayError } from '../errors.ts';
import { hashEnrolmentSecret, newEnrolmentSecret } from '../identity/enrolment-secrets.ts';
import { hashPassword } from '../identity/passwords.ts';
import type { AdminChangeOutcome, AdminRepo, ManagedAccountRecord, RecordOf } from '../storage/store.ts';
import { newOneTimePassword, ONE_TIME_PASSWORD_LIFETIME_MS } from './one-time-password.ts';

/** The `details.action` of the audit convention shared by every account change (see the access review). */
export type AccountAction = 'create' | 'roles' | 'disable' | 'enable' | 'unlock' | 'mfa_reset' | 'password_reset';
type SimpleAction = 'disable' | 'enable' | 'unlock';

/** An epoch-ms time as the admin API writes it; null stays null. */
export const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function managedUser(account: ManagedAccountRecord): ManagedUser {
  return {
    userId: account.userId,
    username: account.username,
    displayName: account.displayName,
    roles: [...account.roles],
    status: account.disabledAt === null ? 'active' : 'disabled',
    disabledReason: account.disabledAt === null ? null : (account.disabledReason ?? 'admin'),
    mfaEnrolled: account.mfaEnrolled,
    mustChangePassword: account.mustChangePassword,
    lockedUntil: iso(account.lockedUntil),
    lastSignInAt: iso(account.lastSignInAt),
    createdAt: new Date(account.createdAt).toISOString(),
  };
}

export interface PeopleService {
  list(): Promise<ManagedUser[]>;
  create(admin: Principal, request: CreateUserRequest): Promise<OneTimePasswordGrant>;
  setRoles(admin: Principal, userId: string, request: { roles: Role[]; reason: string }): Promise<ManagedUser>;
  change(admin: Principal, userId: string, action: SimpleAction, reason: string): Promise<ManagedUser>;
  resetPassword(admin: Principal, userId: string, reason: string): Promise<OneTimePasswordGrant>;
  /** Forgets the account's authenticator and issues the one-time code its person must present to enrol a new one. */
  resetMfa(admin: Principal, userId: string, reason: string): Promise<MfaResetGrant>;
}

const EVENT_OF: Record<AccountAction, AuditEventType> = {
  create: 'account.create',
  roles: 'account.role.change',
  disable: 'admin.user.change',
  enable: 'admin.user.change',
  unlock: 'admin.user.change',
  mfa_reset: 'admin.user.change',
  password_reset: 'admin.user.change',
};

type Refusal = Exclude<AdminChangeOutcome, { ok: true }>['refusal'];

const REFUSALS: Record<Refusal, () => GatewayError> = {
  not_found: () => new GatewayError('not_found', 'No such account'),
  last_admin: () => new GatewayError('conflict', 'This would leave no usable admin: give another account the admin role, and let it finish its set-up, first'),
  actor_inactive: () => new GatewayError('forbidden', 'Your own account is no longer an active admin'),
  unchanged: () => new GatewayError('conflict', 'The account is already in that state'),
  username_taken: () => new GatewayError('conflict', 'The username is taken'),
  approval_required: () => approvalRequired(),
};

/** The answer to a change only a second admin's approval makes (shared/second-admin.ts). */
const approvalRequired = (): GatewayError =>
  new GatewayError('forbidden', 'This change needs a second admin: request it (POST /v1/admin/approvals) and another admin approves it', {
    extra: { reason: 'approval_required' },
  });

type Details = (changed: { account: ManagedAccountRecord; previous: ManagedAccountRecord | null }) => AuditEvent['details'];

export function createPeopleService(deps: {
  repo: AdminRepo;
  audit: GatewayAudit;
  clock: Clock;
  presence: Pick<PresenceService, 'sessionEnded'>;
  /** Whether the changes of shared/second-admin.ts need a second admin's approval (config adminApprovals.required). */
  requireSecondAdmin: boolean;
}): PeopleService {
  const { repo, audit, clock, requireSecondAdmin } = deps;

  const input = (admin: Principal, action: AccountAction, userId: string, reason: string, outcome: { refused?: string; details?: AuditEvent['details'] } = {}): GatewayAuditInput => ({
    type: EVENT_OF[action],
    outcome: outcome.refused === undefined ? 'success' : 'failure',
    ...(outcome.refused === undefined ? {} : { reason: outcome.refused }),
    actor: admin,
    target: { kind: 'account', id: userId },
    details: { action, reason, ...outcome.details },
  });

  /** Refuses with the typed error, after putting the refusal on record. */
  const refuse = async (admin: Principal, action: AccountAction, userId: string, reason: string, code: string, error: GatewayError): Promise<never> => {
    await audit.record(input(admin, action, userId, reason, { refused: code }));
    throw error;
  };

  /**
   * Runs a store change that appends its own record (success or refusal) in its transaction: no record, no
   * change. Answers the account as changed, or the refusal's typed error.
   */
  const changed = async (
    admin: Principal,
    action: AccountAction,
    userId: string,
    reason: string,
    write: (record: RecordOf<AdminChangeOutcome>) => Promise<Audited<AdminChangeOutcome>>,
    details?: Details,
  ): Promise<ManagedAccountRecord> => {
    const outcome = await audit.commit(() =>
      write((decided) =>
        audit.prepare(
          decided.ok
            ? input(admin, action, userId, reason, details === undefined ? {} : { details: details(decided) })
            : input(admin, action, userId, reason, { refused: decided.refusal }),
        ),
      ),
    );
    if (!outcome.ok) throw REFUSALS[outcome.refusal]();
    // A change that ended sessions (disable, role or MFA change, password reset) ends their desks' watches and streams on every instance.
    for (const session of outcome.endedSessions) await deps.presence.sessionEnded(session);
    return outcome.account;
  };

  const refuseSelf = async (admin: Principal, action: AccountAction, userId: string, reason: string): Promise<void> => {
    if (admin.userId === userId) {
      await refuse(admin, action, userId, reason, 'own_account', new GatewayError('forbidden', 'Another admin must make this change to your own account'));
    }
  };

  return {
    list: async () => (await repo.listAccounts()).map(managedUser),

    async create(admin, request) {
      const username = request.username.toLowerCase();
      // A username shows in every audit event and report: it must not be a card number in disguise.
      if (containsPan(username)) throw new GatewayError('pan_in_text', 'A username must not contain a card number');
      const roles = [...new Set(request.roles)];
      const userId = panFreeId(() => `u-${randomUUID()}`);
      if (requireSecondAdmin && needsSecondAdmin(null, roles)) await refuse(admin, 'create', userId, request.reason, 'approval_required', approvalRequired());
      const oneTimePassword = newOneTimePassword();
      const now = clock.now();
      const expiresAt = now + ONE_TIME_PASSWORD_LIFETIME_MS;
      const account = {
        userId,
        username,
        displayName: request.displayName,
        roles,
        passwordHash: await hashPassword(oneTimePassword),
        passwordExpiresAt: expiresAt,
        createdAt: now,
      };
      const created = await changed(admin, 'create', userId, request.reason, (record) => repo.createAccount({ actorId: admin.userId, account }, record), () => ({
        roles: roles.join(','),
        username,
      }));
      return { user: managedUser(created), oneTimePassword, expiresAt: new Date(expiresAt).toISOString() };
    },

    async setRoles(admin, userId, request) {
      await refuseSelf(admin, 'roles', userId, request.reason);
      const roles = [...new Set(request.roles)];
      const change = { actorId: admin.userId, userId, roles, at: clock.now(), requireSecondAdmin };
      return managedUser(
        await changed(admin, 'roles', userId, request.reason, (record) => repo.setRoles(change, record), ({ previous }) => ({
          roles: roles.join(','),
          previousRoles: (previous?.roles ?? []).join(','),
        })),
      );
    },

    async change(admin, userId, action, reason) {
      // Disabling yourself is for another admin to decide.
      if (action === 'disable') await refuseSelf(admin, action, userId, reason);
      const change = { actorId: admin.userId, userId, at: clock.now() };
      const write: Record<SimpleAction, AdminRepo['disable']> = {
        disable: (c, record) => repo.disable(c, record),
        enable: (c, record) => repo.enable(c, record),
        unlock: (c, record) => repo.unlock(c, record),
      };
      return managedUser(await changed(admin, action, userId, reason, (record) => write[action](change, record)));
    },

    async resetPassword(admin, userId, reason) {
      await refuseSelf(admin, 'password_reset', userId, reason);
      const oneTimePassword = newOneTimePassword();
      const now = clock.now();
      const expiresAt = now + ONE_TIME_PASSWORD_LIFETIME_MS;
      const change = { actorId: admin.userId, userId, passwordHash: await hashPassword(oneTimePassword), expiresAt, at: now };
      const account = await changed(admin, 'password_reset', userId, reason, (record) => repo.resetPassword(change, record));
      return { user: managedUser(account), oneTimePassword, expiresAt: new Date(expiresAt).toISOString() };
    },

    async resetMfa(admin, userId, reason) {
      // Resetting your own second factor is for another admin to decide.
      await refuseSelf(admin, 'mfa_reset', userId, reason);
      // Whoever holds the password must not be able to enrol alone: the new enrolment presents this code, handed to the person.
      const enrolmentCode = newEnrolmentSecret('code');
      const now = clock.now();
      const expiresAt = now + ONE_TIME_PASSWORD_LIFETIME_MS;
      const change = { actorId: admin.userId, userId, at: now, resetHash: hashEnrolmentSecret(enrolmentCode), resetExpiresAt: expiresAt };
      const account = await changed(admin, 'mfa_reset', userId, reason, (record) => repo.resetMfa(change, record), () => ({ enrolmentCodeExpiresAt: new Date(expiresAt).toISOString() }));
      return { user: managedUser(account), enrolmentCode, expiresAt: new Date(expiresAt).toISOString() };
    },
  };
}
