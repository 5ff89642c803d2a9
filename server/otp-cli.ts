// `npm run otp -- SECRET`: the current one-time code for a demo account, as an
// authenticator app would show it.
import { currentTotp } from './identity/totp.ts';

const secret = process.argv[2];
if (secret === undefined || !/^[A-Z2-7]+=*$/.test(secret)) {
  process.stderr.write('usage: npm run otp -- BASE32SECRET\n');
  process.exit(1);
}
process.stdout.write(`${await currentTotp(secret, Date.now())}\n`);
