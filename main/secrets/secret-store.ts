// Secrets in the OS keychain (Keychain, Credential Manager, Secret Service) via
// @napi-rs/keyring. When no keychain can be reached it fails closed with a
// clear error: there is no file or plaintext fallback.
import { AsyncEntry } from '@napi-rs/keyring';

export const KEYCHAIN_SERVICE = 'sentinel-desk';

export class KeychainUnavailableError extends Error {
  override readonly name = 'KeychainUnavailableError';
}

export interface SecretStore {
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  /** True when there was an entry to delete. */
  delete(account: string): Promise<boolean>;
}

/** Account names: the server origin and the user or device they belong to. */
export const secretAccounts = {
  refreshToken: (serverOrigin: string, username: string): string => `${serverOrigin}#refresh#${username}`,
  auditKeys: (deviceId: string): string => `device#${deviceId}#audit-keys`,
  deviceSigningKey: (deviceId: string): string => `device#${deviceId}#signing-key`,
} as const;

async function guarded<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new KeychainUnavailableError(
      `The OS keychain is not available (${what}): ${cause}. Sentinel Desk keeps its keys only there and cannot continue without it.`,
      { cause: error },
    );
  }
}

export function createKeychainSecretStore(service = KEYCHAIN_SERVICE): SecretStore {
  const entry = (account: string): AsyncEntry => new AsyncEntry(service, account);
  return {
    get: (account) => guarded('read', () => entry(account).getPassword()),
    set: (account, secret) => guarded('write', () => entry(account).setPassword(secret)),
    delete: (account) => guarded('delete', () => entry(account).deleteCredential()),
  };
}
