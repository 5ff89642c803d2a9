// Child process for the fail-closed test: tries to store a secret and prints
// the name of the error it got.
import { createKeychainSecretStore } from '../../../main/secrets/secret-store.ts';

try {
  await createKeychainSecretStore('sentinel-desk-probe').set('probe', 'secret-value');
  process.stdout.write('stored\n');
} catch (error) {
  process.stdout.write(`${error instanceof Error ? error.name : 'unknown'}\n`);
}
