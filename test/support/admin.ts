// Administration from a test: an admin's calls over real HTTP, signing in an
// account an admin created with its one-time password, and the gateway's own
// audit events about accounts.
import { GATEWAY_DEVICE_ID } from '../../server/core/gateway-device.ts';
import type { AuditEvent, AuditEventType } from '../../shared/audit.ts';
import type { SessionGrant } from '../../shared/api.ts';
import type { OneTimePasswordGrant } from '../../shared/schemas/admin.ts';
import { currentTotp } from '../../server/identity/totp.ts';
import type { TestDevice } from './device.ts';
import type { HttpAnswer, RunningGateway } from './gateway.ts';

export const REASON = 'Ticket HR-42: joined the team';

/** Creates an account through the API; throws unless the gateway granted it. */
export async function createUser(gw: RunningGateway, adminToken: string, body: { username: string; roles: string[]; displayName?: string }): Promise<OneTimePasswordGrant> {
  const answer = await gw.call('POST', '/v1/admin/users', {
    token: adminToken,
    body: { displayName: body.username, reason: REASON, ...body },
  });
  if (answer.status !== 200) throw new Error(`create ${body.username}: ${answer.status} ${answer.text}`);
  return answer.json as unknown as OneTimePasswordGrant;
}

/** A password the policy accepts, different for each account (it may not contain the username). */
export const chosenPassword = (username: string): string => `Quiet harbour ${username.length} lanterns drift`;

/**
 * Signs in an account created by an admin with its one-time password and
 * finishes the first-sign-in steps (new password, MFA from the otpauth URI),
 * returning the access token of the set-up session.
 */
export async function signInCreated(gw: RunningGateway, grant: OneTimePasswordGrant): Promise<string> {
  const answer: HttpAnswer = await gw.attemptLogin(grant.user.username, grant.oneTimePassword);
  if (answer.status !== 200) throw new Error(`sign-in ${grant.user.username}: ${answer.status} ${answer.text}`);
  let session = answer.json as unknown as SessionGrant;
  const steps = (): readonly string[] => session.user.pendingSetup ?? [];
  if (steps().includes('password_change')) {
    session = await expectGrant(gw, '/v1/account/password', session, { currentPassword: grant.oneTimePassword, newPassword: chosenPassword(grant.user.username) });
  }
  if (steps().includes('mfa_enrolment')) {
    const started = await gw.call('POST', '/v1/account/mfa/start', { token: session.tokens.accessToken });
    if (started.status !== 200) throw new Error(`mfa/start ${grant.user.username}: ${started.status} ${started.text}`);
    const secret = new URL(String(started.json.otpauthUri)).searchParams.get('secret') ?? '';
    enrolledSecrets.set(grant.user.userId, secret);
    session = await expectGrant(gw, '/v1/account/mfa/confirm', session, { code: await currentTotp(secret, gw.clock.now()) });
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
export async function signInAgain(gw: RunningGateway, grant: OneTimePasswordGrant, options: { password?: string; device?: TestDevice } = {}): Promise<HttpAnswer> {
  const secret = enrolledSecrets.get(grant.user.userId);
  const otp = secret === undefined ? undefined : await currentTotp(secret, gw.clock.now());
  const answer = await gw.attemptLogin(grant.user.username, options.password ?? chosenPassword(grant.user.username), {
    ...(options.device === undefined ? {} : { device: options.device }),
    ...(otp === undefined ? {} : { otp }),
  });
  if (otp !== undefined) gw.clock.advance(30_000);
  return answer;
}

async function expectGrant(gw: RunningGateway, path: string, session: SessionGrant, body: unknown): Promise<SessionGrant> {
  const answer = await gw.call('POST', path, { token: session.tokens.accessToken, body });
  if (answer.status !== 200) throw new Error(`${path}: ${answer.status} ${answer.text}`);
  return answer.json as unknown as SessionGrant;
}

/** The gateway's own audit events of one type, oldest first. */
export async function gatewayAuditEvents(gw: RunningGateway, type: AuditEventType): Promise<AuditEvent[]> {
  const { events } = await gw.gateway.store.audit.search({ type, limit: 500 });
  return events.filter((e) => e.deviceId === GATEWAY_DEVICE_ID).map((e) => e.event).reverse();
}
