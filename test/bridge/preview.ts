// `npm run preview` (development only): the real UI in Chromium without
// Electron, against real main-process services and the reference gateway.
import { demoCredentials } from '../../server/seed/demo-seed.ts';
import { startPreviewStack } from './preview-stack.ts';

const stack = await startPreviewStack({ gatewayPort: 8787 });
const out = (line: string): boolean => process.stdout.write(`${line}\n`);
out(`gateway: ${stack.gatewayUrl} (log: ${stack.dirs.gateway}/gateway.log)`);
for (const account of await demoCredentials(stack.gateway.store, stack.gateway.seal)) {
  out(`  ${account.username.padEnd(11)} ${account.password}  ${account.totpSecret === null ? '(no MFA)' : `TOTP secret ${account.totpSecret} (npm run otp -- SECRET)`}`);
}
out(`open the desk in Chromium: ${stack.url}`);
out('Ctrl-C stops everything.');
const stop = (): void => {
  void stack.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
