import type { z } from 'zod';
import type { ApiLoginRequestSchema, LogoutRequestSchema, ReauthRequestSchema, RefreshRequestSchema, SessionGrant } from '../../shared/api.ts';
import type { GatewayAudit } from '../audit/gateway-audit.ts';
import type { Clock, GatewayConfig } from '../config.ts';
import type { AlertService } from '../supervision/alerts.ts';
import type { IdentityRepo } from '../storage/store.ts';
import type { SecretBox } from './secret-box.ts';
import { type Principal, type TokenIssuer } from './tokens.ts';
type LoginRequest = z.infer<typeof ApiLoginRequestSchema>;
type RefreshRequest = z.infer<typeof RefreshRequestSchema>;
type ReauthRequest = z.infer<typeof ReauthRequestSchema>;
type LogoutRequest = z.infer<typeof LogoutRequestSchema>;
export interface AuthService {
    login(request: LoginRequest): Promise<SessionGrant>;
    refresh(request: RefreshRequest): Promise<SessionGrant>;
    reauth(request: ReauthRequest): Promise<SessionGrant>;
    logout(request: LogoutRequest): Promise<void>;
    /** The signed-in principal behind an access token, or null. Checks the session was not revoked. */
    authenticate(accessToken: string): Promise<Principal | null>;
}
export declare const mfaSecretContext: (userId: string) => string;
export declare function createAuthService(deps: {
    identity: IdentityRepo;
    tokens: TokenIssuer;
    seal: SecretBox;
    clock: Clock;
    audit: GatewayAudit;
    alerts: AlertService;
    config: Pick<GatewayConfig, 'lockout' | 'tokens'>;
}): AuthService;
export {};
