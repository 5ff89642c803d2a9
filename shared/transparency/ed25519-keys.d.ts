import { type WebCryptoKey } from './web-platform.ts';
export declare const ED25519_NOTE_TYPE = 1;
export declare const ED25519_COSIGNATURE_TYPE = 4;
export declare const ED25519_KEY_SIZE = 32;
export declare const ED25519_SIGNATURE_SIZE = 64;
export declare function noteKeyId(name: string, type: number, publicKey: Uint8Array): number;
export interface Ed25519KeyPair {
    readonly privateKey: WebCryptoKey;
    readonly publicKey: Uint8Array;
}
/** Imports a 32-byte Ed25519 seed (the private key as RFC 8032 defines it). */
export declare function ed25519FromSeed(seed: Uint8Array): Promise<Ed25519KeyPair>;
export declare function ed25519Sign(privateKey: WebCryptoKey, message: Uint8Array): Promise<Uint8Array>;
/** False for a signature that does not verify, including a malformed public key or signature. */
export declare function ed25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean>;
/** A verifier key string (c2sp.org/signed-note "vkey"): `<name>+<hex key ID>+base64(type ‖ public key)`. */
export declare function formatVerifierKey(name: string, publicKey: Uint8Array, type?: number): string;
export interface VerifierKey {
    readonly name: string;
    readonly type: number;
    readonly keyId: number;
    readonly publicKey: Uint8Array;
}
export declare function parseVerifierKey(vkey: string): VerifierKey;
