// /v1/openapi.json, generated from the same route table and zod schemas that
// the gateway validates with, so the document cannot drift from the code.
import { z } from 'zod';
import type { RouteSpec } from '../../shared/api.ts';

type JsonSchema = Record<string, unknown> & { properties?: Record<string, unknown>; required?: string[] };

const toSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any' });

function parameters(schema: z.ZodType | undefined, location: 'path' | 'query'): unknown[] {
  if (schema === undefined) return [];
  const json = toSchema(schema, 'input');
  const required = new Set(json.required ?? []);
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || required.has(name),
    schema: property,
  }));
}

const ERROR_RESPONSE = { description: 'Error: `{ error: { code, message } }`' };

export function buildOpenApi(routes: Readonly<Record<string, RouteSpec>>, version: string): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [name, route] of Object.entries(routes)) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    (paths[path] ??= {})[route.method.toLowerCase()] = {
      operationId: name,
      security: route.access === 'public' ? [] : [{ bearer: [] }],
      'x-sentinel-access': route.access,
      parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
      ...(route.body === undefined
        ? {}
        : { requestBody: { required: true, content: { 'application/json': { schema: toSchema(route.body, 'input') } } } }),
      responses: {
        200: { description: 'OK', content: { 'application/json': { schema: toSchema(route.response, 'output') } } },
        400: ERROR_RESPONSE,
        401: ERROR_RESPONSE,
        403: ERROR_RESPONSE,
        409: ERROR_RESPONSE,
        429: ERROR_RESPONSE,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Sentinel Desk gateway', version },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  };
}
