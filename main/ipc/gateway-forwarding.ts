// The one way a forwarded channel reaches the gateway: its parsed request is
// split onto the route's params, query and body by the field names of the
// route's own schemas (or by the channel's declared mapping), sent with
// ApiClient.call, and the answer passed back (through the channel's declared
// presentation step, if any). No channel has code of its own here.
import { z } from 'zod';
import { routes, type RouteName, type RouteRequest, type RouteSpec } from '../../shared/api.ts';
import { channels, type ForwardedChannelName } from '../../shared/contract/channels.ts';
import type { GatewayForwarding } from '../../shared/contract/define.ts';
import type { ApiClient } from '../api/api-client.ts';

const PARTS = ['params', 'query', 'body'] as const;

/**
 * The route's request from a channel's parsed one: each part the route declares
 * takes the fields its schema names and nothing else. A part that is not an
 * object (the lookup's union) takes the whole request, so it must be the only part.
 */
export function splitOntoRoute(route: RouteSpec, request: Readonly<Record<string, unknown>>): Partial<Record<(typeof PARTS)[number], unknown>> {
  const declared = PARTS.flatMap((part) => (route[part] === undefined ? [] : [[part, route[part]] as const]));
  return Object.fromEntries(
    declared.map(([part, schema]) => {
      if (schema instanceof z.ZodObject) return [part, pick(request, Object.keys(schema.shape))];
      if (declared.length > 1) throw new TypeError(`${route.path}: a ${part} that is not an object must be the route's only part`);
      return [part, request];
    }),
  );
}

function pick(request: Readonly<Record<string, unknown>>, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(fields.filter((field) => Object.hasOwn(request, field)).map((field) => [field, request[field]]));
}

/** Sends a forwarded channel's parsed request to its route; the answer is checked by ApiClient and again by the router. */
export async function forwardToGateway(api: ApiClient, forwarding: GatewayForwarding, request: Readonly<Record<string, unknown>>): Promise<unknown> {
  const routeRequest = forwarding.toRoute?.(request) ?? splitOntoRoute(routes[forwarding.route], request);
  // One generic call for every route: the route's own schemas (on the gateway) check what the split built.
  const answer: unknown = await api.call(forwarding.route, routeRequest as RouteRequest<RouteName>);
  return forwarding.present === undefined ? answer : forwarding.present(answer, request);
}

export type GatewayHandlers = Readonly<Record<ForwardedChannelName, (request: Readonly<Record<string, unknown>>) => Promise<unknown>>>;

/** A handler for every forwarded channel, all the same function over its declaration. */
export function createGatewayHandlers(api: ApiClient): GatewayHandlers {
  const forwarded = Object.entries(channels).flatMap(([name, spec]) => (spec.gateway === 'local' ? [] : [[name, spec.gateway] as const]));
  return Object.fromEntries(forwarded.map(([name, forwarding]) => [name, (request: Readonly<Record<string, unknown>>) => forwardToGateway(api, forwarding, request)])) as GatewayHandlers;
}
