import { type Role } from '../../shared/roles.ts';
export interface Principal {
    readonly userId: string;
    readonly username: string;
    readonly roles: readonly Role[];
    readonly deviceId: string;
    /** The refresh-token family, i.e. the session; revoking it ends every token of the session. */
    readonly familyId: string;
}
export interface TokenIssuer {
    signAccess(principal: Principal, nowMs: number, ttlMinutes: number): Promise<{
        token: string;
        expiresAt: number;
    }>;
    /** The principal of a valid token, or null (bad signature, expired, wrong audience, malformed). */
    verifyAccess(token: string, nowMs: number): Promise<Principal | null>;
}
export declare function createTokenIssuer(key: Buffer): TokenIssuer;
export declare function newRefreshToken(): {
    token: string;
    hash: string;
};
export declare function hashRefreshToken(token: string): string;
