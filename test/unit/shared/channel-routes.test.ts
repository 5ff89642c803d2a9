// Every forwarded channel agrees with the gateway route it names: the route
// exists, the access rule and the answer are the route's own, and the request
// the renderer sends is exactly the route's params, query and body together
// (compared as JSON Schema, so a field renamed, dropped, loosened or tightened
// on one side only fails here). The CSV channels declare their own mapping and
// presentation; they are checked by what the mapping builds.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { routes, type RouteSpec } from '../../../shared/api.ts';
import { channels, type ContractChannelName } from '../../../shared/contract/channels.ts';
import type { ChannelSpec, GatewayForwarding } from '../../../shared/contract/define.ts';

const entries = Object.entries(channels) as [ContractChannelName, ChannelSpec][];
const forwarded = entries.flatMap(([name, spec]) => (spec.gateway === 'local' ? [] : [[name, spec, spec.gateway] as const]));
const splitByName = forwarded.filter(([, , gateway]) => gateway.toRoute === undefined);
const PARTS = ['params', 'query', 'body'] as const;

type JsonSchema = { type?: string; properties?: Record<string, unknown>; required?: string[]; additionalProperties?: unknown } & Record<string, unknown>;
const jsonSchemaOf = (schema: z.ZodType): JsonSchema => {
  // Input side: what the caller sends. Refinements and transforms have no JSON form; identity covers them below.
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return rest;
};
const normalised = (schema: JsonSchema): JsonSchema =>
  schema.required === undefined ? schema : { ...schema, required: [...schema.required].sort() };

/** The route's params, query and body as one request, as a channel would declare it. */
function routeRequestSchema(route: RouteSpec): JsonSchema {
  const parts = PARTS.flatMap((part) => (route[part] === undefined ? [] : [jsonSchemaOf(route[part])]));
  if (parts.length === 0) return jsonSchemaOf(z.object({}).strict());
  if (parts.length === 1 && parts[0] !== undefined) return normalised(parts[0]);
  for (const part of parts) expect(part.type, `${route.path}: every part of a multi-part route is an object`).toBe('object');
  return normalised({
    type: 'object',
    properties: Object.assign({}, ...parts.map((part) => part.properties)) as Record<string, unknown>,
    required: parts.flatMap((part) => part.required ?? []),
  });
}

describe('each channel against its gateway route', () => {
  it('forwards 68 channels and answers only the truly local ones in main', () => {
    const local = entries.filter(([, spec]) => spec.gateway === 'local').map(([name]) => name);
    expect(local.sort()).toEqual([
      'account.changePassword',
      'account.confirmMfa',
      'app.openExternal',
      'app.status',
      'audit.status',
      'customers.follow',
      'customers.unfollow',
      'session.lock',
      'session.login',
      'session.logout',
      'session.ssoCancel',
      'session.ssoSignIn',
      'session.ssoUnlock',
      'session.state',
      'session.unlock',
      'session.wallboard',
      'supervisor.streamState',
      'supervisor.wallboard',
    ]);
    expect(forwarded).toHaveLength(68);
  });

  it.each(forwarded)('%s names a route that exists and takes its access rule', (_name, spec, gateway) => {
    expect(Object.hasOwn(routes, gateway.route)).toBe(true);
    expect(spec.access).toBe(routes[gateway.route].access);
  });

  it.each(splitByName)('%s answers with the route’s own response schema', (_name, spec, gateway) => {
    expect(spec.response).toBe(routes[gateway.route].response);
  });

  it.each(splitByName)('%s sends exactly the route’s params, query and body', (_name, spec, gateway) => {
    const route: RouteSpec = routes[gateway.route];
    expect(normalised(jsonSchemaOf(spec.request))).toEqual(routeRequestSchema(route));
    // A field both parts name would be sent twice with one value.
    const fields = PARTS.flatMap((part) => Object.keys(route[part] === undefined ? {} : (jsonSchemaOf(route[part]).properties ?? {})));
    expect(new Set(fields).size).toBe(fields.length);
  });
});

describe('the file channels: a declared mapping and a local presentation step', () => {
  const mapped = forwarded.filter(([, , gateway]) => gateway.toRoute !== undefined);
  const SAMPLES: Partial<Record<ContractChannelName, unknown>> = {
    'supervisor.report': { query: { from: '2026-01-01T00:00:00.000Z', to: '2026-01-02T00:00:00.000Z' }, format: 'csv' },
    'admin.accessReview': { format: 'csv' },
    'admin.patchReport': { format: 'csv' },
    'supervisor.storedReport': { reportId: 'rpt-daily-2026-01-01' },
    'admin.evidencePack': { from: '2026-01-01', to: '2026-01-31' },
  };

  it('are the three CSV downloads, the stored report and the evidence pack, each with a presentation step', () => {
    expect(mapped.map(([name]) => name).sort()).toEqual(['admin.accessReview', 'admin.evidencePack', 'admin.patchReport', 'supervisor.report', 'supervisor.storedReport']);
    for (const [, , gateway] of mapped) expect('present' in gateway).toBe(true);
  });

  it.each(mapped)('%s asks its route for JSON with a request the route accepts', (name, spec, gateway: GatewayForwarding) => {
    const request: unknown = spec.request.parse(SAMPLES[name]);
    const routeRequest = gateway.toRoute?.(request) as Record<string, unknown>;
    const route: RouteSpec = routes[gateway.route];
    for (const part of PARTS) {
      if (route[part] === undefined) expect(routeRequest[part]).toBeUndefined();
      else expect(route[part].safeParse(routeRequest[part]).success, part).toBe(true);
    }
    // The desk writes the CSV itself from the JSON answer, so it never asks the gateway for CSV; the pack comes inline in JSON.
    expect(routeRequest.query).toMatchObject({ format: name === 'admin.evidencePack' ? 'inline' : 'json' });
  });
});
