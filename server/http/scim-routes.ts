// SCIM 2.0 at /scim/v2/ (RFC 7644), in its own Fastify scope because SCIM has
// its own wire: application/scim+json, PUT/PATCH/DELETE, ETags, 201 and 204,
// and the SCIM error body instead of the gateway's. One hook checks the bearer
// token first, before a body is read: an identity provider's service account
// (scope `scim`); any other token is refused and audited. Rate limits, the
// security headers and the PAN redaction of answers are the gateway's own.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { describeIssues } from '../../shared/errors.ts';
import { SCIM_MAX_PAGE, ScimGroupListSchema, ScimGroupSchema, ScimUserListSchema, ScimUserSchema } from '../../shared/schemas/scim.ts';
import type { ScimFailure as ScimFailureType } from '../admin/scim/scim-error.ts';
import { ScimFailure } from '../admin/scim/scim-error.ts';
import type { ScimGroups } from '../admin/scim/scim-groups.ts';
import type { ScimUsers } from '../admin/scim/scim-users.ts';
import type { GatewayAudit } from '../core/audit-port.ts';
import { GatewayError } from '../errors.ts';
import type { ServiceAccounts, SourcePrincipal } from '../records/service-accounts.ts';
import { bearerToken } from './route-binding.ts';

export const SCIM_PREFIX = '/scim/v2';
const SCIM_TYPE = 'application/scim+json; charset=utf-8';

export interface ScimRouteDeps {
  readonly users: ScimUsers;
  readonly groups: ScimGroups;
  readonly serviceAccounts: Pick<ServiceAccounts, 'authenticate'>;
  readonly audit: GatewayAudit;
  readonly bodyBytes: number;
  readonly requestsPerMinutePerIp: number;
}

const FASTIFY_FAILURES: Record<string, () => ScimFailureType> = {
  FST_ERR_CTP_BODY_TOO_LARGE: () => new ScimFailure(413, 'The request body is too large'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () => new ScimFailure(400, 'Send the body as application/scim+json', 'invalidSyntax'),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => new ScimFailure(400, 'The JSON body is empty', 'invalidSyntax'),
  FST_ERR_CTP_INVALID_JSON_BODY: () => new ScimFailure(400, 'The request body is not valid JSON', 'invalidSyntax'),
};

const SERVICE_PROVIDER_CONFIG = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
  patch: { supported: true },
  bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
  filter: { supported: true, maxResults: SCIM_MAX_PAGE },
  changePassword: { supported: false },
  sort: { supported: false },
  etag: { supported: true },
  authenticationSchemes: [{ type: 'oauthbearertoken', name: 'Bearer token', description: 'A service account token with the scim scope', primary: true }],
};

function sendFailure(reply: FastifyReply, failure: ScimFailureType): FastifyReply {
  reply.code(failure.status).type(SCIM_TYPE);
  if (failure.status === 429) reply.header('retry-after', '60');
  return reply.send(failure.body());
}

export function registerScimRoutes(app: FastifyInstance, deps: ScimRouteDeps): void {
  const providers = new WeakMap<FastifyRequest, SourcePrincipal>();
  const providerOf = (request: FastifyRequest): SourcePrincipal => {
    const provider = providers.get(request);
    if (provider === undefined) throw new ScimFailure(401, 'A SCIM bearer token is required');
    return provider;
  };
  const ifMatch = (request: FastifyRequest): string | undefined => {
    const header = request.headers['if-match'];
    return typeof header === 'string' ? header : undefined;
  };
  /** Every answer is checked against its schema before it leaves, as the route table checks the gateway's own. */
  const checked = <S extends z.ZodType>(request: FastifyRequest, schema: S, body: unknown): z.output<S> => {
    const parsed = schema.safeParse(body);
    if (parsed.success) return parsed.data;
    request.log.error({ route: request.routeOptions.url, issues: describeIssues(parsed.error) }, 'SCIM answer does not match its schema');
    throw new ScimFailure(500, 'The gateway produced an invalid answer; it has been logged');
  };
  const list = (request: FastifyRequest, reply: FastifyReply, schema: typeof ScimUserListSchema | typeof ScimGroupListSchema, body: unknown) =>
    reply.type(SCIM_TYPE).send(checked(request, schema, body));
  const resource = (request: FastifyRequest, reply: FastifyReply, schema: typeof ScimUserSchema | typeof ScimGroupSchema, answer: unknown, status = 200) => {
    const body = checked(request, schema, answer);
    reply.code(status).type(SCIM_TYPE);
    if (body.meta.version !== undefined) reply.header('etag', body.meta.version);
    if (status === 201) reply.header('location', body.meta.location);
    return reply.send(body);
  };
  const idOf = (request: FastifyRequest): string => (request.params as { id: string }).id;

  void app.register(
    (scope, _options, done) => {
      scope.addContentTypeParser('application/scim+json', { parseAs: 'string' }, scope.getDefaultJsonParser('error', 'error'));
      scope.setErrorHandler((error, request, reply) => {
        if (error instanceof ScimFailure) return sendFailure(reply, error);
        // The gateway's own refusals met on the way (a body parser shared with other routes) keep their status and text.
        if (error instanceof GatewayError) return sendFailure(reply, new ScimFailure(error.status, error.message, error.status === 400 ? 'invalidSyntax' : undefined));
        const code = (error as { code?: unknown }).code;
        const known = typeof code === 'string' ? FASTIFY_FAILURES[code] : undefined;
        if (known !== undefined) return sendFailure(reply, known());
        const status = (error as { statusCode?: unknown }).statusCode;
        if (status === 429) return sendFailure(reply, new ScimFailure(429, 'Too many requests; wait a minute'));
        if (typeof status === 'number' && status >= 400 && status < 500) return sendFailure(reply, new ScimFailure(400, 'The request could not be read', 'invalidSyntax'));
        request.log.error({ err: error }, 'unhandled SCIM error');
        return sendFailure(reply, new ScimFailure(500, 'Something went wrong on the gateway; it has been logged'));
      });
      scope.setNotFoundHandler((_request, reply) => sendFailure(reply, new ScimFailure(404, 'No such SCIM endpoint')));
      // The token is checked before the body is read: an unauthenticated request costs no parse.
      scope.addHook('preParsing', async (request, _reply, payload) => {
        const token = bearerToken(request);
        const account = token === null ? null : await deps.serviceAccounts.authenticate(token);
        const provider = account?.recordTypes.includes('scim') === true ? account : null;
        if (provider === null) {
          await deps.audit.record({
            type: 'access.denied',
            outcome: 'failure',
            reason: token === null ? 'scim_token_missing' : 'scim_token_invalid',
            actor: { userId: account?.accountId ?? null, username: account === null ? null : `source:${account.source}`, roles: [] },
            target: { kind: 'url', id: `${request.method} ${request.routeOptions.url ?? SCIM_PREFIX}` },
            details: { ip: request.ip },
          });
          throw new ScimFailure(401, 'The SCIM bearer token is missing, wrong or revoked');
        }
        providers.set(request, provider);
        return payload;
      });
      const options = { bodyLimit: deps.bodyBytes, config: { rateLimit: { max: deps.requestsPerMinutePerIp, timeWindow: '1 minute' } } };

      scope.get('/ServiceProviderConfig', options, async (_request, reply) => reply.type(SCIM_TYPE).send(SERVICE_PROVIDER_CONFIG));
      scope.get('/Users', options, async (request, reply) => list(request, reply, ScimUserListSchema, await deps.users.list(request.query)));
      scope.post('/Users', options, async (request, reply) => resource(request, reply, ScimUserSchema, await deps.users.create(providerOf(request), request.body), 201));
      scope.get('/Users/:id', options, async (request, reply) => resource(request, reply, ScimUserSchema, await deps.users.get(idOf(request))));
      scope.put('/Users/:id', options, async (request, reply) =>
        resource(request, reply, ScimUserSchema, await deps.users.replace(providerOf(request), idOf(request), request.body, ifMatch(request))),
      );
      scope.patch('/Users/:id', options, async (request, reply) =>
        resource(request, reply, ScimUserSchema, await deps.users.patch(providerOf(request), idOf(request), request.body, ifMatch(request))),
      );
      scope.delete('/Users/:id', options, async (request, reply) => {
        await deps.users.remove(providerOf(request), idOf(request), ifMatch(request));
        return reply.code(204).send();
      });
      scope.get('/Groups', options, async (request, reply) => list(request, reply, ScimGroupListSchema, await deps.groups.list(request.query)));
      scope.post('/Groups', options, async (request, reply) => resource(request, reply, ScimGroupSchema, await deps.groups.create(providerOf(request), request.body), 201));
      scope.get('/Groups/:id', options, async (request, reply) => resource(request, reply, ScimGroupSchema, await deps.groups.get(idOf(request))));
      scope.put('/Groups/:id', options, async (request, reply) =>
        resource(request, reply, ScimGroupSchema, await deps.groups.replace(providerOf(request), idOf(request), request.body)),
      );
      scope.patch('/Groups/:id', options, async (request, reply) =>
        resource(request, reply, ScimGroupSchema, await deps.groups.patch(providerOf(request), idOf(request), request.body)),
      );
      done();
    },
    { prefix: SCIM_PREFIX },
  );
}

