// Sign-in (PCI DSS 8.x): argon2id passwords, TOTP with replay protection,
// lockout after repeated failures, device enrolment approved by an admin (a
// single-use code or a managed policy token, presented under the signature of
// the device key), refusal of revoked devices, short access tokens and rotating refresh tokens (signed by
// the device key) whose reuse revokes the whole session, and an absolute
// session lifetime that no refresh extends.
//
// Races: every attempt is charged to the account's failure counter atomically
// *before* it is verified and cleared only by a success, a TOTP step and a login
// challenge are each consumed by one compare-and-set, and a refresh token by
// one conditional update, so parallel requests get no more tries than
// sequential ones.
import { randomBytes, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type {
  ApiLoginRequestSchema,
  ChallengeRequestSchema,
  ChallengeSchema,
  LogoutRequestSchema,
  ReauthRequestSchema,
  RefreshRequestSchema,
  SessionGrant,
} from '../../shared/api.ts';
import { loginProofMessage, sessionProofMessage } from '../../shared/device-proof.ts';
import { BAD_CREDENTIALS } from '../../shared/errors.ts';
import { panFreeId, redactPans } from '../../shared/pan.ts';
import type { UserView } from '../../shared/schemas/session.ts';
import type { Clock, GatewayConfig } from '../config.ts';
import type { AlertService } from '../core/alert-port.ts';
import type { GatewayAudit } from '../core/audit-port.ts';
import { verifyDeviceSignature } from '../core/device-signature.ts';
import type { Principal } from '../core/principal.ts';
import { GatewayError } from '../errors.ts';
import type { EnrolmentPresentation } from '../../shared/schemas/admin.ts';
import type { AttemptCharge, AttemptSlotRepo, DeviceRecord, DeviceRepo, IdentityRepo, RefreshTokenRecord, SessionFamilyRecord, SsoRepo, UserRecord } from '../storage/store.ts';
import { hashEnrolmentSecret } from './enrolment-secrets.ts';
import { burnPasswordCheck, verifyPassword } from './passwords.ts';
import type { SecretBox } from './secret-box.ts';
import { hashRefreshToken, newRefreshToken, type TokenIssuer } from './tokens.ts';
import type { InactivityRule } from './inactivity.ts';
import { pendingSetupOf } from './setup-steps.ts';
import type { PresenceService } from '../supervision/presence.ts';
import { checkTotp } from './totp.ts';

type LoginRequest = z.infer<typeof ApiLoginRequestSchema>;
type ChallengeRequest = z.infer<typeof ChallengeRequestSchema>;
type Challenge = z.input<typeof ChallengeSchema>;
type RefreshRequest = z.infer<typeof RefreshRequestSchema>;
type ReauthRequest = z.infer<typeof ReauthRequestSchema>;
type LogoutRequest = z.infer<typeof LogoutRequestSchema>;
type AttemptType = 'auth.login' | 'auth.reauth' | 'auth.credential.change';
/** What a sign-in says about the desk: the name it is for (audit only), the device, and what an unknown desk presents to enrol. */
type DeviceSignIn = Pick<LoginRequest, 'username' | 'device' | 'enrolment'>;

/** An identity a provider vouched for (server/identity/sso/), mapped to an account, for the gateway to open a session. */
export interface VouchedSignIn {
  readonly user: UserRecord;
  readonly provider: string;
  /** The provider's sign-in showed MFA the policy accepts: the gateway's own code is not asked for. */
  readonly providerMfa: boolean;
  readonly otp: string | undefined;
  readonly device: LoginRequest['device'];
  readonly enrolment: LoginRequest['enrolment'];
}

/** Where a sign-in attempt came from: the client address, for the per-source alert rule and the audit trail. */
export interface AttemptSource {
  readonly ip: string;
}

const SESSION_ENDED = 'The session has ended; sign in again';
const SESSION_LOCKED = 'This session is locked: unlock the desk (password, and one-time code if asked) to go on';
const DEVICE_REVOKED = 'An administrator has revoked this desk; it can no longer sign in. Contact IT.';
const ENROLMENT_REQUIRED = 'This desk is not enrolled: enter the enrolment code an administrator gave you (or ask IT for a managed build)';

export interface AuthService {
  /** A single-use nonce the device key signs in its next login. */
  challenge(request: ChallengeRequest): Promise<Challenge>;
  login(request: LoginRequest, source: AttemptSource): Promise<SessionGrant>;
  /** A session for an account a provider vouched for (device proof and ID token already checked): lockout, MFA policy, device, session. */
  signInVouched(vouched: VouchedSignIn, source: AttemptSource): Promise<SessionGrant>;
  refresh(request: RefreshRequest): Promise<SessionGrant>;
  reauth(request: ReauthRequest, source: AttemptSource): Promise<SessionGrant>;
  logout(request: LogoutRequest): Promise<void>;
  /** The signed-in principal behind an access token, or null. Checks the session was neither revoked, locked nor past its end. */
  authenticate(accessToken: string): Promise<Principal | null>;
  /**
   * The signed-in user's password, checked with the same lockout, failure
   * counter and audit as a sign-in (no one-time code: the session already
   * passed it); the account as stored, or a refusal.
   */
  confirmPassword(principal: Principal, password: string, source: AttemptSource): Promise<UserRecord>;
  /**
   * Fresh tokens for the same session after its account changed (setup steps
   * done): every refresh token issued so far is used up, so the old one cannot
   * be spent beside the new one (a later use of it is a reuse and ends the session).
   */
  reissue(principal: Principal): Promise<SessionGrant>;
}

/** How long a held sign-in slot counts: far longer than one password check, so only a crashed instance's slots lapse. */
const ATTEMPT_SLOT_TTL_MS = 30_000;

export const mfaSecretContext = (userId: string): string => `totp:${userId}`;

/** A typed username goes into audit and alerts; a PAN typed there must not. */
const typedName = (username: string): string => redactPans(username).slice(0, 128);

export function createAuthService(deps: {
  identity: IdentityRepo;
  devices: DeviceRepo;
  tokens: TokenIssuer;
  seal: SecretBox;
  clock: Clock;
  audit: GatewayAudit;
  alerts: AlertService;
  inactivity: InactivityRule;
  /** Attempts per account being verified, counted across every gateway instance. */
  attemptSlots: AttemptSlotRepo;
  /** Which accounts sign in through a provider only. */
  sso: Pick<SsoRepo, 'isSsoOnly'>;
  /** Whether any provider is configured: then a local password sign-in is break-glass, and raises an alert. */
  ssoConfigured: boolean;
  config: Pick<GatewayConfig, 'lockout' | 'tokens' | 'enrolment'>;
  /** Told of a session this service ends (a reused refresh token, a disabled account), so its desk's watches end on every instance. */
  presence: Pick<PresenceService, 'sessionEnded'>;
}): AuthService {
  const { identity, clock, audit } = deps;
  const { lockout, tokens: tokenPolicy } = deps.config;

  const userView = (user: UserRecord): UserView => ({
    userId: user.userId,
    username: user.username,
    displayName: user.displayName,
    roles: [...user.roles],
    mfaEnabled: user.mfaSecretSealed !== null,
    pendingSetup: pendingSetupOf(user),
  });
  const actorOf = (user: UserRecord) => ({ userId: user.userId, username: user.username, roles: user.roles });

  const recordFailure = async (
    user: UserRecord | null,
    username: string,
    type: AttemptType,
    reason: string,
    source: AttemptSource,
    details: Record<string, string | number | boolean | null> = {},
  ): Promise<void> => {
    await audit.record({
      type,
      outcome: 'failure',
      reason,
      actor: { userId: user?.userId ?? null, username: typedName(username), roles: user?.roles ?? [] },
      target: { kind: 'account', id: user?.userId ?? null },
      details: { source: source.ip, ...details },
    });
    await deps.alerts.noteFailedLogin({ username: typedName(username), userId: user?.userId ?? null, source: source.ip });
  };

  const refuseLocked = async (user: UserRecord, lockedUntil: number, type: AttemptType, source: AttemptSource): Promise<never> => {
    await recordFailure(user, user.username, type, 'account_locked', source);
    const seconds = Math.max(1, Math.ceil((lockedUntil - clock.now()) / 1000));
    throw new GatewayError('account_locked', `Too many failed attempts. Try again in ${Math.ceil(seconds / 60)} minutes.`, {
      retryAfterSeconds: seconds,
    });
  };

  /** A charged attempt failed: the one that reaches the limit locks the account and ends its sessions. */
  const failCharged = async (user: UserRecord, charge: AttemptCharge, type: AttemptType, reason: string, source: AttemptSource): Promise<never> => {
    await recordFailure(user, user.username, type, reason, source);
    if (charge.failedAttempts >= lockout.maxFailedAttempts) await lock(user, type, source);
    throw new GatewayError('invalid_credentials', BAD_CREDENTIALS);
  };

  const lock = async (user: UserRecord, type: AttemptType, source: AttemptSource): Promise<number> => {
    const now = clock.now();
    const until = now + lockout.lockMinutes * 60_000;
    const ended = await identity.lockAccount(user.userId, until, now);
    if (ended !== null) {
      for (const session of ended) await deps.presence.sessionEnded(session);
      await audit.record({
        type,
        outcome: 'failure',
        reason: 'lockout',
        actor: actorOf(user),
        target: { kind: 'account', id: user.userId },
        details: { source: source.ip, lockedUntil: new Date(until).toISOString(), sessionsRevoked: true },
      });
      // For the admins' list, with the user so the desk can offer to unlock.
      await deps.alerts.raise({
        kind: 'account_locked',
        severity: 'warning',
        userId: user.userId,
        deviceId: null,
        message: `${user.username} was locked after ${lockout.maxFailedAttempts} failed sign-ins, until ${new Date(until).toISOString()}`,
      });
    }
    return until;
  };

  /**
   * `otp` null: no code is asked for (the session already passed the second factor, or the provider's did).
   * `password` null: a provider vouched for the account, so only the code is checked.
   */
  const checkFactors = async (user: UserRecord, password: string | null, otp: string | undefined | null): Promise<string | null> => {
    if (password !== null) {
      if (!(await verifyPassword(user.passwordHash, password))) return 'invalid_credentials';
      // A one-time password left unused past its end signs nobody in; the answer is the same as for a wrong one.
      if (user.mustChangePassword && user.passwordExpiresAt !== null && user.passwordExpiresAt <= clock.now()) return 'one_time_password_expired';
    }
    if (user.mfaSecretSealed === null || otp === null) return null;
    // A missing code is a failed factor like a wrong one: the answer must not say the password was right.
    if (otp === undefined) return 'otp_missing';
    const secret = deps.seal.open(user.mfaSecretSealed, mfaSecretContext(user.userId));
    const check = await checkTotp(secret, otp, clock.now(), user.lastTotpStep);
    if (!check.valid) return 'invalid_otp';
    return (await identity.consumeTotpStep(user.userId, check.timeStep)) ? null : 'otp_replay';
  };

  /** Lockout, then password and one-time code; shared by login and reauth. */
  const verifyFactors = async (
    found: UserRecord | null,
    username: string,
    password: string | null,
    otp: string | undefined | null,
    type: AttemptType,
    source: AttemptSource,
  ): Promise<UserRecord> => {
    // An account past the inactivity limit is disabled here even if the hourly job has not run yet.
    const user = found === null ? null : await deps.inactivity.checkAtSignIn(found);
    if (user?.disabledAt !== null) {
      if (password !== null) await burnPasswordCheck(password);
      await recordFailure(user ?? null, username, type, user === null ? 'invalid_credentials' : 'account_disabled', source);
      throw new GatewayError('invalid_credentials', BAD_CREDENTIALS);
    }
    const now = clock.now();
    const charge = await identity.chargeFailedAttempt(user.userId, now);
    if (charge.lockedUntil !== null && charge.lockedUntil > now) return refuseLocked(user, charge.lockedUntil, type, source);
    // More attempts than the limit were charged before any of them failed: they arrived in parallel.
    if (charge.failedAttempts > lockout.maxFailedAttempts) return refuseLocked(user, await lock(user, type, source), type, source);

    if (!(await deps.attemptSlots.acquire(user.userId, lockout.maxAttemptsInFlight, now, ATTEMPT_SLOT_TTL_MS))) {
      // Refused unverified, yet charged above: going parallel buys an attacker no extra guesses.
      await recordFailure(user, username, type, 'attempts_in_flight', source);
      if (charge.failedAttempts >= lockout.maxFailedAttempts) await lock(user, type, source);
      throw new GatewayError('rate_limited', 'Another sign-in for this account is being checked; try again in a moment', { retryAfterSeconds: 1 });
    }
    let failed: string | null;
    try {
      failed = await checkFactors(user, password, otp);
    } finally {
      await deps.attemptSlots.release(user.userId);
    }
    if (failed !== null) return failCharged(user, charge, type, failed, source);
    if (!(await identity.clearFailedAttempts(user.userId, clock.now()))) {
      const current = await identity.findUserById(user.userId);
      return refuseLocked(user, current?.lockedUntil ?? clock.now(), type, source);
    }
    return user;
  };

  const grant = async (user: UserRecord, family: SessionFamilyRecord): Promise<SessionGrant> => {
    const now = clock.now();
    const access = await deps.tokens.signAccess(
      {
        userId: user.userId,
        username: user.username,
        roles: user.roles,
        deviceId: family.deviceId,
        familyId: family.familyId,
        pendingSetup: pendingSetupOf(user),
      },
      now,
      Math.min(now + tokenPolicy.accessMinutes * 60_000, family.expiresAt),
    );
    const refresh = newRefreshToken();
    const refreshExpiresAt = Math.min(now + tokenPolicy.refreshHours * 3_600_000, family.expiresAt);
    await identity.insertRefreshToken({
      tokenHash: refresh.hash,
      familyId: family.familyId,
      userId: user.userId,
      deviceId: family.deviceId,
      expiresAt: refreshExpiresAt,
      usedAt: null,
    });
    return {
      tokens: {
        accessToken: access.token,
        accessTokenExpiresAt: new Date(access.expiresAt).toISOString(),
        refreshToken: refresh.token,
        refreshTokenExpiresAt: new Date(refreshExpiresAt).toISOString(),
      },
      user: userView(user),
    };
  };

  const liveFamily = (family: SessionFamilyRecord | null): family is SessionFamilyRecord =>
    family !== null && family.revokedAt === null && family.expiresAt > clock.now();

  /** A locked session reaches nothing but an unlock: a use of it is recorded and alerted (the caller refuses it). */
  const noteLockedUse = async (familyId: string, userId: string, deviceId: string, use: 'auth.refresh' | 'access'): Promise<void> => {
    await audit.record({
      type: use === 'auth.refresh' ? 'auth.refresh' : 'access.denied',
      outcome: 'failure',
      reason: 'session_locked',
      actor: { userId, username: null, roles: [] },
      target: { kind: 'session', id: familyId },
      details: { deviceId },
    });
    await deps.alerts.raise({
      kind: 'locked_session_use',
      severity: 'critical',
      userId,
      deviceId,
      message: `The locked session on ${deviceId} was used (${use === 'auth.refresh' ? 'a refresh' : 'an access token'}) without an unlock: something other than the desk holds its tokens`,
    });
  };

  /**
   * The refresh-token record behind a token presented with the device key's
   * signature over it, or a refusal. A token without a valid signature is not
   * consumed: a copy read from the keychain alone can neither refresh nor burn it.
   */
  const signedRecord = async (
    request: { refreshToken: string; deviceId: string; signature: string },
    purpose: 'refresh' | 'reauth',
  ): Promise<RefreshTokenRecord> => {
    const record = await identity.findRefreshToken(hashRefreshToken(request.refreshToken));
    if (record?.deviceId !== request.deviceId) throw new GatewayError('unauthenticated', SESSION_ENDED);
    const device = await identity.findDevice(record.deviceId);
    const message = sessionProofMessage(purpose, { deviceId: request.deviceId, refreshToken: request.refreshToken });
    const signed = device !== null && verifyDeviceSignature(device.publicKey, message, request.signature);
    if (!signed || device.revokedAt !== null) {
      await audit.record({
        type: purpose === 'refresh' ? 'auth.refresh' : 'auth.reauth',
        outcome: 'failure',
        reason: signed ? 'device_revoked' : 'device_signature_invalid',
        actor: { userId: record.userId, username: null, roles: [] },
        target: { kind: 'session', id: record.familyId },
        details: { deviceId: request.deviceId },
      });
      if (signed) throw new GatewayError('device_revoked', DEVICE_REVOKED);
      throw new GatewayError('unauthenticated', 'The request was not signed by the key this desk enrolled; sign in again');
    }
    return record;
  };

  /** Consumes the refresh token; a second use revokes the session. Refuses a session past its end or of a locked or disabled account. */
  const rotate = async (record: RefreshTokenRecord, type: 'auth.refresh' | 'auth.reauth') => {
    const family = await identity.findSessionFamily(record.familyId);
    if (family?.revokedAt !== null) throw new GatewayError('unauthenticated', SESSION_ENDED);
    const now = clock.now();
    if (!(await identity.consumeRefreshToken(record.tokenHash, now))) {
      await identity.revokeFamily(record.familyId, now);
      await deps.presence.sessionEnded(record);
      await audit.record({
        type,
        outcome: 'failure',
        reason: 'refresh_token_reuse',
        actor: { userId: record.userId, username: null, roles: [] },
        target: { kind: 'session', id: record.familyId },
        details: { deviceId: record.deviceId },
      });
      throw new GatewayError('unauthenticated', 'This session was ended because its refresh token was used twice; sign in again');
    }
    if (record.expiresAt <= now || family.expiresAt <= now) throw new GatewayError('session_expired', 'The session has expired; sign in again');
    const user = await identity.findUserById(record.userId);
    if (user?.disabledAt !== null || (user.lockedUntil ?? 0) > now) {
      await identity.revokeFamily(record.familyId, now);
      await deps.presence.sessionEnded(record);
      throw new GatewayError('unauthenticated', SESSION_ENDED);
    }
    return { family, user };
  };

  /**
   * Before any password is tried: a revoked desk is refused, and an unknown one
   * must present an enrolment secret that is usable now. (The secret is used up
   * only after the factors pass, so a mistyped password does not burn a code.)
   */
  const admitDevice = async (request: DeviceSignIn, user: UserRecord | null, source: AttemptSource): Promise<DeviceRecord | null> => {
    const { deviceId } = request.device;
    const known = await identity.findDevice(deviceId);
    if (known?.revokedAt != null) {
      await recordFailure(user, request.username, 'auth.login', 'device_revoked', source, { deviceId });
      throw new GatewayError('device_revoked', DEVICE_REVOKED);
    }
    if (known !== null) return known;
    const presented = request.enrolment;
    const usable = presented !== undefined && (await deps.devices.findUsableGrant(presented.kind, hashEnrolmentSecret(presented.secret), clock.now())) !== null;
    if (!usable) await refuseEnrolment(user, request, source);
    return null;
  };

  const refuseEnrolment = async (user: UserRecord | null, request: DeviceSignIn, source: AttemptSource): Promise<never> => {
    const details = { deviceId: request.device.deviceId, enrolmentPresented: request.enrolment?.kind ?? 'none' };
    await recordFailure(user, request.username, 'auth.login', 'enrolment_required', source, details);
    throw new GatewayError('enrolment_required', ENROLMENT_REQUIRED);
  };

  /** Enrols the device with the key it just proved it holds and the grant it presented, or checks a known one's key; a parallel enrolment loses cleanly. */
  const bindDevice = async (request: DeviceSignIn, user: UserRecord, known: DeviceRecord | null, source: AttemptSource): Promise<void> => {
    const { deviceId, publicKey, appVersion } = request.device;
    if (known === null) {
      const presented: EnrolmentPresentation | undefined = request.enrolment;
      if (presented === undefined) return refuseEnrolment(user, request, source);
      const now = clock.now();
      const outcome = await deps.devices.enrolWithGrant(
        { deviceId, publicKey, enrolledAt: now, enrolledBy: user.userId, appVersion },
        { kind: presented.kind, secretHash: hashEnrolmentSecret(presented.secret) },
        { perGrant: deps.config.enrolment.desksPerPolicyToken, perUserPerDay: deps.config.enrolment.desksPerUserPerDay, dayStart: now - 86_400_000 },
      );
      if (outcome.enrolled) {
        const issuer = await identity.findUserById(outcome.grant.issuedBy);
        await audit.record({
          type: 'device.enroll',
          outcome: 'success',
          actor: actorOf(user),
          target: { kind: 'device', id: deviceId },
          details: {
            action: 'device_enrol',
            via: presented.kind,
            grantId: outcome.grant.grantId,
            approvedBy: outcome.grant.issuedBy,
            approvedByName: issuer?.username ?? null,
            appVersion,
            source: source.ip,
          },
        });
        const via = `${presented.kind === 'code' ? 'an enrolment code' : 'a policy token'} issued by ${issuer?.username ?? 'an administrator'}`;
        // A second desk for one user within a day is one warning per user (repeats fold into it), not an info alert per desk.
        await deps.alerts.raise(
          outcome.userDesksToday > 1
            ? { kind: 'device_enrolled', severity: 'warning', userId: user.userId, deviceId: null, message: `${user.username} enrolled ${outcome.userDesksToday} desks within a day (latest ${deviceId}, with ${via})` }
            : { kind: 'device_enrolled', severity: 'info', userId: user.userId, deviceId, message: `Desk ${deviceId} was enrolled at ${user.username}'s sign-in with ${via}` },
        );
        return;
      }
      if (outcome.why === 'grant_unusable') return refuseEnrolment(user, request, source);
      if (outcome.why === 'grant_other_account') {
        await recordFailure(user, request.username, 'auth.login', 'enrolment_code_other_account', source, { deviceId, enrolmentPresented: presented.kind });
        throw new GatewayError('enrolment_required', 'This enrolment code was issued for another account: ask an administrator for your own');
      }
      if (outcome.why === 'grant_cap' || outcome.why === 'user_cap') {
        await recordFailure(user, request.username, 'auth.login', `enrolment_${outcome.why}`, source, { deviceId, enrolmentPresented: presented.kind });
        throw new GatewayError(
          'enrolment_required',
          outcome.why === 'user_cap'
            ? `No more desks can be enrolled for ${user.username} today: ask an administrator`
            : 'This policy token has enrolled all the desks it may: ask an administrator for a new one',
        );
      }
    }
    const current = known ?? (await identity.findDevice(deviceId));
    if (current?.revokedAt != null) throw new GatewayError('device_revoked', DEVICE_REVOKED);
    if (current?.publicKey === publicKey) return;
    await audit.record({ type: 'auth.login', outcome: 'failure', reason: 'device_key_mismatch', actor: actorOf(user), target: { kind: 'device', id: deviceId } });
    throw new GatewayError('conflict', 'This desk is enrolled with a different device key. Ask IT to reset the device.');
  };

  /** Binds the device and opens a session for an account whose factors passed; shared by password and single sign-on. */
  const openSession = async (
    request: DeviceSignIn,
    verified: UserRecord,
    known: DeviceRecord | null,
    source: AttemptSource,
    via: Record<string, string | boolean>,
  ): Promise<SessionGrant> => {
    const { deviceId } = request.device;
    await bindDevice(request, verified, known, source);

    const now = clock.now();
    const family: SessionFamilyRecord = {
      familyId: panFreeId(randomUUID),
      userId: verified.userId,
      deviceId,
      createdAt: now,
      expiresAt: now + tokenPolicy.sessionHours * 3_600_000,
      revokedAt: null,
      lockedAt: null,
    };
    // A password change (or a reset, a disable, a role or MFA change) that landed after the account was read ended every
    // session it found, not this one, which did not exist yet: the session opens only if the account is still as verified.
    if (!(await identity.createSessionFamily(family, verified))) {
      await recordFailure(verified, request.username, 'auth.login', 'account_changed', source, { deviceId });
      throw new GatewayError('invalid_credentials', BAD_CREDENTIALS);
    }
    // A revocation that landed while this login was being checked: its transaction missed the new session, so end it here.
    if ((await identity.findDevice(deviceId))?.revokedAt != null) {
      await identity.revokeFamily(family.familyId, clock.now());
      await recordFailure(verified, request.username, 'auth.login', 'device_revoked', source, { deviceId });
      throw new GatewayError('device_revoked', DEVICE_REVOKED);
    }
    await deps.devices.noteSignIn(deviceId, { userId: verified.userId, appVersion: request.device.appVersion, at: now });
    await identity.recordSignIn(verified.userId, now);
    const session = await grant(verified, family);
    await audit.record({
      type: 'auth.login',
      outcome: 'success',
      actor: actorOf(verified),
      target: { kind: 'session', id: family.familyId },
      details: {
        deviceId,
        mfa: verified.mfaSecretSealed !== null || via.providerMfa === true,
        source: source.ip,
        pendingSetup: pendingSetupOf(verified).join(','),
        ...via,
      },
    });
    return session;
  };

  return {
    async challenge(request) {
      // A revoked desk learns so at its first step; any other device ID gets a challenge (an unknown one may be enrolling).
      if ((await identity.findDevice(request.deviceId))?.revokedAt != null) throw new GatewayError('device_revoked', DEVICE_REVOKED);
      const now = clock.now();
      const nonce = randomBytes(32).toString('base64url');
      const expiresAt = now + tokenPolicy.challengeSeconds * 1000;
      await identity.insertChallenge({ nonce, deviceId: request.deviceId, expiresAt }, now);
      return { nonce, expiresAt: new Date(expiresAt).toISOString() };
    },

    async login(request, source) {
      // Proof of possession first: a login that cannot sign the challenge with the key it names tries no password.
      const { deviceId, publicKey } = request.device;
      const message = loginProofMessage({ nonce: request.proof.nonce, deviceId, publicKey, username: request.username, enrolment: request.enrolment });
      const proven =
        (await identity.consumeChallenge(request.proof.nonce, deviceId, clock.now())) &&
        verifyDeviceSignature(publicKey, message, request.proof.signature);
      if (!proven) {
        await recordFailure(null, request.username, 'auth.login', 'device_proof_invalid', source, { deviceId });
        throw new GatewayError('unauthenticated', 'This desk could not prove it holds its device key; request a new challenge and sign it');
      }
      const user = await identity.findUserByUsername(request.username);
      const known = await admitDevice(request, user, source);
      const verified = await verifyFactors(user, request.username, request.password, request.otp, 'auth.login', source);
      if (await deps.sso.isSsoOnly(verified.userId)) {
        await recordFailure(verified, request.username, 'auth.login', 'sso_only', source, { deviceId });
        throw new GatewayError('forbidden', 'This account signs in with your company account: choose "Sign in with your company account"');
      }
      const session = await openSession(request, verified, known, source, { method: 'password' });
      // With single sign-on in place a local password sign-in is break-glass: someone should know it happened.
      if (deps.ssoConfigured) {
        await deps.alerts.raise({
          kind: 'break_glass_sign_in',
          severity: 'critical',
          userId: verified.userId,
          deviceId,
          message: `${verified.username} signed in with a local password (break-glass) on desk ${deviceId}`,
        });
      }
      return session;
    },

    async signInVouched(vouched, source) {
      const request: DeviceSignIn = { username: vouched.user.username, device: vouched.device, enrolment: vouched.enrolment };
      // The provider vouched for the person, so the answer may say why their desk account cannot sign in.
      if ((await deps.inactivity.checkAtSignIn(vouched.user)).disabledAt !== null) {
        await recordFailure(vouched.user, vouched.user.username, 'auth.login', 'account_disabled', source, { deviceId: request.device.deviceId, method: 'sso' });
        throw new GatewayError('forbidden', 'Your desk account is disabled: ask IT to enable it again');
      }
      const known = await admitDevice(request, vouched.user, source);
      // The provider vouched for the person: saying that a code is missing gives nothing away, and tells them what to do.
      if (!vouched.providerMfa && vouched.user.mfaSecretSealed !== null && vouched.otp === undefined) {
        await recordFailure(vouched.user, vouched.user.username, 'auth.login', 'otp_missing', source, { deviceId: request.device.deviceId, method: 'sso' });
        throw new GatewayError('mfa_required', 'Your company sign-in did not confirm a second factor: enter the one-time code from your authenticator app and sign in with your company account again');
      }
      const verified = await verifyFactors(vouched.user, vouched.user.username, null, vouched.providerMfa ? null : vouched.otp, 'auth.login', source);
      return openSession(request, verified, known, source, { method: 'sso', provider: vouched.provider, providerMfa: vouched.providerMfa });
    },

    async refresh(request) {
      const record = await signedRecord(request, 'refresh');
      // A locked desk does not refresh (it unlocks with reauth): whoever does holds its refresh token and device key.
      if ((await identity.findSessionFamily(record.familyId))?.lockedAt != null) {
        await noteLockedUse(record.familyId, record.userId, record.deviceId, 'auth.refresh');
        throw new GatewayError('unauthenticated', SESSION_LOCKED);
      }
      const { family, user } = await rotate(record, 'auth.refresh');
      return grant(user, family);
    },

    async reauth(request, source) {
      const record = await signedRecord(request, 'reauth');
      // Checked without consuming the token, so a mistyped unlock password can be retried.
      if (record.usedAt !== null || record.expiresAt <= clock.now() || !liveFamily(await identity.findSessionFamily(record.familyId))) {
        throw new GatewayError('unauthenticated', SESSION_ENDED);
      }
      const user = await identity.findUserById(record.userId);
      // Unlocking is for a set-up session: one still in account setup signs in again instead.
      if (user !== null && pendingSetupOf(user).length > 0) {
        throw new GatewayError('setup_required', 'This account has not finished its setup; sign in again to finish it');
      }
      // An account that signs in through its provider has no local password to unlock with (its old one included).
      if (user !== null && (await deps.sso.isSsoOnly(user.userId))) {
        await recordFailure(user, user.username, 'auth.reauth', 'sso_only', source, { deviceId: request.deviceId });
        throw new GatewayError('forbidden', 'This account unlocks with your company account: choose "Unlock with your company account"');
      }
      const verified = await verifyFactors(user, user?.username ?? '', request.password, request.otp, 'auth.reauth', source);
      const { family } = await rotate(record, 'auth.reauth');
      await identity.unlockSession(family.familyId, clock.now());
      await identity.recordSignIn(verified.userId, clock.now());
      await audit.record({
        type: 'auth.reauth',
        outcome: 'success',
        actor: actorOf(verified),
        target: { kind: 'session', id: family.familyId },
      });
      return grant(verified, family);
    },

    async logout(request) {
      const record = await identity.findRefreshToken(hashRefreshToken(request.refreshToken));
      if (record === null) return;
      await identity.revokeFamily(record.familyId, clock.now());
      await audit.record({
        type: 'auth.logout',
        outcome: 'success',
        actor: { userId: record.userId, username: null, roles: [] },
        target: { kind: 'session', id: record.familyId },
      });
    },

    async authenticate(accessToken) {
      const principal = await deps.tokens.verifyAccess(accessToken, clock.now());
      if (principal === null) return null;
      const family = await identity.findSessionFamily(principal.familyId);
      if (!liveFamily(family)) return null;
      if (family.lockedAt === null) return principal;
      await noteLockedUse(family.familyId, principal.userId, principal.deviceId, 'access');
      return null;
    },

    async confirmPassword(principal, password, source) {
      const user = await identity.findUserById(principal.userId);
      return verifyFactors(user, principal.username, password, null, 'auth.credential.change', source);
    },

    async reissue(principal) {
      const family = await identity.findSessionFamily(principal.familyId);
      const user = await identity.findUserById(principal.userId);
      if (!liveFamily(family) || user?.disabledAt !== null) throw new GatewayError('unauthenticated', SESSION_ENDED);
      await identity.retireRefreshTokens(family.familyId, clock.now());
      return grant(user, family);
    },
  };
}
