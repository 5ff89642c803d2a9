// Hostile requests through the one generic forwarding: whatever else a renderer
// puts in a call (extra keys, prototype keys, look-alike Unicode names, a
// megabyte of text), the gateway receives only the fields the route declares,
// in the part (path, query, body) that declares them. First as a property over
// the split itself, then over HTTP to a capturing server on 127.0.0.1 through
// the real ApiClient.
import fc from 'fast-check';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { routes, type RouteName, type RouteSpec } from '../../../shared/api.ts';
import { channels, type ForwardedChannelName } from '../../../shared/contract/channels.ts';
import { checkRequest } from '../../../shared/contract/checks.ts';
import { createApiClient, type ApiClient } from '../../../main/api/api-client.ts';
import { createGatewayHandlers, splitOntoRoute } from '../../../main/ipc/gateway-forwarding.ts';
import { assertAsyncProperty } from '../../harness/arbitraries/property.ts';
import { VALID_REQUESTS as VALID } from '../../harness/desk/valid-requests.ts';

const FORWARDED = Object.keys(VALID) as ForwardedChannelName[];
const CANARY = 'CANARY-7f3a';

/** The field names a route part declares (every option's, for a union). */
function fieldsOf(schema: z.ZodType | undefined): ReadonlySet<string> {
  if (schema === undefined) return new Set();
  if (schema instanceof z.ZodObject) return new Set(Object.keys(schema.shape));
  if (schema instanceof z.ZodUnion) return new Set((schema.options as z.ZodType[]).flatMap((option) => [...fieldsOf(option)]));
  throw new TypeError('a route part that is neither an object nor a union of objects');
}
const declaredFields = (name: ForwardedChannelName): ReadonlySet<string> => {
  const route: RouteSpec = routes[routeOf(name)];
  return new Set([...fieldsOf(route.params), ...fieldsOf(route.query), ...fieldsOf(route.body), ...Object.keys(VALID[name])]);
};
const routeOf = (name: ForwardedChannelName): RouteName => channels[name].gateway.route;

/** Extra keys a hostile renderer adds: prototype keys, look-alikes of real field names, control characters, a megabyte. */
const HOSTILE: Record<string, unknown> = {
  ...(JSON.parse(`{"__proto__":{"isAdmin":"${CANARY}"},"constructor":{"prototype":{"x":"${CANARY}"}}}`) as Record<string, unknown>),
  isAdmin: CANARY,
  'ｕｓｅｒＩｄ': `${CANARY}-fullwidth`,
  'userId\u0000': `${CANARY}-nul`,
  '\u202ereason': `${CANARY}-rtl`,
  'body.userId': CANARY,
  params: { userId: CANARY },
  query: { limit: CANARY },
  roles: undefined,
  huge: `${CANARY}${'x'.repeat(1_000_000)}`,
};

/** An ApiClient that records what each call would send, and refuses it. */
function recordingApi() {
  const sent: { route: RouteName; request: Record<string, unknown> }[] = [];
  const api: ApiClient = {
    baseUrl: 'http://127.0.0.1:9',
    call: (route, request) => {
      sent.push({ route, request });
      return Promise.reject(new Error('recorded, not sent'));
    },
    openStream: () => Promise.reject(new Error('no stream here')),
  };
  return { api, sent };
}

function expectOnlyDeclared(route: RouteSpec, request: Record<string, unknown>): void {
  for (const part of ['params', 'query', 'body'] as const) {
    const value = request[part];
    if (route[part] === undefined) {
      expect(value, part).toBeUndefined();
      continue;
    }
    const allowed = fieldsOf(route[part]);
    for (const key of Object.keys(value as object)) expect(allowed.has(key), `${route.path} ${part}.${key}`).toBe(true);
  }
  expect(Object.keys(request).every((key) => ['params', 'query', 'body'].includes(key))).toBe(true);
  expect(JSON.stringify(request)).not.toContain(CANARY);
}

describe('the generic forwarding sends only declared fields', () => {
  it('every forwarded channel, with every hostile extra key: only the route’s fields, in their parts', async () => {
    const { api, sent } = recordingApi();
    const handlers = createGatewayHandlers(api);
    for (const name of FORWARDED) {
      const parsed = checkRequest(name, { ...HOSTILE, ...VALID[name] });
      // Empty requests are strict: extra keys are refused before anything is sent.
      if (!parsed.ok) {
        expect(Object.keys(VALID[name]), name).toEqual([]);
        continue;
      }
      await expect(handlers[name](parsed.value as Record<string, unknown>)).rejects.toThrow('recorded');
      const last = sent.at(-1);
      expect(last?.route, name).toBe(routeOf(name));
      expectOnlyDeclared(routes[routeOf(name)], last?.request ?? {});
    }
    expect(sent.length).toBe(FORWARDED.filter((name) => Object.keys(VALID[name]).length > 0).length);
  });

  // What main/ipc/handlers.ts sent for each channel at 1ef7c47, when every forwarded channel was written out by hand
  // (account.startMfa and admin.signOffReview with the fields issue 21 added to their routes).
  it.each([
    ['account.startMfa', 'startMfa', { body: { resetCode: 'ABCDE-FGHJK-MNPQR-STUVW' } }],
    ['customers.lookup', 'lookup', { body: { by: 'customerId', value: 'CUS-000001' } }],
    ['customers.get', 'customer', { params: { customerId: 'CUS-000001' } }],
    ['notes.add', 'addNote', { params: { customerId: 'CUS-000001' }, body: { text: 'Called about the parcel' } }],
    ['subscriptions.extend', 'extendSubscription', { params: { customerId: 'CUS-000001', subscriptionId: 'SUB-000001-1' }, body: { days: 30, reason: 'Goodwill for a late parcel' } }],
    ['supervisor.agents', 'agents', {}],
    ['supervisor.searchAudit', 'auditSearch', { query: { userId: 'u-agent-ana', limit: 50 } }],
    ['supervisor.alerts', 'alerts', { query: { status: 'all' } }],
    ['supervisor.ackAlert', 'ackAlert', { params: { alertId: 'A-1' }, body: { note: 'Talked to Ana' } }],
    ['supervisor.report', 'activityReport', { query: { from: '2026-03-01T00:00:00.000Z', to: '2026-03-02T00:00:00.000Z', format: 'json' } }],
    ['supervisor.floorReport', 'floorReport', { query: { from: '2026-03-01T00:00:00.000Z', to: '2026-03-02T00:00:00.000Z' } }],
    ['admin.users', 'adminUsers', {}],
    ['admin.createUser', 'adminCreateUser', { body: { username: 'agent.new', displayName: 'New Agent', roles: ['agent'], reason: 'Ticket HR-42: checking access' } }],
    ['admin.setRoles', 'adminSetRoles', { params: { userId: 'u-agent-ana' }, body: { roles: ['admin'], reason: 'Ticket HR-42: checking access' } }],
    ['admin.disableUser', 'adminDisableUser', { params: { userId: 'u-agent-ana' }, body: { reason: 'Ticket HR-42: checking access' } }],
    ['admin.enableUser', 'adminEnableUser', { params: { userId: 'u-agent-ana' }, body: { reason: 'Ticket HR-42: checking access' } }],
    ['admin.unlockUser', 'adminUnlockUser', { params: { userId: 'u-agent-ana' }, body: { reason: 'Ticket HR-42: checking access' } }],
    ['admin.resetMfa', 'adminResetMfa', { params: { userId: 'u-agent-ana' }, body: { reason: 'Ticket HR-42: checking access' } }],
    ['admin.resetPassword', 'adminResetPassword', { params: { userId: 'u-agent-ana' }, body: { reason: 'Ticket HR-42: checking access' } }],
    ['admin.devices', 'devices', {}],
    ['admin.issueEnrolment', 'issueEnrolment', { body: { kind: 'code', reason: 'Ticket HR-42: checking access' } }],
    ['admin.revokeDevice', 'revokeDevice', { params: { deviceId: 'desk-abcdefgh' }, body: { reason: 'Ticket HR-42: checking access' } }],
    ['admin.accessReview', 'adminAccessReview', { query: { format: 'json' } }],
    ['admin.signOffReview', 'adminSignOffReview', { body: { note: 'Reviewed every account', generatedAt: '2026-12-01T10:00:00.000Z', reviewHash: 'reviewed-rows-hash-'.padEnd(43, 'x') } }],
    ['admin.alerts', 'adminAlerts', {}],
    ['admin.ackAlert', 'adminAckAlert', { params: { alertId: 'A-1' }, body: { note: 'Unlocked after a call' } }],
  ] as const)('%s goes to %s with the request the hand-written handler built', async (name, route, request) => {
    const { api, sent } = recordingApi();
    const parsed = checkRequest(name, VALID[name]);
    if (!parsed.ok) throw new Error(`${name}: the valid request no longer passes its check`);
    await createGatewayHandlers(api)[name](parsed.value as Record<string, unknown>).catch(() => undefined);
    expect(sent).toEqual([{ route, request }]);
  });

  it('property: random extra keys and values never reach the route request', async () => {
    const { api, sent } = recordingApi();
    const handlers = createGatewayHandlers(api);
    const extraKey = fc.string({ unit: 'grapheme', maxLength: 12 });
    await assertAsyncProperty(
      fc.asyncProperty(
        fc.constantFrom(...FORWARDED),
        fc.dictionary(extraKey, fc.oneof(fc.constant(CANARY), fc.anything({ maxDepth: 2 }).map((v) => [CANARY, v]))),
        async (name, extras) => {
          const declared = declaredFields(name);
          const hostile = Object.fromEntries(Object.entries(extras).filter(([key]) => !declared.has(key)));
          const parsed = checkRequest(name, { ...hostile, ...VALID[name] });
          if (!parsed.ok) return;
          const before = sent.length;
          await handlers[name](parsed.value as Record<string, unknown>).catch(() => undefined);
          expect(sent.length).toBe(before + 1);
          expectOnlyDeclared(routes[routeOf(name)], sent.at(-1)?.request ?? {});
        },
      ),
    );
  });

  it('an oversized or look-alike declared field fails the channel’s check, which the router runs before forwarding', () => {
    for (const request of [
      { userId: 'u-agent-ana', reason: 'x'.repeat(1_000_000) },
      { userId: 'u-agent-ana\u202e', reason: 'Ticket HR-42: checking access' },
      { userId: 'u-agent-ana', reason: ['x'] },
    ]) {
      expect(checkRequest('admin.disableUser', request).ok).toBe(false);
    }
  });

  it('a route whose only part is a union takes the whole request; one beside another part is a contract bug', () => {
    expect(splitOntoRoute(routes.lookup, { by: 'order', value: 'TXN-1' })).toEqual({ body: { by: 'order', value: 'TXN-1' } });
    const broken: RouteSpec = { ...routes.customer, body: routes.lookup.body };
    expect(() => splitOntoRoute(broken, { customerId: 'CUS-000001', by: 'order', value: 'TXN-1' })).toThrow(/only part/);
  });
});

describe('over HTTP: what reaches the gateway', () => {
  const seen: { method: string; url: string; body: string }[] = [];
  let server: Server;
  let api: ApiClient;
  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'not_found', message: 'captured' } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    api = createApiClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, tlsPins: [] });
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('each forwarded channel with hostile extras: the declared path, query and body, nothing else', async () => {
    const handlers = createGatewayHandlers(api);
    for (const name of FORWARDED) {
      const parsed = checkRequest(name, Object.keys(VALID[name]).length === 0 ? {} : { ...HOSTILE, ...VALID[name] });
      expect(parsed.ok, name).toBe(true);
      const request = (parsed.ok ? parsed.value : {}) as Record<string, unknown>;
      const before = seen.length;
      await expect(handlers[name](request)).rejects.toMatchObject({ code: 'not_found' });
      expect(seen.length, name).toBe(before + 1);
      const wire = seen.at(-1) ?? { method: '', url: '', body: '' };
      const route: RouteSpec = routes[routeOf(name)];
      const url = new URL(wire.url, 'http://127.0.0.1');
      expect(wire.method, name).toBe(route.method);
      const params = (route.params === undefined ? {} : request) as Record<string, string>;
      expect(url.pathname, name).toBe(route.path.replace(/:(\w+)/g, (_, field: string) => encodeURIComponent(params[field] ?? '')));
      const queryFields = fieldsOf(route.query);
      for (const key of url.searchParams.keys()) expect(queryFields.has(key), `${name} ?${key}`).toBe(true);
      const body = wire.body === '' ? {} : (JSON.parse(wire.body) as object);
      const bodyFields = fieldsOf(route.body);
      for (const key of Object.keys(body)) expect(bodyFields.has(key), `${name} body.${key}`).toBe(true);
      expect(wire.url + wire.body, name).not.toContain(CANARY);
      expect(wire.body.length, name).toBeLessThan(2000);
    }
  });

  it('a path parameter stays in its own segment: every id a channel accepts comes back whole on the route’s path, or is refused unsent', async () => {
    const handlers = createGatewayHandlers(api);
    const ODD_IDS = ['.', '..', '...', 'A/1', '../../admin/users', 'A%2F1', '%2e%2e', 'Ａ１', 'ｃｕｓ', '?x=1', '#frag', 'A 1', 'A\\1', ';x', 'é'];
    let tried = 0;
    for (const name of FORWARDED) {
      const route: RouteSpec = routes[routeOf(name)];
      const template = route.path.split('/');
      for (const field of fieldsOf(route.params)) {
        for (const id of ODD_IDS) {
          const parsed = checkRequest(name, { ...VALID[name], [field]: id });
          if (!parsed.ok) continue;
          tried += 1;
          const before = seen.length;
          // A segment of '.' or '..' cannot cross the URL parser in any spelling: refused before anything is sent.
          if (id === '.' || id === '..') {
            await expect(handlers[name](parsed.value as Record<string, unknown>), `${name} ${id}`).rejects.toMatchObject({ code: 'invalid_request' });
            expect(seen.length, `${name} ${id}`).toBe(before);
            continue;
          }
          await handlers[name](parsed.value as Record<string, unknown>).catch(() => undefined);
          expect(seen.length, `${name} ${id}`).toBe(before + 1);
          const url = new URL(seen.at(-1)?.url ?? '', 'http://127.0.0.1');
          const segments = url.pathname.split('/');
          expect(segments.length, `${name} ${field}=${id}: ${url.pathname}`).toBe(template.length);
          expect(url.search, `${name} ${field}=${id}`).toBe('');
          template.forEach((part, i) => {
            const expected = part === `:${field}` ? id : part.startsWith(':') ? (parsed.value as Record<string, string>)[part.slice(1)] : part;
            expect(decodeURIComponent(segments[i] ?? ''), `${name} ${field}=${id}: ${url.pathname}`).toBe(expected);
          });
        }
      }
    }
    // The record ids refuse all of these; the alert ids, which are free text up to 64 characters, take them all.
    expect(tried).toBe(2 * ODD_IDS.length);
  });
});
