// The signed-in session: one state machine (signed_out → active ⇄ locked →
// signed_out). The access token lives in this object's memory only; the
// rotating refresh token lives in the OS keychain. Callers outside main see the
// user and the state, never a token.
//
// Races: lock and logout take effect at once, synchronously, and always win.
// Everything that talks to the gateway or the keychain (login, unlock, refresh,
// the server side of logout) runs one at a time, and applies its result only if
// no lock or logout happened while it was in flight: a refresh that lands after
// a lock leaves the session locked, and one that lands after a logout writes
// nothing back to the keychain.
import type { SessionGrant } from '../../shared/api.ts';
import type { DeskLoginRequest, EnrolmentPresentation } from '../../shared/schemas/admin.ts';
import { loginProofMessage, sessionProofMessage, ssoProofMessage } from '../../shared/device-proof.ts';
import type { CallerSession } from '../../shared/contract/checks.ts';
import type { ChangePasswordRequest, SessionState, UnlockRequest, UserView } from '../../shared/schemas/session.ts';
import { ApiError, type AccessTokenSource, type ApiClient } from '../api/api-client.ts';
import type { AuditEventInput } from '../audit/audit-queue.ts';
import type { Clock } from '../clock.ts';
import { redemptionOf, type AuthorizedCallback } from '../sso/company-sign-in.ts';
import { secretAccounts, type SecretStore } from '../secrets/secret-store.ts';

/** What a company sign-in may also carry: the gateway's one-time code, and an enrolment code for a new desk. */
export interface CompanyExtras {
  readonly otp?: string | undefined;
  readonly enrolmentCode?: string | undefined;
}

export type LockReason = Extract<SessionState, { status: 'locked' }>['reason'];

export class SessionStateError extends Error {
  override readonly name = 'SessionStateError';
}

export interface SessionDevice {
  readonly deviceId: string;
  readonly publicKey: string;
  readonly appVersion: string;
  /** Ed25519 signature (base64url) with the device key held in the keychain. */
  sign(message: string): string;
}

type Inner =
  | { status: 'signed_out' }
  | { status: 'active'; user: UserView; since: number; accessToken: string; wallboard?: true }
  | { status: 'locked'; user: UserView; lockedAt: number; reason: LockReason };

/** The gateway refused the session itself; anything else (429, 5xx, network, a wrong unlock password) leaves it be. */
const refused = (error: unknown): boolean =>
  error instanceof ApiError && error.kind === 'http' && (error.code === 'unauthenticated' || error.code === 'session_expired' || error.code === 'device_revoked');

export class SessionService implements AccessTokenSource {
  private inner: Inner = { status: 'signed_out' };
  /** Why the last session ended, when the desk was revoked: the sign-in form says so. */
  private revoked = false;
  /** Grows at every sign-in and sign-out: a result that belongs to an earlier sign-in is void. */
  private signIn = 0;
  /** Grows at every lock: a refresh that started before it must not unlock. */
  private locks = 0;
  /** The tail of the operations that talk to the gateway or the keychain, which run one at a time. */
  private tail: Promise<unknown> = Promise.resolve();
  private refreshing: Promise<boolean> | null = null;
  private readonly deps: {
    api: ApiClient;
    secrets: SecretStore;
    clock: Clock;
    device: SessionDevice;
    serverOrigin: string;
    unlockRequiresOtp: boolean;
    /** The managed policy's enrolment token, presented (and signed) at every sign-in; the gateway ignores it once the desk is enrolled. */
    enrolmentToken?: string | undefined;
    /** The desk's audit trail: every lock is recorded here. */
    audit: { append(input: AuditEventInput): unknown };
    /** Where a lock whose audit event could not be written is reported (the lock still holds). */
    report: (error: unknown, where: string) => void;
    onChange?: (state: SessionState) => void;
  };

  constructor(deps: SessionService['deps']) {
    this.deps = deps;
  }

  state(): SessionState {
    const inner = this.inner;
    const iso = (ms: number): string => new Date(ms).toISOString();
    if (inner.status === 'signed_out') return this.revoked ? { status: 'signed_out', reason: 'device_revoked' } : { status: 'signed_out' };
    if (inner.status === 'active') return { status: 'active', user: inner.user, since: iso(inner.since), ...(inner.wallboard ? { wallboard: true } : {}) };
    return { status: 'locked', user: inner.user, lockedAt: iso(inner.lockedAt), reason: inner.reason, otpRequired: this.deps.unlockRequiresOtp };
  }

  /** What the router checks: roles and lock state, or null when nobody is signed in. */
  caller(): CallerSession | null {
    const inner = this.inner;
    if (inner.status === 'signed_out') return null;
    return { roles: inner.user.roles, locked: inner.status === 'locked', pendingSetup: inner.user.pendingSetup ?? [], wallboard: inner.status === 'active' && inner.wallboard === true };
  }

  user(): UserView | null {
    return this.inner.status === 'signed_out' ? null : this.inner.user;
  }

  accessToken(): string | null {
    return this.inner.status === 'active' ? this.inner.accessToken : null;
  }

  login(request: DeskLoginRequest): Promise<UserView> {
    return this.serial(async () => {
      if (this.inner.status !== 'signed_out') throw new SessionStateError('Someone is already signed in on this desk; sign out first');
      const { deviceId, publicKey, appVersion } = this.deps.device;
      const { nonce } = await this.deps.api.call('challenge', { body: { deviceId } });
      const { enrolmentCode, ...credentials } = request;
      const enrolment = this.enrolmentFor(enrolmentCode);
      const signature = this.deps.device.sign(loginProofMessage({ nonce, deviceId, publicKey, username: request.username, enrolment }));
      const grant = await this.deps.api.call('login', {
        body: { ...credentials, device: { deviceId, publicKey, appVersion }, proof: { nonce, signature }, ...(enrolment === undefined ? {} : { enrolment }) },
      });
      return this.begin(grant);
    });
  }

  /**
   * Single sign-on: hands the checked redirect of a company sign-in (main/sso/company-sign-in.ts) to the gateway,
   * which redeems the code, under this desk's device proof over the attempt and the code.
   */
  loginWithCompanyAccount(callback: AuthorizedCallback, extras: CompanyExtras = {}): Promise<UserView> {
    return this.serial(async () => {
      if (this.inner.status !== 'signed_out') throw new SessionStateError('Someone is already signed in on this desk; sign out first');
      return this.begin(await this.redeemCompanySignIn(callback, extras));
    });
  }

  /**
   * Unlocks with the company account: a new session for the locked user (the locked one is ended on the gateway).
   * Another person's company account unlocks nothing: their new session is ended at once and the desk stays locked.
   */
  unlockWithCompanyAccount(callback: AuthorizedCallback, extras: CompanyExtras = {}): Promise<SessionState> {
    return this.serial(async () => {
      const inner = this.inner;
      if (inner.status !== 'locked') throw new SessionStateError('The session is not locked');
      const signIn = this.signIn;
      const grant = await this.redeemCompanySignIn(callback, extras);
      const refusal =
        this.signIn !== signIn
          ? 'You signed out while the desk was unlocking'
          : grant.user.userId === inner.user.userId
            ? null
            : `This desk is locked for ${inner.user.username}: unlock with that company account, or sign out`;
      if (refusal !== null) {
        await this.deps.api.call('logout', { body: { refreshToken: grant.tokens.refreshToken } });
        throw new SessionStateError(refusal);
      }
      const account = this.refreshAccount(inner.user.username);
      const locked = await this.deps.secrets.get(account);
      await this.deps.secrets.set(account, grant.tokens.refreshToken);
      this.activate(grant, this.deps.clock.now());
      // The locked session is replaced: end it on the gateway too (a failure leaves it to run out, unusable without its token).
      if (locked !== null) await this.deps.api.call('logout', { body: { refreshToken: locked } }).catch((error: unknown) => this.deps.report(error, 'session.ssoUnlock'));
      return this.state();
    });
  }

  /** The gateway's redemption of a checked company sign-in, under this desk's device proof over the attempt and the code. */
  private async redeemCompanySignIn(callback: AuthorizedCallback, extras: CompanyExtras): Promise<SessionGrant> {
    const { deviceId, publicKey, appVersion } = this.deps.device;
    const { nonce } = await this.deps.api.call('challenge', { body: { deviceId } });
    const enrolment = this.enrolmentFor(extras.enrolmentCode);
    const signature = this.deps.device.sign(ssoProofMessage({ nonce, deviceId, publicKey, state: callback.state, code: callback.code, enrolment }));
    return this.deps.api.call('ssoRedeem', {
      body: redemptionOf(callback, { otp: extras.otp, device: { deviceId, publicKey, appVersion }, proof: { nonce, signature }, enrolment }),
    });
  }

  /** A new session from a sign-in's grant: the refresh token into the keychain, the access token into memory. */
  private async begin(grant: SessionGrant): Promise<UserView> {
    await this.deps.secrets.set(this.refreshAccount(grant.user.username), grant.tokens.refreshToken);
    this.signIn += 1;
    this.revoked = false;
    this.activate(grant, this.deps.clock.now());
    return grant.user;
  }

  /** First sign-in: the one-time password for a new one. The gateway answers with a new grant, stored as at login. */
  changePassword(request: ChangePasswordRequest): Promise<UserView> {
    return this.replaceGrant(() => this.deps.api.call('changePassword', { body: request }));
  }

  /** First sign-in: the first code of the new authenticator; the grant that follows has no pending setup left. */
  confirmMfa(request: { code: string }): Promise<UserView> {
    return this.replaceGrant(() => this.deps.api.call('confirmMfa', { body: request }));
  }

  /**
   * Swaps in the grant an account-setup step answers with, unless a sign-out
   * happened meanwhile. The call itself runs outside the one-at-a-time tail:
   * a 401 makes the API client refresh, which queues on that tail.
   */
  private async replaceGrant(call: () => Promise<SessionGrant>): Promise<UserView> {
    const before = this.inner;
    if (before.status !== 'active') throw new SessionStateError('Sign in first');
    const { signIn, locks } = this;
    const grant = await call();
    return this.serial(() => this.storeGrant(grant, signIn, locks));
  }

  private async storeGrant(grant: SessionGrant, signIn: number, locks: number): Promise<UserView> {
    if (this.signIn !== signIn) throw new SessionStateError('You signed out while the account was being set up');
    await this.deps.secrets.set(this.refreshAccount(grant.user.username), grant.tokens.refreshToken);
    const now = this.inner;
    if (this.locks !== locks || now.status !== 'active') {
      // Locked meanwhile: the step is done on the gateway, so the unlock must not ask for it again.
      if (now.status === 'locked') this.inner = { ...now, user: grant.user };
      this.changed();
      return grant.user;
    }
    // A wallboard entered while the step was in flight stays one: only a lock ends it.
    this.activate(grant, now.since, now.wallboard);
    return grant.user;
  }

  /** A managed build's policy token wins: such a desk never asks people for a code. */
  private enrolmentFor(code: string | undefined): EnrolmentPresentation | undefined {
    const token = this.deps.enrolmentToken;
    if (token !== undefined) return { kind: 'policy_token', secret: token };
    return code === undefined ? undefined : { kind: 'code', secret: code };
  }

  /** The one way to lock (manual, idle, OS lock, suspend): immediate, never refused, and audited here. */
  lock(reason: LockReason): SessionState {
    const inner = this.inner;
    if (inner.status !== 'active') return this.state();
    // Dropping the access token is the lock: nothing in this process can call the gateway for the user.
    this.inner = { status: 'locked', user: inner.user, lockedAt: this.deps.clock.now(), reason };
    this.locks += 1;
    try {
      this.deps.audit.append({
        type: 'session.lock',
        outcome: 'success',
        actor: { userId: inner.user.userId, username: inner.user.username, roles: inner.user.roles },
        target: { kind: 'session', id: null },
        details: { reason },
      });
    } catch (error) {
      this.deps.report(error, 'session.lock');
    }
    this.changed();
    return this.state();
  }

  /**
   * A supervisor's shared display: the same session, reduced to the floor's aggregate figures (the router
   * answers only the channels declared for it) and kept out of the idle lock. Any lock ends it, so whoever
   * walks up to the display needs the password to reach anything else.
   */
  showWallboard(): SessionState {
    const inner = this.inner;
    if (inner.status !== 'active') throw new SessionStateError('The session is not active');
    this.inner = { ...inner, wallboard: true };
    this.changed();
    return this.state();
  }

  unlock(request: UnlockRequest): Promise<SessionState> {
    return this.serial(async () => {
      const inner = this.inner;
      if (inner.status !== 'locked') throw new SessionStateError('The session is not locked');
      if (this.deps.unlockRequiresOtp && request.otp === undefined) throw new SessionStateError('Enter the one-time code to unlock');
      const signIn = this.signIn;
      const account = this.refreshAccount(inner.user.username);
      const refreshToken = await this.deps.secrets.get(account);
      if (refreshToken === null) {
        await this.end(signIn, account);
        throw new SessionStateError('The session has ended; sign in again');
      }
      let grant: SessionGrant;
      try {
        grant = await this.deps.api.call('reauth', { body: { ...request, ...this.sessionProof('reauth', refreshToken) } });
      } catch (error) {
        if (refused(error)) await this.end(signIn, account, error);
        throw error;
      }
      if (this.signIn !== signIn) throw new SessionStateError('You signed out while the desk was unlocking');
      await this.deps.secrets.set(account, grant.tokens.refreshToken);
      this.activate(grant, this.deps.clock.now());
      return this.state();
    });
  }

  /** Signs out at once; ending the gateway's session and clearing the keychain follow, after any refresh in flight. */
  async logout(): Promise<void> {
    const user = this.user();
    if (user === null) return;
    this.signIn += 1;
    this.inner = { status: 'signed_out' };
    this.changed();
    const account = this.refreshAccount(user.username);
    await this.serial(async () => {
      const refreshToken = await this.deps.secrets.get(account);
      try {
        if (refreshToken !== null) await this.deps.api.call('logout', { body: { refreshToken } });
      } finally {
        await this.deps.secrets.delete(account);
      }
    });
  }

  /**
   * Called by the API client after a 401: rotates the refresh token, once at a
   * time, unless the refused token was already replaced. Resolves true with a
   * new access token, false when there is no active session (any more); rejects
   * with the ApiError of a transient failure (429, 5xx, network), which keeps
   * the session so that the next call tries again.
   */
  refreshAccessToken(rejected: string | null): Promise<boolean> {
    this.refreshing ??= this.serial(() => this.rotate(rejected)).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async rotate(rejected: string | null): Promise<boolean> {
    const inner = this.inner;
    if (inner.status !== 'active') return false;
    // Refused with a token that an earlier refresh (or unlock) has since replaced: the call just retries.
    if (inner.accessToken !== rejected) return true;
    const { signIn, locks } = this;
    const account = this.refreshAccount(inner.user.username);
    const refreshToken = await this.deps.secrets.get(account);
    if (refreshToken === null) {
      await this.end(signIn, account);
      return false;
    }
    let grant: SessionGrant;
    try {
      grant = await this.deps.api.call('refresh', { body: this.sessionProof('refresh', refreshToken) });
    } catch (error) {
      if (!refused(error)) throw error;
      await this.end(signIn, account, error);
      return false;
    }
    // Signed out meanwhile: the rotated token is dropped here, never written back.
    if (this.signIn !== signIn) return false;
    // The old token is spent either way; a session locked meanwhile keeps the new one, which its unlock needs.
    await this.deps.secrets.set(account, grant.tokens.refreshToken);
    const now = this.inner;
    if (this.signIn !== signIn || this.locks !== locks || now.status !== 'active') return false;
    this.inner = { ...now, user: grant.user, accessToken: grant.tokens.accessToken };
    return true;
  }

  private sessionProof(purpose: 'refresh' | 'reauth', refreshToken: string) {
    const { deviceId } = this.deps.device;
    return { refreshToken, deviceId, signature: this.deps.device.sign(sessionProofMessage(purpose, { deviceId, refreshToken })) };
  }

  private activate(grant: SessionGrant, since: number, wallboard?: true): void {
    this.inner = { status: 'active', user: grant.user, since, accessToken: grant.tokens.accessToken, ...(wallboard ? { wallboard } : {}) };
    this.changed();
  }

  /** The gateway refused the session: sign out (unless that already happened) and forget the refresh token. */
  private async end(signIn: number, account: string, error?: unknown): Promise<void> {
    if (this.signIn !== signIn) return;
    this.signIn += 1;
    this.revoked = error instanceof ApiError && error.code === 'device_revoked';
    this.inner = { status: 'signed_out' };
    this.changed();
    await this.deps.secrets.delete(account);
  }

  /** Runs operations that talk to the gateway or the keychain one at a time, in call order. */
  private serial<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.tail.then(operation, operation);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private refreshAccount(username: string): string {
    return secretAccounts.refreshToken(this.deps.serverOrigin, username);
  }

  private changed(): void {
    this.deps.onChange?.(this.state());
  }
}
