// The signed-in session. The access token lives in this object's memory only;
// the rotating refresh token lives in the OS keychain. Callers outside main see
// the user and the state, never a token.
import type { SessionGrant } from '../../shared/api.ts';
import type { LoginRequest, SessionState, UnlockRequest, UserView } from '../../shared/schemas/session.ts';
import type { CallerSession } from '../../shared/contract/checks.ts';
import type { AccessTokenSource, ApiClient } from '../api/api-client.ts';
import type { Clock } from '../clock.ts';
import { secretAccounts, type SecretStore } from '../secrets/secret-store.ts';

export type LockReason = Extract<SessionState, { status: 'locked' }>['reason'];

export class SessionStateError extends Error {
  override readonly name = 'SessionStateError';
}

export interface SessionDevice {
  readonly deviceId: string;
  readonly publicKey: string;
  readonly appVersion: string;
}

type Inner =
  | { status: 'signed_out' }
  | { status: 'active'; user: UserView; since: number; accessToken: string }
  | { status: 'locked'; user: UserView; lockedAt: number; reason: LockReason };

export class SessionService implements AccessTokenSource {
  private inner: Inner = { status: 'signed_out' };
  private refreshing: Promise<boolean> | null = null;
  private readonly deps: {
    api: ApiClient;
    secrets: SecretStore;
    clock: Clock;
    device: SessionDevice;
    serverOrigin: string;
    unlockRequiresOtp: boolean;
    onChange?: (state: SessionState) => void;
  };

  constructor(deps: SessionService['deps']) {
    this.deps = deps;
  }

  state(): SessionState {
    const inner = this.inner;
    const iso = (ms: number): string => new Date(ms).toISOString();
    if (inner.status === 'signed_out') return { status: 'signed_out' };
    if (inner.status === 'active') return { status: 'active', user: inner.user, since: iso(inner.since) };
    return { status: 'locked', user: inner.user, lockedAt: iso(inner.lockedAt), reason: inner.reason, otpRequired: this.deps.unlockRequiresOtp };
  }

  /** What the router checks: roles and lock state, or null when nobody is signed in. */
  caller(): CallerSession | null {
    const inner = this.inner;
    if (inner.status === 'signed_out') return null;
    return { roles: inner.user.roles, locked: inner.status === 'locked' };
  }

  user(): UserView | null {
    return this.inner.status === 'signed_out' ? null : this.inner.user;
  }

  accessToken(): string | null {
    return this.inner.status === 'active' ? this.inner.accessToken : null;
  }

  async login(request: LoginRequest): Promise<UserView> {
    if (this.inner.status !== 'signed_out') throw new SessionStateError('Someone is already signed in on this desk; sign out first');
    const grant = await this.deps.api.call('login', { body: { ...request, device: this.deps.device } });
    await this.adopt(grant);
    return grant.user;
  }

  lock(reason: LockReason): SessionState {
    const inner = this.inner;
    if (inner.status === 'active') {
      // Dropping the access token is the lock: nothing in this process can call the gateway for the user.
      this.inner = { status: 'locked', user: inner.user, lockedAt: this.deps.clock.now(), reason };
      this.changed();
    }
    return this.state();
  }

  async unlock(request: UnlockRequest): Promise<SessionState> {
    const inner = this.inner;
    if (inner.status !== 'locked') throw new SessionStateError('The session is not locked');
    if (this.deps.unlockRequiresOtp && request.otp === undefined) throw new SessionStateError('Enter the one-time code to unlock');
    const refreshToken = await this.deps.secrets.get(this.refreshAccount(inner.user.username));
    if (refreshToken === null) {
      await this.end();
      throw new SessionStateError('The session has ended; sign in again');
    }
    const grant = await this.deps.api.call('reauth', { body: { ...request, refreshToken, deviceId: this.deps.device.deviceId } });
    await this.adopt(grant);
    return this.state();
  }

  async logout(): Promise<void> {
    const user = this.user();
    if (user === null) return;
    const refreshToken = await this.deps.secrets.get(this.refreshAccount(user.username));
    try {
      if (refreshToken !== null) await this.deps.api.call('logout', { body: { refreshToken } });
    } finally {
      await this.end();
    }
  }

  /** Called by the API client after a 401: rotates the refresh token, once at a time. */
  refreshAccessToken(): Promise<boolean> {
    this.refreshing ??= this.rotate().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async rotate(): Promise<boolean> {
    const inner = this.inner;
    if (inner.status !== 'active') return false;
    const account = this.refreshAccount(inner.user.username);
    const refreshToken = await this.deps.secrets.get(account);
    if (refreshToken === null) return false;
    try {
      const grant = await this.deps.api.call('refresh', { body: { refreshToken, deviceId: this.deps.device.deviceId } });
      await this.adopt(grant);
      return true;
    } catch {
      await this.end();
      return false;
    }
  }

  private async adopt(grant: SessionGrant): Promise<void> {
    await this.deps.secrets.set(this.refreshAccount(grant.user.username), grant.tokens.refreshToken);
    const since = this.inner.status === 'active' ? this.inner.since : this.deps.clock.now();
    this.inner = { status: 'active', user: grant.user, since, accessToken: grant.tokens.accessToken };
    this.changed();
  }

  private async end(): Promise<void> {
    const user = this.user();
    this.inner = { status: 'signed_out' };
    if (user !== null) await this.deps.secrets.delete(this.refreshAccount(user.username));
    this.changed();
  }

  private refreshAccount(username: string): string {
    return secretAccounts.refreshToken(this.deps.serverOrigin, username);
  }

  private changed(): void {
    this.deps.onChange?.(this.state());
  }
}
