// ID tokens a hostile or broken provider (or someone between it and the
// gateway) might hand over, built from a real one: re-signed with the provider's
// own key but with claims changed, unsigned, keyed with the client secret, or
// signed with another key under the provider's key ID.
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK, type JWTPayload } from 'jose';
import type { IdentityProvider } from './identity-provider.ts';

const base64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The provider's kid from a token it signed. */
const kidOf = (idToken: string): string => {
  const { kid } = decodeProtectedHeader(idToken);
  if (kid === undefined) throw new Error('the provider signed without a key ID');
  return kid;
};

/** The token's claims signed with a private key of the provider's (its current one, or one it retired), under that key's ID. */
export async function signedWithProviderKey(key: JWK, idToken: string, changes: (claims: JWTPayload) => JWTPayload = (claims) => claims): Promise<string> {
  return new SignJWT(changes(decodeJwt(idToken))).setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' }).sign(await importJWK(key, 'RS256'));
}

/** The same token with `changes` applied to its claims, signed by the provider's current key (so only the claims are wrong). */
export function resignedByProvider(idp: IdentityProvider, idToken: string, changes: (claims: JWTPayload) => JWTPayload): Promise<string> {
  return signedWithProviderKey(idp.signingKey(), idToken, changes);
}

/** `alg: none`: the claims with no signature at all. */
export function unsigned(idToken: string): string {
  return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(decodeJwt(idToken))}.`;
}

/** HS256 keyed with the client secret, which the gateway knows: proves nothing about the provider. */
export function macWithClientSecret(idToken: string, clientSecret: string): Promise<string> {
  return new SignJWT(decodeJwt(idToken)).setProtectedHeader({ alg: 'HS256', kid: kidOf(idToken), typ: 'JWT' }).sign(new TextEncoder().encode(clientSecret));
}

/** Signed by a key the attacker made, under the provider's key ID: the published key set is the provider's. */
export async function signedWithSwappedKey(idToken: string): Promise<string> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  return new SignJWT(decodeJwt(idToken)).setProtectedHeader({ alg: 'RS256', kid: kidOf(idToken), typ: 'JWT' }).sign(await importJWK(jwk, 'RS256'));
}
