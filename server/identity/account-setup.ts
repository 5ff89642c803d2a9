// The account-setup routes a first sign-in goes through (PCI DSS 8.3.5, 8.4.2):
// replace the one-time password, then enrol a TOTP secret. Each step checks
// the stored account (not the token) for what is still owed, changes it with
// one compare-and-set, is audited, and answers with fresh tokens for the same
// session, so the desk's next token shows what is left. A password change ends
// every other session of the account: one opened with the old password, by
// whoever else knew it, does not outlive it. After an admin's MFA reset, the new
// enrolment must present the one-time code the reset issued (and handed to the
// person), so the password alone does not let anyone enrol an authenticator.
// An account set up (its password chosen, its authenticator enrolled) on a desk
// its creating admin signed in on raises an alert: the admin may be setting up
// an account for himself (PCI DSS 7.2, separation of duties).
import { z } from 'zod';
import type { SessionGrant } from '../../shared/api.ts';
import { containsPan } from '../../shared/pan.ts';
import type { ChangePasswordRequest, MfaEnrolment } from '../../shared/schemas/session.ts';
import type { Clock } from '../config.ts';
import type { GatewayAudit } from '../core/audit-port.ts';
import type { Principal } from '../core/principal.ts';
import { GatewayError } from '../errors.ts';
import type { AdminRepo, AuditRepo, IdentityRepo, UserRecord } from '../storage/store.ts';
import type { AlertService } from '../core/alert-port.ts';
import type { PresenceService } from '../supervision/presence.ts';
import { mfaSecretContext, type AttemptSource, type AuthService } from './auth-service.ts';
import { hashEnrolmentSecret } from './enrolment-secrets.ts';
import { hashPassword } from './passwords.ts';
import { checkNewPassword, PASSWORD_HISTORY_DEPTH, PasswordRejection } from './password-policy.ts';
import type { SecretBox } from './secret-box.ts';
import { checkTotp, newTotpSecret } from './totp.ts';

export const MFA_OFFER_MINUTES = 10;
const ISSUER = 'Sentinel Desk';
const OfferedSecretSchema = z.string().regex(/^[A-Z2-7]+=*$/);

export interface AccountSetup {
  changePassword(principal: Principal, request: ChangePasswordRequest, source: AttemptSource): Promise<SessionGrant>;
  startMfa(principal: Principal, resetCode?: string): Promise<MfaEnrolment>;
  confirmMfa(principal: Principal, code: string): Promise<SessionGrant>;
}

/** The URI an authenticator app reads from the QR code (Key Uri Format). */
export function otpauthUri(username: string, secret: string): string {
  const issuer = encodeURIComponent(ISSUER);
  return `otpauth://totp/${issuer}:${encodeURIComponent(username)}?secret=${secret}&issuer=${issuer}&algorithm=SHA1&digits=6&period=30`;
}

export function createAccountSetup(deps: {
  identity: IdentityRepo;
  auth: AuthService;
  seal: SecretBox;
  clock: Clock;
  audit: GatewayAudit;
  /** To close the streams of the sessions a password change ends, and show their desks offline. */
  presence: Pick<PresenceService, 'sessionEnded'>;
  /** Who created an account, and where they signed in: a set-up on the creator's desk is alerted. */
  creators: Pick<AdminRepo, 'creatorOf'>;
  trail: Pick<AuditRepo, 'signedInOn'>;
  alerts: AlertService;
}): AccountSetup {
  const { identity, clock, audit } = deps;

  /** Alerts when this set-up step happens on a desk the account's creator signed in on. */
  const checkSetupDesk = async (user: UserRecord, principal: Principal, step: 'password_change' | 'mfa_enrol'): Promise<void> => {
    const creator = await deps.creators.creatorOf(user.userId);
    if (creator === null || creator === user.userId) return;
    if (!(await deps.trail.signedInOn(creator, principal.deviceId, new Date(clock.now()).toISOString()))) return;
    await deps.alerts.raise({
      kind: 'account_setup_on_creator_desk',
      severity: 'critical',
      userId: user.userId,
      deviceId: principal.deviceId,
      message: `${user.username} was set up (${step === 'password_change' ? 'password chosen' : 'authenticator enrolled'}) on desk ${principal.deviceId}, where the admin who created it has signed in`,
    });
  };
  const actorOf = (user: UserRecord) => ({ userId: user.userId, username: user.username, roles: user.roles });

  const currentUser = async (principal: Principal): Promise<UserRecord> => {
    const user = await identity.findUserById(principal.userId);
    if (user?.disabledAt !== null) throw new GatewayError('unauthenticated', 'The session has ended; sign in again');
    return user;
  };

  const recordCredentialChange = (
    user: UserRecord,
    action: 'password_change' | 'mfa_enrol' | 'mfa_start',
    outcome: 'success' | 'failure',
    reason?: string,
    more: Record<string, number> = {},
  ) =>
    audit.record({
      type: 'auth.credential.change',
      outcome,
      ...(reason === undefined ? {} : { reason }),
      actor: actorOf(user),
      target: { kind: 'account', id: user.userId },
      details: { action, ...more },
    });

  /** A TOTP secret whose URI holds no digit run a PAN scan would take for a card (it would be masked on the way out). */
  const newOfferableSecret = (username: string): { secret: string; uri: string } => {
    for (;;) {
      const secret = newTotpSecret();
      const uri = otpauthUri(username, secret);
      if (!containsPan(uri)) return { secret, uri };
    }
  };

  return {
    async changePassword(principal, request, source) {
      // Checked like a sign-in: counted, locked out after too many, audited.
      const user = await deps.auth.confirmPassword(principal, request.currentPassword, source);
      try {
        await checkNewPassword({
          password: request.newPassword,
          username: user.username,
          displayName: user.displayName,
          recentHashes: [user.passwordHash, ...(await identity.passwordHistory(user.userId, PASSWORD_HISTORY_DEPTH))],
          lastChangedAt: user.mustChangePassword ? null : await identity.lastPasswordChangeAt(user.userId),
          now: clock.now(),
        });
      } catch (error) {
        if (error instanceof PasswordRejection) await recordCredentialChange(user, 'password_change', 'failure', `password_${error.rule}`);
        throw error;
      }
      const newHash = await hashPassword(request.newPassword);
      const ended = await identity.changePassword({ userId: user.userId, currentHash: user.passwordHash, newHash, at: clock.now(), keepFamilyId: principal.familyId });
      if (ended === null) {
        await recordCredentialChange(user, 'password_change', 'failure', 'concurrent_change');
        throw new GatewayError('conflict', 'The password was changed by another request meanwhile; sign in again with the new one');
      }
      // The store revoked them already; this closes their open streams and shows their desks offline now.
      for (const session of ended) await deps.presence.sessionEnded(session);
      await recordCredentialChange(user, 'password_change', 'success', undefined, { otherSessionsEnded: ended.length });
      if (user.mustChangePassword) await checkSetupDesk(user, principal, 'password_change');
      return deps.auth.reissue(principal);
    },

    async startMfa(principal, resetCode) {
      const user = await currentUser(principal);
      if (user.mustChangePassword) throw new GatewayError('setup_required', 'Change the one-time password first, then enrol MFA');
      if (user.mfaSecretSealed !== null) throw new GatewayError('conflict', 'MFA is already enrolled for this account; an admin can reset it');
      const now = clock.now();
      const resetHash = resetCode === undefined ? null : hashEnrolmentSecret(resetCode);
      if (user.mfaResetHash !== null) {
        if (resetCode === undefined) throw new GatewayError('enrolment_required', 'An admin reset this account’s MFA: enter the enrolment code they gave you');
        if (resetHash !== user.mfaResetHash) {
          await recordCredentialChange(user, 'mfa_start', 'failure', 'invalid_reset_code');
          throw new GatewayError('invalid_credentials', 'That is not the enrolment code of this MFA reset');
        }
        if ((user.mfaResetExpiresAt ?? 0) <= now) {
          await recordCredentialChange(user, 'mfa_start', 'failure', 'reset_code_expired');
          throw new GatewayError('enrolment_required', 'The enrolment code of this MFA reset has run out: ask an admin to reset MFA again');
        }
      }
      const { secret, uri } = newOfferableSecret(user.username);
      const expiresAt = now + MFA_OFFER_MINUTES * 60_000;
      if (!(await identity.offerMfaSecret(user.userId, deps.seal.seal(secret, mfaSecretContext(user.userId)), expiresAt, { hash: resetHash, now }))) {
        throw new GatewayError('conflict', 'MFA enrolment cannot start for this account now; sign in again');
      }
      return { otpauthUri: uri, expiresAt: new Date(expiresAt).toISOString() };
    },

    async confirmMfa(principal, code) {
      const user = await currentUser(principal);
      if (user.mustChangePassword) throw new GatewayError('setup_required', 'Change the one-time password first, then enrol MFA');
      if (user.mfaSecretSealed !== null) throw new GatewayError('conflict', 'MFA is already enrolled for this account');
      const sealed = user.mfaPendingSealed;
      if (sealed === null || (user.mfaPendingExpiresAt ?? 0) <= clock.now()) {
        throw new GatewayError('conflict', `No MFA enrolment is waiting (an offer lasts ${MFA_OFFER_MINUTES} minutes); start again`);
      }
      const secret = OfferedSecretSchema.parse(deps.seal.open(sealed, mfaSecretContext(user.userId)));
      const check = await checkTotp(secret, code, clock.now(), user.lastTotpStep);
      // A code is spent once, as at sign-in: two parallel confirmations of one code cannot both pass.
      const accepted = check.valid && (await identity.consumeTotpStep(user.userId, check.timeStep));
      if (!accepted) {
        await recordCredentialChange(user, 'mfa_enrol', 'failure', check.valid ? 'otp_replay' : 'invalid_otp');
        throw new GatewayError('invalid_credentials', 'That code does not match the new secret (or was already used); try the next one');
      }
      if (!(await identity.enrolOfferedMfaSecret(user.userId, sealed, clock.now()))) {
        await recordCredentialChange(user, 'mfa_enrol', 'failure', 'offer_replaced');
        throw new GatewayError('conflict', 'This MFA enrolment was replaced or ran out meanwhile; start again');
      }
      await recordCredentialChange(user, 'mfa_enrol', 'success');
      await checkSetupDesk(user, principal, 'mfa_enrol');
      return deps.auth.reissue(principal);
    },
  };
}
