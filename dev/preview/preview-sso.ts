// `npm run demo -- --sso` and `npm run preview -- --sso`: a real OpenID Connect
// provider (oidc-provider, the test harness's) on 127.0.0.1 with the demo people,
// and the gateway configured to offer it, so a newcomer can try single sign-on.
// The preview cannot open a browser for the desk: the sign-in page's address is
// printed instead, to open in another tab.
import type { GatewayConfigInput } from '../../server/config.ts';
import { startIdentityProvider, type IdentityProvider, type ProviderPerson } from '../../test/harness/identity-provider/identity-provider.ts';
import { ssoProviderConfig } from '../../test/harness/identity-provider/sso-gateway.ts';

/** The demo people at the company provider: the demo accounts' usernames, their own passwords, MFA done at the provider. */
export const DEMO_COMPANY_PEOPLE: readonly ProviderPerson[] = [
  { username: 'agent.ana', password: 'corp-demo-ana-2026', mfa: true },
  { username: 'agent.ben', password: 'corp-demo-ben-2026', mfa: true },
  { username: 'sup.sara', password: 'corp-demo-sara-2026', mfa: true },
];

export interface PreviewSso {
  readonly provider: IdentityProvider;
  readonly gatewayConfig: GatewayConfigInput;
  readonly banner: string[];
}

export async function startPreviewSso(): Promise<PreviewSso> {
  const provider = await startIdentityProvider({ people: DEMO_COMPANY_PEOPLE });
  return {
    provider,
    gatewayConfig: { sso: { providers: [ssoProviderConfig(provider, 'corp', 'Example Corp (demo)')] } },
    banner: [
      `company sign-in (OpenID Connect provider ${provider.issuer}): "Sign in with your company account" on a desk, then open the sign-in page address printed here`,
      ...DEMO_COMPANY_PEOPLE.map((p) => `  ${p.username.padEnd(11)} ${p.password}  (MFA done at the provider)`),
      '  admin.ivan has no company account: its password and one-time code are the break-glass sign-in, which raises an alert.',
    ],
  };
}
