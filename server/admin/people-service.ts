// People administration (PCI DSS 7.2, 8.2, 8.3.5): create accounts with a
// one-time password, change roles, disable and re-enable (never delete),
// unlock, reset MFA and password. Every change and every refusal is on the
// gateway's own audit chain with the admin, the account and the typed reason.
import { randomUUID } from 'node:crypto';
import type { AuditEvent, AuditEventType } from '../../shared/audit.ts';
import { containsPan, panFreeId } from '../../shared/pan.ts';
import type { Role } from '../../shared/roles.ts';
import type { CreateUserRequest, ManagedUser, OneTimePasswordGrant } from '../../shared/schemas/admin.ts';
import type { Clock } from '../config.ts';
import type { PresenceService } from '../supervision/presence.ts';
import type { GatewayAudit } from '../core/audit-port.ts';
import type { Principal } from '../core/principal.ts';
import { GatewayError } from '../errors.ts';
import { hashPassword } from '../identity/passwords.ts';
import type { AdminChangeOutcome, AdminRepo, ManagedAccountRecord } from '../storage/store.ts';
import { newOneTimePassword, ONE_TIME_PASSWORD_LIFETIME_MS } from './one-time-password.ts';

/** The `details.action` of the audit convention shared by every account change (see the access review). */
export type AccountAction = 'create' | 'roles' | 'disable' | 'enable' | 'unlock' | 'mfa_reset' | 'password_reset';
type SimpleAction = 'disable' | 'enable' | 'unlock' | 'mfa_reset';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

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

const REFUSALS: Record<Exclude<AdminChangeOutcome, { ok: true }>['refusal'], () => GatewayError> = {
  not_found: () => new GatewayError('not_found', 'No such account'),
  last_admin: () => new GatewayError('conflict', 'This would leave no active admin: give another account the admin role first'),
  actor_inactive: () => new GatewayError('forbidden', 'Your own account is no longer an active admin'),
  unchanged: () => new GatewayError('conflict', 'The account is already in that state'),
};

export function createPeopleService(deps: { repo: AdminRepo; audit: GatewayAudit; clock: Clock; presence: Pick<PresenceService, 'sessionEnded'> }): PeopleService {
  const { repo, audit, clock } = deps;

  const record = (
    admin: Principal,
    action: AccountAction,
    userId: string,
    reason: string,
    outcome: { refused?: string; details?: AuditEvent['details'] } = {},
  ): Promise<AuditEvent> =>
    audit.record({
      type: EVENT_OF[action],
      outcome: outcome.refused === undefined ? 'success' : 'failure',
      ...(outcome.refused === undefined ? {} : { reason: outcome.refused }),
      actor: admin,
      target: { kind: 'account', id: userId },
      details: { action, reason, ...outcome.details },
    });

  /** Refuses with the typed error, after putting the refusal on record. */
  const refuse = async (admin: Principal, action: AccountAction, userId: string, reason: string, code: string, error: GatewayError): Promise<never> => {
    await record(admin, action, userId, reason, { refused: code });
    throw error;
  };

  const settle = async (admin: Principal, action: AccountAction, userId: string, reason: string, outcome: AdminChangeOutcome, details?: AuditEvent['details']) => {
    if (!outcome.ok) return refuse(admin, action, userId, reason, outcome.refusal, REFUSALS[outcome.refusal]());
    await record(admin, action, userId, reason, details === undefined ? {} : { details });
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
      const oneTimePassword = newOneTimePassword();
      const now = clock.now();
      const userId = panFreeId(() => `u-${randomUUID()}`);
      const expiresAt = now + ONE_TIME_PASSWORD_LIFETIME_MS;
      const created = await repo.createAccount({
        userId,
        username,
        displayName: request.displayName,
        roles,
        passwordHash: await hashPassword(oneTimePassword),
        passwordExpiresAt: expiresAt,
        createdAt: now,
      });
      if (!created) {
        return refuse(admin, 'create', userId, request.reason, 'username_taken', new GatewayError('conflict', `The username ${username} is taken`));
      }
      await record(admin, 'create', userId, request.reason, { details: { roles: roles.join(','), username } });
      const account = await repo.findAccount(userId);
      if (account === null) throw new GatewayError('internal', 'The new account could not be read back');
      return { user: managedUser(account), oneTimePassword, expiresAt: new Date(expiresAt).toISOString() };
    },

    async setRoles(admin, userId, request) {
      await refuseSelf(admin, 'roles', userId, request.reason);
      const roles = [...new Set(request.roles)];
      const before = await repo.findAccount(userId);
      if (before === null) return refuse(admin, 'roles', userId, request.reason, 'not_found', REFUSALS.not_found());
      const outcome = await repo.setRoles({ actorId: admin.userId, userId, roles, at: clock.now() });
      return managedUser(await settle(admin, 'roles', userId, request.reason, outcome, { roles: roles.join(','), previousRoles: before.roles.join(',') }));
    },

    async change(admin, userId, action, reason) {
      // Disabling yourself, or resetting your own second factor, is for another admin to decide.
      if (action === 'disable' || action === 'mfa_reset') await refuseSelf(admin, action, userId, reason);
      const change = { actorId: admin.userId, userId, at: clock.now() };
      const outcome =
        action === 'disable'
          ? await repo.disable(change)
          : action === 'enable'
            ? await repo.enable(change)
            : action === 'unlock'
              ? await repo.unlock(change)
              : await repo.resetMfa(change);
      return managedUser(await settle(admin, action, userId, reason, outcome));
    },

    async resetPassword(admin, userId, reason) {
      await refuseSelf(admin, 'password_reset', userId, reason);
      const oneTimePassword = newOneTimePassword();
      const now = clock.now();
      const expiresAt = now + ONE_TIME_PASSWORD_LIFETIME_MS;
      const outcome = await repo.resetPassword({ actorId: admin.userId, userId, passwordHash: await hashPassword(oneTimePassword), expiresAt, at: now });
      const account = await settle(admin, 'password_reset', userId, reason, outcome);
      return { user: managedUser(account), oneTimePassword, expiresAt: new Date(expiresAt).toISOString() };
    },
  };
}
