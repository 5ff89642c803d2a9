// Issue 26: the desk reports in its heartbeat whether the OS keychain answered
// its last use. The store in front of it still fails closed; the watch only
// remembers the outcome, and a later success clears it.
import { describe, expect, it } from 'vitest';
import { watchKeychain } from '../../../main/secrets/keychain-health.ts';
import { KeychainUnavailableError, type SecretStore } from '../../../main/secrets/secret-store.ts';

/** A keychain that can be switched off, as when its daemon stops: the same error the real store throws. */
function switchableKeychain(): SecretStore & { up: boolean } {
  const entries = new Map<string, string>();
  const reach = <T>(run: () => T): Promise<T> => (store.up ? Promise.resolve(run()) : Promise.reject(new KeychainUnavailableError('The OS keychain is not available (read)')));
  const store = {
    up: true,
    get: (account: string) => reach(() => entries.get(account) ?? null),
    set: (account: string, secret: string) => reach(() => void entries.set(account, secret)),
    delete: (account: string) => reach(() => entries.delete(account)),
  };
  return store;
}

describe('watchKeychain', () => {
  it('reports failed after a call the keychain could not answer, still failing that call, and ok after the next success', async () => {
    const keychain = switchableKeychain();
    const watched = watchKeychain(keychain);
    await watched.set('a', 'secret');
    expect(watched.health()).toBe('ok');
    keychain.up = false;
    await expect(watched.get('a')).rejects.toBeInstanceOf(KeychainUnavailableError);
    expect(watched.health()).toBe('failed');
    keychain.up = true;
    expect(await watched.get('a')).toBe('secret');
    expect(watched.health()).toBe('ok');
  });

  it('does not count an ordinary error of the caller as a keychain failure', async () => {
    const watched = watchKeychain({
      get: () => Promise.reject(new TypeError('bad account name')),
      set: () => Promise.resolve(),
      delete: () => Promise.resolve(false),
    });
    await expect(watched.get('x')).rejects.toBeInstanceOf(TypeError);
    expect(watched.health()).toBe('ok');
  });
});
