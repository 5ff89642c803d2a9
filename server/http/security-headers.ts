// The security headers of every answer. They are @fastify/helmet's, under the
// gateway's policy, but worked out once at start and copied onto each reply:
// the plugin rebuilds helmet (all its middlewares, the CSP directives parsed
// again) on every request, which cost more than the /health route itself, and
// for an API that serves no documents the headers never vary.
import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';

const POLICY = {
  // An API serves no documents: nothing may load from or frame it.
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  hsts: { maxAge: 31_536_000, includeSubDomains: true },
  referrerPolicy: { policy: 'no-referrer' as const },
};

/** The headers helmet adds to an answer under POLICY: what one answer carries with the plugin and not without it. */
export async function securityHeaders(): Promise<Readonly<Record<string, string>>> {
  const answerHeaders = async (withHelmet: boolean): Promise<Record<string, unknown>> => {
    const probe = Fastify();
    if (withHelmet) await probe.register(helmet, POLICY);
    probe.get('/', () => ({}));
    try {
      return (await probe.inject({ method: 'GET', url: '/' })).headers;
    } finally {
      await probe.close();
    }
  };
  const bare = await answerHeaders(false);
  const added = Object.entries(await answerHeaders(true)).filter(([name]) => !(name in bare));
  return Object.freeze(Object.fromEntries(added.map(([name, value]) => [name, String(value)])));
}

/** Every answer, whatever route (or none) it came from, carries the security headers; a route that sets one itself wins, as with the plugin. */
export async function installSecurityHeaders(app: FastifyInstance): Promise<void> {
  const headers = await securityHeaders();
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}
