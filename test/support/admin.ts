// Administration from a test: an admin's calls over real HTTP, signing in an
// account an admin created with its one-time password, and the gateway's own
// audit events about accounts.
import type { AuditEvent, AuditEventType } from '../../shared/audit.ts';
import type { OneTimePasswordGrant } from '../../shared/schemas/admin.ts';
import { GATEWAY_DEVICE_ID } from '../../server/audit/gateway-audit.ts';
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

/**
 * Signs in an account created by an admin, with its one-time password. (Once
 * the first-sign-in steps land, this is where they are completed.)
 */
export async function signInCreated(gw: RunningGateway, grant: OneTimePasswordGrant): Promise<string> {
  const answer: HttpAnswer = await gw.attemptLogin(grant.user.username, grant.oneTimePassword);
  if (answer.status !== 200) throw new Error(`sign-in ${grant.user.username}: ${answer.status} ${answer.text}`);
  return (answer.json as { tokens: { accessToken: string } }).tokens.accessToken;
}

/** The gateway's own audit events of one type, oldest first. */
export async function gatewayAuditEvents(gw: RunningGateway, type: AuditEventType): Promise<AuditEvent[]> {
  const { events } = await gw.gateway.store.audit.search({ type, limit: 500 });
  return events.filter((e) => e.deviceId === GATEWAY_DEVICE_ID).map((e) => e.event).reverse();
}
