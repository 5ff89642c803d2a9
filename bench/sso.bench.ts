// Single sign-on on the real gateway (SQLite) with the real provider, both on
// 127.0.0.1, in one process: 30 sequential sign-ins of agent.ana, each the whole
// flow (the desk's CompanySignIn: start, discovery, the provider's page signed
// in over HTTP, the loopback redirect) and, inside it, what the desk then sends:
// a challenge and the redemption (device proof, the attempt used up, the code
// redeemed at the provider, the ID token checked against its JWKS, the session
// opened). Prints JSON.
import { TestDevice } from '../test/harness/device/device.ts';
import { startGateway } from '../test/harness/gateway/gateway.ts';
import { startIdentityProvider } from '../test/harness/identity-provider/identity-provider.ts';
import { authorizeAtProvider, redeemAtGateway } from '../test/harness/identity-provider/sso-desk.ts';
import { ssoGatewayConfig, ssoProviderConfig } from '../test/harness/identity-provider/sso-gateway.ts';

const SIGN_INS = 30;
const ANA = { username: 'agent.ana', password: 'bench-ana-secret', mfa: true };

const percentiles = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number): number => Number((sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0).toFixed(1));
  return { p50: at(50), p95: at(95), max: at(100) };
};

const idp = await startIdentityProvider({ people: [ANA] });
const gw = await startGateway({ customers: 10, config: ssoGatewayConfig([ssoProviderConfig(idp)]) });
try {
  const whole: number[] = [];
  const redeem: number[] = [];
  for (let i = 0; i < SIGN_INS; i++) {
    const device = new TestDevice();
    const started = performance.now();
    const callback = await authorizeAtProvider(gw, device, ANA);
    const redeemStarted = performance.now();
    const answer = await redeemAtGateway(gw, device, callback, {}, gw.enrolment);
    const done = performance.now();
    if (answer.status !== 200) throw new Error(`sign-in ${i} answered ${answer.status}: ${answer.text}`);
    whole.push(done - started);
    redeem.push(done - redeemStarted);
  }
  process.stdout.write(`${JSON.stringify({ engine: 'sqlite', signIns: SIGN_INS, wholeFlowMs: percentiles(whole), gatewayRedeemMs: percentiles(redeem) }, null, 2)}\n`);
} finally {
  await gw.close();
  await idp.close();
}
