// Administration from a test: an admin's calls over real HTTP, signing in an
// account an admin created with its one-time password, and the gateway's own
// audit events about accounts.
import { GATEWAY_DEVICE_ID } from '../../../shared/gateway-device.ts';
import type { AuditEvent, AuditEventType } from '../../../shared/audit.ts';
import type { Role } from '../../../shared/roles.ts';
import type { OneTimePasswordGrant } from '../../../shared/schemas/admin.ts';
import { currentTotp, newTotpSecret } from '../../../server/identity/totp.ts';
import { createAccount } from './accounts.ts';
import type { TestDevice } from '../device/device.ts';
import type { RunningGateway } from './gateway.ts';
import type { RouteResponse } from './route-client.ts';

export const REASON = 'Ticket HR-42: joined the team';

/** Creates an account through the API; throws unless the gateway granted it. */
export async function createUser(gw: RunningGateway, adminToken: string, body: { username: string; roles: Role[]; displayName?: string }): Promise<OneTimePasswordGrant> {
  const answer = await gw.route('adminCreateUser', {
    token: adminToken,
    body: { displayName: body.username, reason: REASON, ...body },
  });
  if (answer.status !== 200) throw new Error(`create ${body.username}: ${answer.status} ${answer.text}`);
  return answer.body;
}

/** A password the policy accepts, different for each account (it may not contain the username). */
export const chosenPassword = (username: string): string => `Quiet harbour ${username.length} lanterns drift`;

/**
 * Signs in an account created by an admin with its one-time password and
 * finishes the first-sign-in steps (new password, MFA from the otpauth URI),
 * returning the access token of the set-up session. Not for parallel calls on
 * one gateway: it advances the gateway's clock past the code it used, which
 * voids a code another call has in flight.
 */
export async function signInCreated(gw: RunningGateway, grant: OneTimePasswordGrant): Promise<string> {
  let session = granted(grant.user.username, 'sign-in', await gw.attemptLogin(grant.user.username, grant.oneTimePassword));
  const steps = (): readonly string[] => session.user.pendingSetup ?? [];
  if (steps().includes('password_change')) {
    const body = { currentPassword: grant.oneTimePassword, newPassword: chosenPassword(grant.user.username) };
    session = granted(grant.user.username, 'password change', await gw.route('changePassword', { token: session.tokens.accessToken, body }));
  }
  if (steps().includes('mfa_enrolment')) {
    const started = granted(grant.user.username, 'mfa/start', await gw.route('startMfa', { body: {}, token: session.tokens.accessToken }));
    const secret = new URL(started.otpauthUri).searchParams.get('secret') ?? '';
    enrolledSecrets.set(grant.user.userId, secret);
    const body = { code: await currentTotp(secret, gw.clock.now()) };
    session = granted(grant.user.username, 'mfa/confirm', await gw.route('confirmMfa', { token: session.tokens.accessToken, body }));
    // That time step is spent; the account's next sign-in needs the next one.
    gw.clock.advance(30_000);
  }
  return session.tokens.accessToken;
}

/** The TOTP secrets signInCreated enrolled, so a later sign-in of the same account can compute its code. */
const enrolledSecrets = new Map<string, string>();

/**
 * One more sign-in of an account signInCreated set up (its chosen password and
 * the current code unless given). The code's time step is spent afterwards.
 */
export async function signInAgain(gw: RunningGateway, grant: OneTimePasswordGrant, options: { password?: string; device?: TestDevice } = {}): Promise<RouteResponse<'login'>> {
  const secret = enrolledSecrets.get(grant.user.userId);
  const otp = secret === undefined ? undefined : await currentTotp(secret, gw.clock.now());
  const answer = await gw.attemptLogin(grant.user.username, options.password ?? chosenPassword(grant.user.username), {
    ...(options.device === undefined ? {} : { device: options.device }),
    ...(otp === undefined ? {} : { otp }),
  });
  if (otp !== undefined) gw.clock.advance(30_000);
  return answer;
}

/** The body of a 200 answer in a setup step; any other status stops the setup with what the gateway said. */
function granted<K extends 'login' | 'changePassword' | 'startMfa' | 'confirmMfa'>(username: string, step: string, answer: RouteResponse<K>): RouteResponse<K>['body'] {
  if (answer.status !== 200) throw new Error(`${step} ${username}: ${answer.status} ${answer.text}`);
  return answer.body;
}

/** The gateway's own audit events of one type, oldest first. */
export async function gatewayAuditEvents(gw: RunningGateway, type: AuditEventType): Promise<AuditEvent[]> {
  const { events } = await gw.gateway.store.audit.search({ type, limit: 500 });
  return events.filter((e) => e.deviceId === GATEWAY_DEVICE_ID).map((e) => e.event).reverse();
}

/** An admin nobody on this gateway created (a second person's account, as four eyes needs), signed in; its access token. */
export async function independentAdmin(gw: RunningGateway, username: string): Promise<string> {
  const password = `Harbour lanterns ${username.length} drift north`;
  const totpSecret = newTotpSecret();
  await createAccount(gw.gateway, { userId: `u-${username.replace('.', '-')}`, username, roles: ['admin'], password, totpSecret, createdAt: gw.clock.now() });
  const answer = await gw.attemptLogin(username, password, { otp: await currentTotp(totpSecret, gw.clock.now()) });
  gw.clock.advance(30_000);
  if (answer.status !== 200) throw new Error(`sign-in ${username}: ${answer.status} ${answer.text}`);
  return answer.body.tokens.accessToken;
}
