// Sign-in (PCI DSS 8.x): argon2id passwords, TOTP with replay protection,
// lockout after repeated failures, device enrolment with proof of possession
// of the device key, short access tokens and rotating refresh tokens (signed by
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
import { panFreeId, redactPans } from '../../shared/pan.ts';
import type { UserView } from '../../shared/schemas/session.ts';
import { verifyDeviceSignature } from '../audit/device-signature.ts';
import type { GatewayAudit } from '../audit/gateway-audit.ts';
import type { Clock, GatewayConfig } from '../config.ts';
import { GatewayError } from '../errors.ts';
import type { AlertService } from '../supervision/alerts.ts';
import type { AttemptCharge, AttemptSlotRepo, IdentityRepo, RefreshTokenRecord, SessionFamilyRecord, UserRecord } from '../storage/store.ts';
import { burnPasswordCheck, verifyPassword } from './passwords.ts';
import type { SecretBox } from './secret-box.ts';
import { hashRefreshToken, newRefreshToken, type Principal, type TokenIssuer } from './tokens.ts';
import { checkTotp } from './totp.ts';

type LoginRequest = z.infer<typeof ApiLoginRequestSchema>;
type ChallengeRequest = z.infer<typeof ChallengeRequestSchema>;
type Challenge = z.input<typeof ChallengeSchema>;
type RefreshRequest = z.infer<typeof RefreshRequestSchema>;
type ReauthRequest = z.infer<typeof ReauthRequestSchema>;
type LogoutRequest = z.infer<typeof LogoutRequestSchema>;
type AttemptType = 'auth.login' | 'auth.reauth';

/** Where a sign-in attempt came from: the client address, for the per-source alert rule and the audit trail. */
export interface AttemptSource {
  readonly ip: string;
}

/**
 * One message for every failed factor (unknown user, wrong password, missing,
 * wrong or replayed one-time code), so an answer never confirms a password
 * before every factor was checked.
 */
const BAD_CREDENTIALS = 'Wrong username, password or one-time code';
const SESSION_ENDED = 'The session has ended; sign in again';

export interface AuthService {
  /** A single-use nonce the device key signs in its next login. */
  challenge(request: ChallengeRequest): Promise<Challenge>;
  login(request: LoginRequest, source: AttemptSource): Promise<SessionGrant>;
  refresh(request: RefreshRequest): Promise<SessionGrant>;
  reauth(request: ReauthRequest, source: AttemptSource): Promise<SessionGrant>;
  logout(request: LogoutRequest): Promise<void>;
  /** The signed-in principal behind an access token, or null. Checks the session was neither revoked nor past its end. */
  authenticate(accessToken: string): Promise<Principal | null>;
}

/** How long a held sign-in slot counts: far longer than one password check, so only a crashed instance's slots lapse. */
const ATTEMPT_SLOT_TTL_MS = 30_000;

export const mfaSecretContext = (userId: string): string => `totp:${userId}`;

/** A typed username goes into audit and alerts; a PAN typed there must not. */
const typedName = (username: string): string => redactPans(username).slice(0, 128);

export function createAuthService(deps: {
  identity: IdentityRepo;
  tokens: TokenIssuer;
  seal: SecretBox;
  clock: Clock;
  audit: GatewayAudit;
  alerts: AlertService;
  /** Attempts per account being verified, counted across every gateway instance. */
  attemptSlots: AttemptSlotRepo;
  config: Pick<GatewayConfig, 'lockout' | 'tokens'>;
}): AuthService {
  const { identity, clock, audit } = deps;
  const { lockout, tokens: tokenPolicy } = deps.config;

  const userView = (user: UserRecord): UserView => ({
    userId: user.userId,
    username: user.username,
    displayName: user.displayName,
    roles: [...user.roles],
    mfaEnabled: user.mfaSecretSealed !== null,
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
    if (await identity.lockAccount(user.userId, until, now)) {
      await audit.record({
        type,
        outcome: 'failure',
        reason: 'lockout',
        actor: actorOf(user),
        target: { kind: 'account', id: user.userId },
        details: { source: source.ip, lockedUntil: new Date(until).toISOString(), sessionsRevoked: true },
      });
    }
    return until;
  };

  const checkFactors = async (user: UserRecord, password: string, otp: string | undefined): Promise<string | null> => {
    if (!(await verifyPassword(user.passwordHash, password))) return 'invalid_credentials';
    if (user.mfaSecretSealed === null) return null;
    // A missing code is a failed factor like a wrong one: the answer must not say the password was right.
    if (otp === undefined) return 'otp_missing';
    const secret = deps.seal.open(user.mfaSecretSealed, mfaSecretContext(user.userId));
    const check = await checkTotp(secret, otp, clock.now(), user.lastTotpStep);
    if (!check.valid) return 'invalid_otp';
    return (await identity.consumeTotpStep(user.userId, check.timeStep)) ? null : 'otp_replay';
  };

  /** Lockout, then password and one-time code; shared by login and reauth. */
  const verifyFactors = async (
    user: UserRecord | null,
    username: string,
    password: string,
    otp: string | undefined,
    type: AttemptType,
    source: AttemptSource,
  ): Promise<UserRecord> => {
    if (user?.disabledAt !== null) {
      await burnPasswordCheck(password);
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
      { userId: user.userId, username: user.username, roles: user.roles, deviceId: family.deviceId, familyId: family.familyId },
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
    if (device === null || !verifyDeviceSignature(device.publicKey, message, request.signature)) {
      await audit.record({
        type: purpose === 'refresh' ? 'auth.refresh' : 'auth.reauth',
        outcome: 'failure',
        reason: 'device_signature_invalid',
        actor: { userId: record.userId, username: null, roles: [] },
        target: { kind: 'session', id: record.familyId },
        details: { deviceId: request.deviceId },
      });
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
      throw new GatewayError('unauthenticated', SESSION_ENDED);
    }
    return { family, user };
  };

  /** Enrols a new device with the key it just proved it holds, or checks a known one's key; a parallel enrolment loses cleanly. */
  const bindDevice = async (request: LoginRequest, user: UserRecord): Promise<void> => {
    const { deviceId, publicKey, appVersion } = request.device;
    const known = await identity.findDevice(deviceId);
    const enrolled = known === null && (await identity.enrollDevice({ deviceId, publicKey, enrolledAt: clock.now(), enrolledBy: user.userId }));
    if (enrolled) {
      await audit.record({
        type: 'device.enroll',
        outcome: 'success',
        actor: actorOf(user),
        target: { kind: 'device', id: deviceId },
        details: { appVersion },
      });
      return;
    }
    if ((known ?? (await identity.findDevice(deviceId)))?.publicKey === publicKey) return;
    await audit.record({ type: 'auth.login', outcome: 'failure', reason: 'device_key_mismatch', actor: actorOf(user), target: { kind: 'device', id: deviceId } });
    throw new GatewayError('conflict', 'This desk is enrolled with a different device key. Ask IT to reset the device.');
  };

  return {
    async challenge(request) {
      const now = clock.now();
      const nonce = randomBytes(32).toString('base64url');
      const expiresAt = now + tokenPolicy.challengeSeconds * 1000;
      await identity.insertChallenge({ nonce, deviceId: request.deviceId, expiresAt }, now);
      return { nonce, expiresAt: new Date(expiresAt).toISOString() };
    },

    async login(request, source) {
      // Proof of possession first: a login that cannot sign the challenge with the key it names tries no password.
      const { deviceId, publicKey } = request.device;
      const message = loginProofMessage({ nonce: request.proof.nonce, deviceId, publicKey, username: request.username });
      const proven =
        (await identity.consumeChallenge(request.proof.nonce, deviceId, clock.now())) &&
        verifyDeviceSignature(publicKey, message, request.proof.signature);
      if (!proven) {
        await recordFailure(null, request.username, 'auth.login', 'device_proof_invalid', source, { deviceId });
        throw new GatewayError('unauthenticated', 'This desk could not prove it holds its device key; request a new challenge and sign it');
      }
      const user = await identity.findUserByUsername(request.username);
      const verified = await verifyFactors(user, request.username, request.password, request.otp, 'auth.login', source);
      await bindDevice(request, verified);

      const now = clock.now();
      const family: SessionFamilyRecord = {
        familyId: panFreeId(randomUUID),
        userId: verified.userId,
        deviceId,
        createdAt: now,
        expiresAt: now + tokenPolicy.sessionHours * 3_600_000,
        revokedAt: null,
      };
      await identity.createSessionFamily(family);
      const session = await grant(verified, family);
      await audit.record({
        type: 'auth.login',
        outcome: 'success',
        actor: actorOf(verified),
        target: { kind: 'session', id: family.familyId },
        details: { deviceId, mfa: verified.mfaSecretSealed !== null, source: source.ip },
      });
      return session;
    },

    async refresh(request) {
      const record = await signedRecord(request, 'refresh');
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
      const verified = await verifyFactors(user, user?.username ?? '', request.password, request.otp, 'auth.reauth', source);
      const { family } = await rotate(record, 'auth.reauth');
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
      return liveFamily(await identity.findSessionFamily(principal.familyId)) ? principal : null;
    },
  };
}
