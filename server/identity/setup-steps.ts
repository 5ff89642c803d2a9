// The first sign-in steps an account still owes (PCI DSS 8.3.5, 8.4.2): a new
// password in place of the one-time password, then an MFA secret. Derived from
// the stored account, so the token, the grant and the setup routes agree.
import type { PendingSetup } from '../../shared/schemas/session.ts';
import type { UserRecord } from '../storage/store.ts';

export function pendingSetupOf(user: UserRecord): PendingSetup[] {
  const steps: PendingSetup[] = [];
  if (user.mustChangePassword) steps.push('password_change');
  if (user.mfaRequired && user.mfaSecretSealed === null) steps.push('mfa_enrolment');
  return steps;
}
