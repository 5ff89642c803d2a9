// Registers every route of shared/api.ts through one choke point: parse params,
// query and body with the route's zod schemas, authenticate, decide access with
// the shared role rules (and, for customer data, the security-awareness gate), run the handler, and check the answer's shape.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { RouteName, Routes, RouteSpec } from '../../shared/api.ts';
import { describeIssues } from '../../shared/errors.ts';
import { decideAccess } from '../../shared/roles.ts';
import type { Principal } from '../core/principal.ts';
import { GatewayError } from '../errors.ts';
import type { SourcePrincipal } from '../records/service-accounts.ts';

type Part<R, P extends 'params' | 'query' | 'body'> = R extends Record<P, infer S extends z.ZodType> ? z.output<S> : undefined;

export interface RouteInput<K extends RouteName> {
  readonly principal: Routes[K]['access'] extends 'public' ? null : Routes[K]['access'] extends 'source' ? SourcePrincipal : Principal;
  readonly params: Part<Routes[K], 'params'>;
  readonly query: Part<Routes[K], 'query'>;
  readonly body: Part<Routes[K], 'body'>;
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
}

/** Returned by a handler that wrote its own answer (CSV, the event stream). */
export const ALREADY_SENT = Symbol('already-sent');

export type RouteHandlers = {
  readonly [K in RouteName]: (input: RouteInput<K>) => Promise<z.input<Routes[K]['response']> | typeof ALREADY_SENT>;
};

export interface RouteBindingOptions {
  readonly authenticate: (accessToken: string) => Promise<Principal | null>;
  /** A system of record's service-account token, for the `source` routes. */
  readonly authenticateSource: (token: string) => Promise<SourcePrincipal | null>;
  /** A signed-in caller whose role does not allow the route (PCI DSS 10.2.1.4): recorded before the refusal goes out. */
  readonly onForbidden?: (principal: Principal, route: RouteName) => Promise<void>;
  /**
   * Run in order once a person's access is decided, before the handler: refusals that depend on the person or their
   * desk rather than the role (`training_required`, `update_required`). Each throws to refuse.
   */
  readonly gates?: readonly ((principal: Principal, route: RouteSpec) => Promise<void>)[];
  /** Per-route Fastify options: body limits, rate limits. */
  readonly routeOptions?: Partial<Record<RouteName, { bodyLimit?: number; config?: Record<string, unknown> }>>;
}

function parsePart(schema: z.ZodType | undefined, value: unknown, where: string): unknown {
  if (schema === undefined) return undefined;
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) throw new GatewayError('invalid_request', `${where}: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** The bearer token of a request, or null; the event stream re-checks it while it is open. */
export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header) : null;
  return match?.[1] ?? null;
}

export async function principalOf(request: FastifyRequest, options: Pick<RouteBindingOptions, 'authenticate'>): Promise<Principal | null> {
  const token = bearerToken(request);
  return token === null ? null : options.authenticate(token);
}

export function bindRoutes(app: FastifyInstance, routes: Readonly<Record<RouteName, RouteSpec>>, handlers: RouteHandlers, options: RouteBindingOptions): void {
  for (const name of Object.keys(routes) as RouteName[]) {
    const route = routes[name];
    const handler = handlers[name] as (input: RouteInput<RouteName>) => Promise<unknown>;
    app.route({
      method: route.method,
      url: route.path,
      ...options.routeOptions?.[name],
      handler: async (request, reply) => {
        let principal: Principal | SourcePrincipal | null = null;
        const token = bearerToken(request);
        const source = route.access === 'source' && token !== null ? await options.authenticateSource(token) : null;
        if (source !== null) principal = source;
        else if (route.access !== 'public') {
          const person = await principalOf(request, options);
          principal = person;
          // No person's role reaches a source's route: a person set up to use the gateway is refused as for a route their role lacks.
          const rule = route.access === 'source' ? 'session' : route.access;
          const decision = decideAccess(rule, person?.roles ?? null, person?.pendingSetup ?? []);
          if (decision === 'unauthenticated') throw new GatewayError('unauthenticated', 'Sign in first: the access token is missing, expired or revoked');
          if (decision === 'setup_required') throw new GatewayError('setup_required', 'Finish setting up your account first: change the one-time password, then enrol MFA');
          if (decision === 'forbidden' || route.access === 'source') {
            if (person !== null) await options.onForbidden?.(person, name);
            throw new GatewayError('forbidden', 'Your role does not allow this');
          }
          if (person !== null) for (const gate of options.gates ?? []) await gate(person, route);
        }
        const input = {
          principal,
          params: parsePart(route.params, request.params, 'path'),
          query: parsePart(route.query, request.query, 'query'),
          body: parsePart(route.body, request.body, 'body'),
          request,
          reply,
        } as RouteInput<RouteName>;
        const result = await handler(input);
        if (result === ALREADY_SENT) return reply;
        const checked = route.response.safeParse(result);
        if (!checked.success) {
          request.log.error({ route: name, issues: describeIssues(checked.error) }, 'answer does not match its schema');
          throw new GatewayError('internal', 'The gateway produced an invalid answer; it has been logged');
        }
        return reply.send(checked.data);
      },
    });
  }
}
