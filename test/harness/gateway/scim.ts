// An identity provider as a test drives it over SCIM: its service account
// (scope `scim`) created through the admin route, and its requests to
// /scim/v2/ with that token, sent as application/scim+json.
import type { HttpAnswer } from './http-call.ts';
import type { RunningGateway } from './gateway.ts';
import { createAccount } from '../records/source-records.ts';

export const SCIM_REASON = 'Ticket IT-23: provision people from the identity provider';

export interface ScimClient {
  readonly token: string;
  send(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<HttpAnswer>;
}

/** Sends SCIM requests to `gw` with `token` (any token: the wrong-token tests pass their own). */
export function scimClient(gw: Pick<RunningGateway, 'call'>, token: string): ScimClient {
  return {
    token,
    send: (method, path, body, headers = {}) =>
      gw.call(method, `/scim/v2${path}`, {
        token,
        ...(body === undefined ? {} : { body }),
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }), ...headers },
      }),
  };
}

/** Creates the provider's service account through the admin route and returns its SCIM client. */
export async function scimProvider(gw: RunningGateway, adminToken: string, source: string): Promise<ScimClient> {
  const grant = await createAccount(gw, adminToken, { source, recordTypes: ['scim'], reason: SCIM_REASON, webhookMappings: [] });
  return scimClient(gw, grant.token);
}

/** A User as Entra ID creates one. */
export const entraUser = (userName: string, extra: Record<string, unknown> = {}) => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
  externalId: `ext-${userName}`,
  userName,
  active: true,
  displayName: `Person ${userName}`,
  emails: [{ primary: true, type: 'work', value: `${userName.split('@')[0] ?? userName}@contoso.example` }],
  name: { formatted: `Person ${userName}`, familyName: 'Person', givenName: 'Ada' },
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'Support' },
  ...extra,
});

export const patchOf = (...Operations: unknown[]) => ({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations });
