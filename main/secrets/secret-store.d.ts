export declare const KEYCHAIN_SERVICE = "sentinel-desk";
export declare class KeychainUnavailableError extends Error {
    readonly name = "KeychainUnavailableError";
}
export interface SecretStore {
    get(account: string): Promise<string | null>;
    set(account: string, secret: string): Promise<void>;
    /** True when there was an entry to delete. */
    delete(account: string): Promise<boolean>;
}
/** Account names: the server origin and the user or device they belong to. */
export declare const secretAccounts: {
    readonly refreshToken: (serverOrigin: string, username: string) => string;
    readonly auditKeys: (deviceId: string) => string;
    readonly deviceSigningKey: (deviceId: string) => string;
};
export declare function createKeychainSecretStore(service?: string): SecretStore;
