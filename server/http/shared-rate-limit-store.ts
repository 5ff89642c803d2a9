// The request rate limits (@fastify/rate-limit: per address on the sign-in and
// device-heartbeat routes) counted in the database's rolling windows instead of
// each process's memory, so an address gets `max` per window across every
// gateway instance, not `max` per instance.
import type { RouteOptions } from 'fastify';
import type { WindowRepo } from '../storage/store.ts';

const WINDOW = 'rate_limit';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/** The store class @fastify/rate-limit constructs (`store` option); `child` keys each route apart, as its own stores do. */
export function sharedRateLimitStore(windows: WindowRepo, now: () => number) {
  return class SharedRateLimitStore {
    prefix = '';

    incr(key: string, callback: Callback, timeWindow: number): void {
      // A rolling window: Retry-After is the whole window, the longest a refused caller might wait.
      windows.hit(WINDOW, `${this.prefix}${key}`, now(), timeWindow).then(
        (current) => {
          callback(null, { current, ttl: timeWindow });
        },
        (error: unknown) => {
          callback(error instanceof Error ? error : new Error(String(error)));
        },
      );
    }

    child(routeOptions: RouteOptions & { path: string; prefix: string }): SharedRateLimitStore {
      // At run time the plugin passes its merged settings with the route under routeInfo (its types say the route itself).
      const route = (routeOptions as unknown as { routeInfo?: RouteOptions }).routeInfo ?? routeOptions;
      const child = new SharedRateLimitStore();
      child.prefix = `${String(route.method)}${route.url}-`;
      return child;
    }
  };
}
