// Sign-in (PCI DSS 8.x): argon2id passwords, TOTP with replay protection,
// lockout after repeated failures, device enrollment, short access tokens and
// rotating refresh tokens whose reuse revokes the whole session.
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type {
  ApiLoginRequestSchema,
  LogoutRequestSchema,
  ReauthRequestSchema,
  RefreshRequestSchema,
  SessionGrant,
} from '../../shared/api.ts';
import { panFreeId, redactPans } from '../../shared/pan.ts';
import type { UserView } from '../../shared/schemas/session.ts';
import type { GatewayAudit } from '../audit/gateway-audit.ts';
import type { Clock, GatewayConfig } from '../config.ts';
import { GatewayError } from '../errors.ts';
import type { AlertService } from '../supervision/alerts.ts';
import type { IdentityRepo, UserRecord } from '../storage/store.ts';
import { burnPasswordCheck, verifyPassword } from './passwords.ts';
import type { SecretBox } from './secret-box.ts';
import { hashRefreshToken, newRefreshToken, type Principal, type TokenIssuer } from './tokens.ts';
import { checkTotp } from './totp.ts';

type LoginRequest = z.infer<typeof ApiLoginRequestSchema>;
type RefreshRequest = z.infer<typeof RefreshRequestSchema>;
type ReauthRequest = z.infer<typeof ReauthRequestSchema>;
type LogoutRequest = z.infer<typeof LogoutRequestSchema>;

/** One message for an unknown user and a wrong password, so neither is revealed. */
const BAD_CREDENTIALS = 'Wrong username, password or one-time code';

export interface AuthService {
  login(request: LoginRequest): Promise<SessionGrant>;
  refresh(request: RefreshRequest): Promise<SessionGrant>;
  reauth(request: ReauthRequest): Promise<SessionGrant>;
  logout(request: LogoutRequest): Promise<void>;
  /** The signed-in principal behind an access token, or null. Checks the session was not revoked. */
  authenticate(accessToken: string): Promise<Principal | null>;
}

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
  config: Pick<GatewayConfig, 'lockout' | 'tokens'>;
}): AuthService {
  const { identity, clock, audit } = deps;

  const userView = (user: UserRecord): UserView => ({
    userId: user.userId,
    username: user.username,
    displayName: user.displayName,
    roles: [...user.roles],
    mfaEnabled: user.mfaSecretSealed !== null,
  });

  const lockedFor = (user: UserRecord): number | null => {
    const left = user.lockedUntil === null ? 0 : user.lockedUntil - clock.now();
    return left > 0 ? Math.ceil(left / 1000) : null;
  };

  const failAttempt = async (
    user: UserRecord | null,
    username: string,
    type: 'auth.login' | 'auth.reauth',
    reason: string,
  ): Promise<never> => {
    if (user !== null) {
      const failedAttempts = user.failedAttempts + 1;
      const locks = failedAttempts >= deps.config.lockout.maxFailedAttempts;
      await identity.setLoginState(user.userId, {
        failedAttempts: locks ? 0 : failedAttempts,
        lockedUntil: locks ? clock.now() + deps.config.lockout.lockMinutes * 60_000 : user.lockedUntil,
      });
    }
    await audit.record({
      type,
      outcome: 'failure',
      reason,
      actor: { userId: user?.userId ?? null, username: typedName(username), roles: user?.roles ?? [] },
      target: { kind: 'account', id: user?.userId ?? null },
    });
    await deps.alerts.noteFailedLogin(typedName(username), user?.userId ?? null);
    throw new GatewayError('invalid_credentials', BAD_CREDENTIALS);
  };

  /** Password, lockout and one-time code, in that order; shared by login and reauth. */
  const verifyFactors = async (
    user: UserRecord | null,
    username: string,
    password: string,
    otp: string | undefined,
    type: 'auth.login' | 'auth.reauth',
  ): Promise<UserRecord> => {
    if (user === null) {
      await burnPasswordCheck(password);
      return failAttempt(null, username, type, 'invalid_credentials');
    }
    const lockedSeconds = lockedFor(user);
    if (lockedSeconds !== null) {
      await audit.record({
        type,
        outcome: 'failure',
        reason: 'account_locked',
        actor: { userId: user.userId, username: user.username, roles: user.roles },
        target: { kind: 'account', id: user.userId },
      });
      throw new GatewayError('account_locked', `Too many failed attempts. Try again in ${Math.ceil(lockedSeconds / 60)} minutes.`, {
        retryAfterSeconds: lockedSeconds,
      });
    }
    if (!(await verifyPassword(user.passwordHash, password))) return failAttempt(user, username, type, 'invalid_credentials');
    if (user.mfaSecretSealed !== null) {
      if (otp === undefined) throw new GatewayError('mfa_required', 'Enter the one-time code from your authenticator app');
      const secret = deps.seal.open(user.mfaSecretSealed, mfaSecretContext(user.userId));
      const check = await checkTotp(secret, otp, clock.now(), user.lastTotpStep);
      if (!check.valid) return failAttempt(user, username, type, 'invalid_otp');
      await identity.setLastTotpStep(user.userId, check.timeStep);
    }
    if (user.failedAttempts !== 0 || user.lockedUntil !== null) {
      await identity.setLoginState(user.userId, { failedAttempts: 0, lockedUntil: null });
    }
    return user;
  };

  const grant = async (user: UserRecord, deviceId: string, familyId: string): Promise<SessionGrant> => {
    const now = clock.now();
    const access = await deps.tokens.signAccess(
      { userId: user.userId, username: user.username, roles: user.roles, deviceId, familyId },
      now,
      deps.config.tokens.accessMinutes,
    );
    const refresh = newRefreshToken();
    const refreshExpiresAt = now + deps.config.tokens.refreshHours * 3_600_000;
    await identity.insertRefreshToken({
      tokenHash: refresh.hash,
      familyId,
      userId: user.userId,
      deviceId,
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

  /** The live refresh-token record behind a token, consumed; a second use revokes the session. */
  const rotate = async (refreshToken: string, deviceId: string, type: 'auth.refresh' | 'auth.reauth') => {
    const record = await identity.findRefreshToken(hashRefreshToken(refreshToken));
    if (record?.deviceId !== deviceId || !(await identity.isFamilyActive(record.familyId))) {
      throw new GatewayError('unauthenticated', 'The session has ended; sign in again');
    }
    if (!(await identity.consumeRefreshToken(record.tokenHash, clock.now()))) {
      await identity.revokeFamily(record.familyId, clock.now());
      await audit.record({
        type,
        outcome: 'failure',
        reason: 'refresh_token_reuse',
        actor: { userId: record.userId, username: null, roles: [] },
        target: { kind: 'session', id: record.familyId },
        details: { deviceId },
      });
      throw new GatewayError('unauthenticated', 'This session was ended because its refresh token was used twice; sign in again');
    }
    if (record.expiresAt <= clock.now()) throw new GatewayError('session_expired', 'The session has expired; sign in again');
    const user = await identity.findUserById(record.userId);
    if (user === null) throw new GatewayError('unauthenticated', 'The session has ended; sign in again');
    return { record, user };
  };

  /** Checks a refresh token without consuming it, so a mistyped unlock password can be retried. */
  const peek = async (refreshToken: string, deviceId: string) => {
    const record = await identity.findRefreshToken(hashRefreshToken(refreshToken));
    if (record?.deviceId !== deviceId || record.usedAt !== null || record.expiresAt <= clock.now()) return null;
    return (await identity.isFamilyActive(record.familyId)) ? record : null;
  };

  return {
    async login(request) {
      const user = await identity.findUserByUsername(request.username);
      const verified = await verifyFactors(user, request.username, request.password, request.otp, 'auth.login');
      const actor = { userId: verified.userId, username: verified.username, roles: verified.roles };

      const device = await identity.findDevice(request.device.deviceId);
      if (device === null) {
        await identity.enrollDevice({
          deviceId: request.device.deviceId,
          publicKey: request.device.publicKey,
          enrolledAt: clock.now(),
          enrolledBy: verified.userId,
        });
        await audit.record({
          type: 'device.enroll',
          outcome: 'success',
          actor,
          target: { kind: 'device', id: request.device.deviceId },
          details: { appVersion: request.device.appVersion },
        });
      } else if (device.publicKey !== request.device.publicKey) {
        await audit.record({
          type: 'auth.login',
          outcome: 'failure',
          reason: 'device_key_mismatch',
          actor,
          target: { kind: 'device', id: request.device.deviceId },
        });
        throw new GatewayError('conflict', 'This desk is enrolled with a different device key. Ask IT to reset the device.');
      }

      const familyId = panFreeId(randomUUID);
      await identity.createSessionFamily({ familyId, userId: verified.userId, deviceId: request.device.deviceId, createdAt: clock.now() });
      const session = await grant(verified, request.device.deviceId, familyId);
      await audit.record({
        type: 'auth.login',
        outcome: 'success',
        actor,
        target: { kind: 'session', id: familyId },
        details: { deviceId: request.device.deviceId, mfa: verified.mfaSecretSealed !== null },
      });
      return session;
    },

    async refresh(request) {
      const { record, user } = await rotate(request.refreshToken, request.deviceId, 'auth.refresh');
      return grant(user, record.deviceId, record.familyId);
    },

    async reauth(request) {
      const pending = await peek(request.refreshToken, request.deviceId);
      if (pending === null) throw new GatewayError('unauthenticated', 'The session has ended; sign in again');
      const user = await identity.findUserById(pending.userId);
      const verified = await verifyFactors(user, user?.username ?? '', request.password, request.otp, 'auth.reauth');
      const { record } = await rotate(request.refreshToken, request.deviceId, 'auth.reauth');
      await audit.record({
        type: 'auth.reauth',
        outcome: 'success',
        actor: { userId: verified.userId, username: verified.username, roles: verified.roles },
        target: { kind: 'session', id: record.familyId },
      });
      return grant(verified, record.deviceId, record.familyId);
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
      return (await identity.isFamilyActive(principal.familyId)) ? principal : null;
    },
  };
}
