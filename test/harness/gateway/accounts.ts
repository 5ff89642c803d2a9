// Accounts written straight through the store's IdentityRepo, for tests that
// need one the demo seed does not have (a first sign-in, a stale account).
import type { AuditEvent, AuditEventType } from '../../../shared/audit.ts';
import type { Gateway } from '../../../server/app.ts';
import { mfaSecretContext } from '../../../server/identity/auth-service.ts';
import { hashPassword } from '../../../server/identity/passwords.ts';
import type { UserRecord } from '../../../server/storage/store.ts';

export type AccountFields = Pick<UserRecord, 'userId' | 'username' | 'createdAt'> & Partial<UserRecord>;

/** A set-up account (no one-time password, no MFA required) unless the fields say otherwise. */
export function accountRecord(fields: AccountFields): UserRecord {
  return {
    displayName: fields.username,
    roles: ['agent'],
    passwordHash: '',
    mfaSecretSealed: null,
    failedAttempts: 0,
    lockedUntil: null,
    lastTotpStep: null,
    disabledAt: null,
    disabledReason: null,
    mustChangePassword: false,
    passwordExpiresAt: null,
    lastSignInAt: null,
    enabledAt: null,
    mfaPendingSealed: null,
    mfaPendingExpiresAt: null,
    mfaResetHash: null,
    mfaResetExpiresAt: null,
    mfaRequired: false,
    ...fields,
  };
}

/** Creates an account with this password (hashed), optionally with a TOTP secret sealed as the gateway seals it. */
export async function createAccount(
  gateway: Gateway,
  fields: AccountFields & { password: string; totpSecret?: string },
): Promise<UserRecord> {
  const { password, totpSecret, ...rest } = fields;
  const record = accountRecord({
    ...rest,
    passwordHash: await hashPassword(password),
    ...(totpSecret === undefined ? {} : { mfaSecretSealed: gateway.seal.seal(totpSecret, mfaSecretContext(fields.userId)) }),
  });
  await gateway.store.identity.createUser(record);
  return record;
}

/** A new person's account as an admin creates it: a one-time password that must be changed, and MFA still to enrol. */
export function createNewcomer(
  gateway: Gateway,
  fields: { userId: string; username: string; displayName?: string; oneTimePassword: string; now: number; expiresInMs?: number },
): Promise<UserRecord> {
  return createAccount(gateway, {
    userId: fields.userId,
    username: fields.username,
    displayName: fields.displayName ?? fields.username,
    password: fields.oneTimePassword,
    createdAt: fields.now,
    mustChangePassword: true,
    passwordExpiresAt: fields.now + (fields.expiresInMs ?? 72 * 3_600_000),
    mfaRequired: true,
  });
}

/** The gateway's own audit events of one type about one account, oldest first. */
export async function accountEvents(gateway: Gateway, type: AuditEventType, userId: string): Promise<AuditEvent[]> {
  const { events } = await gateway.store.audit.search({ type, limit: 500 });
  return events
    .map((stored) => stored.event)
    .filter((event) => event.target.id === userId || event.actor.userId === userId)
    .reverse();
}
