// The typed way to call the gateway in tests and benchmarks: a route named from
// the table in shared/api.ts, with its params, query and body as the route
// declares them, answered with the 2xx body parsed by the route's response
// schema (so every answer a test reads is also checked against the contract),
// or the error body otherwise.
import { pathFor, type RouteAnswer, type RouteRequest } from '../../../main/api/api-client.ts';
import { routes, type RouteName } from '../../../shared/api.ts';
import { ErrorBodySchema, type ErrorInfo } from '../../../shared/errors.ts';
import type { HttpAnswer, HttpCall } from './http-call.ts';

export type RouteCall<K extends RouteName> = RouteRequest<K> & { readonly token?: string; readonly headers?: Record<string, string> };

export interface RouteResponse<K extends RouteName> extends HttpAnswer {
  /** The 2xx body as the route's response schema parses it; reading it after any other status throws. */
  readonly body: RouteAnswer<K>;
  /** The error of a non-2xx answer; undefined on 2xx or when the body is no error body. */
  readonly error: ErrorInfo | undefined;
}

/** Routes whose request has no required part (no params, query or body) may be called without one. */
export type RouteCaller = <K extends RouteName>(route: K, ...request: object extends RouteCall<K> ? [RouteCall<K>?] : [RouteCall<K>]) => Promise<RouteResponse<K>>;

const isSuccess = (status: number): boolean => status >= 200 && status < 300;

/** Reads an answer as `route`'s: for a raw `call` whose request was odd on purpose but whose answer is the route's. */
export function routeResponse<K extends RouteName>(route: K, answer: HttpAnswer): RouteResponse<K> {
  let parsed: { value: RouteAnswer<K> } | null = null;
  const error = isSuccess(answer.status) ? undefined : ErrorBodySchema.safeParse(answer.json).data?.error;
  // Fields named one by one: spreading another RouteResponse would read its body getter.
  return {
    status: answer.status,
    headers: answer.headers,
    text: answer.text,
    json: answer.json,
    error,
    get body(): RouteAnswer<K> {
      if (!isSuccess(answer.status)) throw new Error(`${route} answered ${answer.status}, not 2xx: ${answer.text.slice(0, 300)}`);
      // The table's response schema is the route's; TypeScript cannot follow the lookup through K.
      parsed ??= { value: routes[route].response.parse(answer.json) as RouteAnswer<K> };
      return parsed.value;
    },
  };
}

function queryString(query: unknown): string {
  if (query === undefined) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query as Record<string, unknown>)) {
    if (value === undefined) continue;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') throw new Error(`query ${key}: only strings, numbers and booleans go in a URL`);
    search.set(key, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

export function routeCaller(call: HttpCall): RouteCaller {
  const send = async (route: RouteName, request: { params?: unknown; query?: unknown; body?: unknown; token?: string; headers?: Record<string, string> } = {}) => {
    const spec = routes[route];
    const path = `${pathFor(spec.path, request.params as Record<string, string> | undefined)}${queryString(request.query)}`;
    // A POST without a body (mfa/start) still sends JSON, as the desk's client does.
    const body = request.body ?? (spec.method === 'POST' ? {} : undefined);
    const answer = await call(spec.method, path, {
      ...(request.token === undefined ? {} : { token: request.token }),
      ...(request.headers === undefined ? {} : { headers: request.headers }),
      ...(body === undefined ? {} : { body }),
    });
    return routeResponse(route, answer);
  };
  return send;
}
