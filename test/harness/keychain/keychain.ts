// A real-keychain SecretStore under a service name of its own, so tests never
// touch each other's (or a person's) entries; it forgets what it wrote on cleanup.
import { randomUUID } from 'node:crypto';
import { createKeychainSecretStore, type SecretStore } from '../../../main/secrets/secret-store.ts';

/** `await using keychain = testKeychain()` forgets what it wrote when the scope ends. */
export interface TestKeychain extends SecretStore, AsyncDisposable {
  readonly service: string;
  /** Accounts written so far, for assertions and cleanup. */
  readonly written: Set<string>;
  cleanup(): Promise<void>;
}

export function testKeychain(service = `sentinel-desk-test-${randomUUID()}`): TestKeychain {
  const store = createKeychainSecretStore(service);
  const written = new Set<string>();
  const cleanup = async (): Promise<void> => {
    for (const account of written) await store.delete(account);
  };
  return {
    service,
    written,
    get: (account) => store.get(account),
    set: async (account, secret) => {
      written.add(account);
      await store.set(account, secret);
    },
    delete: (account) => store.delete(account),
    cleanup,
    [Symbol.asyncDispose]: cleanup,
  };
}
