// --seed-demo: the synthetic customers and the demo accounts. Passwords are
// fixed so docs/operations.md can list them; TOTP secrets are random per data folder
// and printed at start.
import type { Role } from '../../shared/roles.ts';
import { panHmac } from '../customers/card-hmac.ts';
import { phoneHmac } from '../customers/phone-hmac.ts';
import { mfaSecretContext } from '../identity/auth-service.ts';
import { hashPassword } from '../identity/passwords.ts';
import type { SecretBox } from '../identity/secret-box.ts';
import { newTotpSecret } from '../identity/totp.ts';
import type { GatewayStore } from '../storage/store.ts';
import { DEMO_CUSTOMER_COUNT, demoCustomer } from './demo-data.ts';

export interface DemoAccount {
  readonly userId: string;
  readonly username: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  readonly password: string;
  readonly mfa: boolean;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { userId: 'u-agent-ana', username: 'agent.ana', displayName: 'Ana Agent', roles: ['agent'], password: 'desk-demo-ana-2026', mfa: false },
  { userId: 'u-agent-ben', username: 'agent.ben', displayName: 'Ben Agent', roles: ['agent'], password: 'desk-demo-ben-2026', mfa: true },
  { userId: 'u-sup-sara', username: 'sup.sara', displayName: 'Sara Supervisor', roles: ['supervisor'], password: 'desk-demo-sara-2026', mfa: true },
  { userId: 'u-admin-ivan', username: 'admin.ivan', displayName: 'Ivan Admin', roles: ['admin'], password: 'desk-demo-ivan-2026', mfa: true },
];

const IMPORT_CHUNK = 500;

/** `now`: the accounts' creation time, from which the 90-day inactivity rule counts until their first sign-in. */
export async function seedDemo(
  store: GatewayStore,
  seal: SecretBox,
  pepper: Buffer,
  customerCount = DEMO_CUSTOMER_COUNT,
  now = Date.now(),
): Promise<void> {
  for (const account of DEMO_ACCOUNTS) {
    if ((await store.identity.findUserByUsername(account.username)) !== null) continue;
    await store.identity.createUser({
      userId: account.userId,
      username: account.username,
      displayName: account.displayName,
      roles: account.roles,
      passwordHash: await hashPassword(account.password),
      mfaSecretSealed: account.mfa ? seal.seal(newTotpSecret(), mfaSecretContext(account.userId)) : null,
      failedAttempts: 0,
      lockedUntil: null,
      lastTotpStep: null,
      disabledAt: null,
      disabledReason: null,
      // Demo passwords are listed in docs/operations.md: they are no one-time passwords, and the demo accounts have no pending setup.
      mustChangePassword: false,
      passwordExpiresAt: null,
      createdAt: now,
      lastSignInAt: null,
      enabledAt: null,
      mfaPendingSealed: null,
      mfaPendingExpiresAt: null,
      mfaRequired: account.mfa,
      mfaResetHash: null,
      mfaResetExpiresAt: null,
    });
  }
  if ((await store.customers.count()) > 0) return;
  const hmac = (pan: string): string => panHmac(pepper, pan);
  for (let start = 1; start <= customerCount; start += IMPORT_CHUNK) {
    const end = Math.min(customerCount, start + IMPORT_CHUNK - 1);
    const records = Array.from({ length: end - start + 1 }, (_, i) => demoCustomer(start + i, hmac));
    await store.customers.importCustomers(records.map((r) => ({ ...r, customer: { ...r.customer, phoneHmac: phoneHmac(pepper, r.customer.phone) } })));
  }
}

/** The demo accounts with their TOTP secrets, for the start-up printout. */
export async function demoCredentials(store: GatewayStore, seal: SecretBox): Promise<(DemoAccount & { totpSecret: string | null })[]> {
  const result: (DemoAccount & { totpSecret: string | null })[] = [];
  for (const account of DEMO_ACCOUNTS) {
    const user = await store.identity.findUserById(account.userId);
    if (user === null) continue;
    result.push({
      ...account,
      totpSecret: user.mfaSecretSealed === null ? null : seal.open(user.mfaSecretSealed, mfaSecretContext(user.userId)),
    });
  }
  return result;
}
