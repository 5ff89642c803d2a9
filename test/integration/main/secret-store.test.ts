// The SecretStore against the real OS keychain, and failing closed without one.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testKeychain } from '../../harness/keychain/keychain.ts';

describe('SecretStore', () => {
  it('stores, reads and deletes in the OS keychain', async () => {
    const keychain = testKeychain();
    await keychain.set('https://gw.example#refresh#agent.ana', 'secret-value');
    expect(await keychain.get('https://gw.example#refresh#agent.ana')).toBe('secret-value');
    expect(await keychain.delete('https://gw.example#refresh#agent.ana')).toBe(true);
    expect(await keychain.get('https://gw.example#refresh#agent.ana')).toBeNull();
  });

  it('fails closed with a clear error when no keychain can be reached, writing nothing elsewhere', () => {
    const script = join(import.meta.dirname, '..', '..', 'harness', 'keychain', 'keychain-probe.ts');
    const child = spawnSync(process.execPath, [script], {
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', HOME: '/nonexistent-home' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(child.stdout.trim()).toBe('KeychainUnavailableError');
    expect(child.stderr).not.toContain('secret-value');
  });
});
