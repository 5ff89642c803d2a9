// The two kinds of channel. A forwarded channel names its gateway route and
// takes the route's access rule and answer from shared/api.ts, so neither is
// written twice; a local channel, which main answers itself, declares both.
import type { z } from 'zod';
import { routes, type RouteAnswer, type RouteName, type RouteRequest, type Routes } from '../api.ts';
import type { AccessRule } from '../roles.ts';
import type { ChannelAudit } from './define.ts';

/** What every channel declares itself; exported only so the channel tables can name their types. */
export interface ChannelBase<Req extends z.ZodType, Res extends z.ZodType> {
  readonly request: Req;
  readonly audit: ChannelAudit<Req, Res>;
  readonly whileLocked: boolean;
  readonly onWallboard?: true;
}

/** Answered in main: the session service, the desk's own state, the link opener. */
export function local<Req extends z.ZodType, Res extends z.ZodType>(spec: ChannelBase<Req, Res> & { readonly response: Res; readonly access: AccessRule }) {
  return { ...spec, gateway: 'local' as const };
}

/** The routes a person's session calls: a desk channel never forwards to a source's (service-account) route. */
type PersonRouteName = { [K in RouteName]: Routes[K]['access'] extends AccessRule ? K : never }[RouteName];

type Forwarded<K extends PersonRouteName, Req extends z.ZodType> = ChannelBase<Req, Routes[K]['response']> & {
  readonly access: Routes[K]['access'];
  readonly response: Routes[K]['response'];
  readonly gateway: { readonly route: K };
};

/** Forwarded to `route`: the request splits onto the route's params, query and body by field name. */
export function forward<K extends PersonRouteName, Req extends z.ZodType>(route: K, spec: ChannelBase<Req, Routes[K]['response']>): Forwarded<K, Req> {
  return { ...spec, access: routes[route].access, response: routes[route].response, gateway: { route } };
}

/**
 * Forwarded to `route` with a declared mapping where the shapes differ: `toRoute`
 * builds the route's request, and `present` is the local step that turns the
 * route's answer into the channel's (the CSV downloads).
 */
export function forwardAndPresent<K extends PersonRouteName, Req extends z.ZodType, Res extends z.ZodType>(
  route: K,
  spec: ChannelBase<Req, Res> & {
    readonly response: Res;
    readonly toRoute: (request: z.output<Req>) => RouteRequest<K>;
    readonly present: (answer: RouteAnswer<K>, request: z.output<Req>) => z.input<Res>;
  },
) {
  const { toRoute, present, ...channel } = spec;
  return { ...channel, access: routes[route].access as Routes[K]['access'], gateway: { route, toRoute, present } };
}
