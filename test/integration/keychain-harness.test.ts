// Proves the test command gives a real OS keychain (Secret Service on Linux):
// an entry written through @napi-rs/keyring can be read back and deleted.
import { Entry } from '@napi-rs/keyring';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';

describe('OS keychain available to tests', () => {
  it('stores, reads back and deletes a secret', () => {
    const entry = new Entry('sentinel-desk-test-harness', `probe-${randomUUID()}`);
    const secret = randomUUID();
    entry.setPassword(secret);
    try {
      expect(entry.getPassword()).toBe(secret);
    } finally {
      expect(entry.deleteCredential()).toBe(true);
    }
    expect(entry.getPassword()).toBeNull();
  });
});
