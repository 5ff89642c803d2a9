// Access tokens (JWT, HS256, short-lived) and opaque rotating refresh tokens,
// of which the gateway stores only a SHA-256 hash.
import { randomBytes } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { RoleSchema } from '../../shared/roles.ts';
import { PendingSetupSchema } from '../../shared/schemas/session.ts';
import { sha256Hex } from '../core/hashing.ts';
import type { Principal } from '../core/principal.ts';

const ISSUER = 'sentinel-gateway';
const AUDIENCE = 'sentinel-desk';

const ClaimsSchema = z.object({
  sub: z.string(),
  name: z.string(),
  roles: z.array(RoleSchema),
  did: z.string(),
  sid: z.string(),
  setup: z.array(PendingSetupSchema),
});

export interface TokenIssuer {
  /** A token valid from now until `expiresAtMs` (whole seconds, rounded down). */
  signAccess(principal: Principal, nowMs: number, expiresAtMs: number): Promise<{ token: string; expiresAt: number }>;
  /** The principal of a valid token, or null (bad signature, expired, wrong audience, malformed). */
  verifyAccess(token: string, nowMs: number): Promise<Principal | null>;
}

export function createTokenIssuer(key: Buffer): TokenIssuer {
  return {
    async signAccess(principal, nowMs, expiresAtMs) {
      const issuedAt = Math.floor(nowMs / 1000);
      const expiresAt = Math.floor(expiresAtMs / 1000);
      const token = await new SignJWT({
        name: principal.username,
        roles: [...principal.roles],
        did: principal.deviceId,
        sid: principal.familyId,
        setup: [...principal.pendingSetup],
      })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(principal.userId)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt(issuedAt)
        .setExpirationTime(expiresAt)
        .sign(key);
      return { token, expiresAt: expiresAt * 1000 };
    },
    async verifyAccess(token, nowMs) {
      try {
        const { payload } = await jwtVerify(token, key, {
          issuer: ISSUER,
          audience: AUDIENCE,
          algorithms: ['HS256'],
          currentDate: new Date(nowMs),
        });
        const claims = ClaimsSchema.parse(payload);
        return { userId: claims.sub, username: claims.name, roles: claims.roles, deviceId: claims.did, familyId: claims.sid, pendingSetup: claims.setup };
      } catch {
        return null;
      }
    },
  };
}

export function newRefreshToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashRefreshToken(token) };
}

export function hashRefreshToken(token: string): string {
  return sha256Hex(token);
}
