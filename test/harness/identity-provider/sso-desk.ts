// The desk's half of single sign-on in gateway tests: main's real CompanySignIn
// (PKCE, loopback redirect, state and iss checks) with a person signing in at
// the provider over HTTP in place of the system browser, and the redemption a
// desk sends, under a TestDevice's proof.
import { createApiClient } from '../../../main/api/api-client.ts';
import { CompanySignIn, redemptionOf, type AuthorizedCallback } from '../../../main/sso/company-sign-in.ts';
import type { SsoRedeemRequest } from '../../../shared/api.ts';
import type { TestDevice } from '../device/device.ts';
import type { GatewayClient } from '../gateway/gateway.ts';
import type { RouteResponse } from '../gateway/route-client.ts';
import { signInAtProvider, type ProviderCredentials } from './provider-walker.ts';

/** Runs the browser part for `device`: the checked redirect, not yet redeemed. */
export function authorizeAtProvider(
  gw: Pick<GatewayClient, 'url'>,
  device: TestDevice,
  person: ProviderCredentials,
  options: { provider?: string; openExternal?: (url: string) => Promise<void> } = {},
): Promise<AuthorizedCallback> {
  const signIn = new CompanySignIn({
    api: createApiClient({ baseUrl: gw.url, tlsPins: [] }),
    deviceId: device.deviceId,
    openExternal:
      options.openExternal ??
      (async (url) => {
        await signInAtProvider(url, person);
      }),
    allowLoopbackHttp: true,
  });
  return signIn.authorize(options.provider);
}

/** The redemption as a desk sends it (a fresh challenge, signed by the device key), with fields a test may change. */
export async function redeemAtGateway(
  gw: Pick<GatewayClient, 'route'>,
  device: TestDevice,
  callback: AuthorizedCallback,
  overrides: Partial<SsoRedeemRequest> = {},
  enrolment?: SsoRedeemRequest['enrolment'],
): Promise<RouteResponse<'ssoRedeem'>> {
  const challenge = await gw.route('challenge', { body: { deviceId: device.deviceId } });
  const proof = device.ssoProof(challenge.body.nonce, overrides.state ?? callback.state, overrides.code ?? callback.code, enrolment === undefined ? {} : { enrolment });
  return gw.route('ssoRedeem', { body: { ...redemptionOf(callback, { device: device.info(), proof, enrolment }), ...overrides } });
}
