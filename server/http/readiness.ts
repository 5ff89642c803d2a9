// The readiness probe for a load balancer or supervisor: `/ready` answers 200
// only while this instance can serve (its database answers and the schema is
// current) and is not draining. `/health` (shared/api.ts) stays the liveness
// probe: the process is up, whatever its database does.
import type { FastifyInstance } from 'fastify';
import type { StoreReadiness } from '../storage/store.ts';

export const READY_PATH = '/ready';

export function installReadiness(app: FastifyInstance, deps: { ready: () => Promise<StoreReadiness>; isDraining: () => boolean }): void {
  app.get(READY_PATH, async (_request, reply) => {
    const state: StoreReadiness = deps.isDraining() ? { ready: false, reason: 'shutting down' } : await deps.ready();
    if (state.ready) return { status: 'ready' };
    return reply.code(503).send({ status: 'not_ready', reason: state.reason });
  });
}
