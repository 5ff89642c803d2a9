// Whether the OS keychain answered the desk's last use of it: a critical
// control the desk reports in every heartbeat (PCI DSS 10.7.2). The store
// still fails closed exactly as before; this only remembers how its last call went.
import type { z } from 'zod';
import type { KeychainStateSchema } from '../../shared/schemas/incidents.ts';
import { KeychainUnavailableError, type SecretStore } from './secret-store.ts';

export type KeychainState = z.infer<typeof KeychainStateSchema>;

export interface WatchedSecretStore extends SecretStore {
  health(): KeychainState;
}

export function watchKeychain(store: SecretStore): WatchedSecretStore {
  let state: KeychainState = 'ok';
  const watched = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      const result = await run();
      state = 'ok';
      return result;
    } catch (error) {
      if (error instanceof KeychainUnavailableError) state = 'failed';
      throw error;
    }
  };
  return {
    get: (account) => watched(() => store.get(account)),
    set: (account, secret) => watched(() => store.set(account, secret)),
    delete: (account) => watched(() => store.delete(account)),
    health: () => state,
  };
}
