import { type KeyObject } from 'node:crypto';
import { type SecretStore } from '../secrets/secret-store.ts';
export interface AuditKeys {
    readonly currentKeyId: string;
    key(keyId: string): Buffer | undefined;
    readonly signingKey: KeyObject;
    /** Raw Ed25519 public key, base64url: what the gateway enrolls. */
    readonly publicKey: string;
}
/** Loads the keys, creating them the first time; `created` says which were new, for the audit trail. */
export declare function loadAuditKeys(secrets: SecretStore, deviceId: string): Promise<{
    keys: AuditKeys;
    createdDataKey: boolean;
}>;
/** Adds a new data key and makes it current; earlier keys stay for reading old rows. */
export declare function rotateAuditKey(secrets: SecretStore, deviceId: string): Promise<AuditKeys>;
