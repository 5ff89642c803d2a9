import type { LoginRequest, SessionState, UnlockRequest, UserView } from '../../shared/schemas/session.ts';
import type { CallerSession } from '../../shared/contract/checks.ts';
import type { AccessTokenSource } from '../api/api-client.ts';
export type LockReason = Extract<SessionState, {
    status: 'locked';
}>['reason'];
export declare class SessionStateError extends Error {
    readonly name = "SessionStateError";
}
export interface SessionDevice {
    readonly deviceId: string;
    readonly publicKey: string;
    readonly appVersion: string;
}
export declare class SessionService implements AccessTokenSource {
    private inner;
    private refreshing;
    private readonly deps;
    constructor(deps: SessionService['deps']);
    state(): SessionState;
    /** What the router checks: roles and lock state, or null when nobody is signed in. */
    caller(): CallerSession | null;
    user(): UserView | null;
    accessToken(): string | null;
    login(request: LoginRequest): Promise<UserView>;
    lock(reason: LockReason): SessionState;
    unlock(request: UnlockRequest): Promise<SessionState>;
    logout(): Promise<void>;
    /** Called by the API client after a 401: rotates the refresh token, once at a time. */
    refreshAccessToken(): Promise<boolean>;
    private rotate;
    private adopt;
    private end;
    private refreshAccount;
    private changed;
}
