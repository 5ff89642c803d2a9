// Where a request can carry text into the gateway, found from the route table
// itself: every string and number a route's params, query and body schemas
// accept (walked through their JSON Schema), plus the URL of every route (its
// path segments, an extra segment, an extra query parameter). A route added
// to shared/api.ts is probed without anyone listing it here.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { RouteName, RouteSpec } from '../../../shared/api.ts';

export type JsonPath = readonly (string | number)[];
export type RequestPart = 'params' | 'query' | 'body';

export type Probe =
  | { readonly route: RouteName; readonly kind: 'field'; readonly part: RequestPart; readonly path: JsonPath; readonly type: 'text' | 'number'; readonly variant: number }
  | { readonly route: RouteName; readonly kind: 'url'; readonly at: 'extra-segment' | 'extra-query' };

export const describeProbe = (probe: Probe): string =>
  probe.kind === 'url' ? `${probe.route} URL ${probe.at}` : `${probe.route} ${probe.part}.${probe.path.join('.')}${probe.variant > 0 ? ` (variant ${probe.variant})` : ''}`;

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minimum?: number;
  minLength?: number;
  required?: string[];
}

export interface Shape {
  /** A request part built from the schema alone; routes that need real IDs override it. */
  readonly base: unknown;
  readonly leaves: readonly { path: JsonPath; type: 'text' | 'number' }[];
}

const variantsOf = (schema: JsonSchema): JsonSchema[] => (schema.oneOf ?? schema.anyOf ?? [schema]).filter((s) => s.type !== 'null');
const keyOf = (path: JsonPath): string => JSON.stringify(path);
const isUnder = (path: JsonPath, prefix: JsonPath): boolean => prefix.every((step, i) => path[i] === step);

/** One walk of a schema: which variant each union at a path takes (the first unless chosen), and what it found. */
interface Walk {
  readonly choices: ReadonlyMap<string, number>;
  readonly leaves: { path: JsonPath; type: 'text' | 'number' }[];
  /** Unions met on the way, with how many variants each offers. */
  readonly unions: { path: JsonPath; count: number }[];
}

function build(schema: JsonSchema, path: JsonPath, walk: Walk): unknown {
  const variants = variantsOf(schema);
  if (variants.length > 1 || variants[0] !== schema) {
    if (variants.length > 1) walk.unions.push({ path, count: variants.length });
    const chosen = variants[walk.choices.get(keyOf(path)) ?? 0] ?? variants[0];
    if (chosen !== undefined) return build(chosen, path, walk);
  }
  if ('const' in schema) return schema.const;
  if (schema.enum !== undefined) return schema.enum[0];
  switch (schema.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, property] of Object.entries(schema.properties ?? {})) {
        const value = build(property, [...path, key], walk);
        if (schema.required?.includes(key) === true) out[key] = value;
      }
      if (typeof schema.additionalProperties === 'object') build(schema.additionalProperties, [...path, 'probeKey'], walk);
      return out;
    }
    case 'array':
      return schema.items === undefined ? [] : [build(schema.items, [...path, 0], walk)];
    case 'string':
      walk.leaves.push({ path, type: 'text' });
      if (schema.format === 'uuid') return randomUUID();
      if (schema.format === 'date-time') return new Date().toISOString();
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
    case 'integer':
    case 'number':
      walk.leaves.push({ path, type: 'number' });
      return schema.minimum ?? 0;
    case 'boolean':
      return false;
    default:
      // An unconstrained value (z.unknown()) takes text too.
      walk.leaves.push({ path, type: 'text' });
      return 'x';
  }
}

/**
 * One shape with the first variant of every union, then one per other variant of each union (a lookup by
 * customer ID, by order, by card; a heartbeat whose trail check failed; a detail that is a number), each
 * listing only the leaves under that union, so no field hides behind a variant and none is probed twice.
 */
export function shapesOf(schema: z.ZodType): Shape[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const shapes: Shape[] = [];
  const pending: { choices: ReadonlyMap<string, number>; under: JsonPath }[] = [{ choices: new Map(), under: [] }];
  for (let next = pending.shift(); next !== undefined; next = pending.shift()) {
    const walk: Walk = { choices: next.choices, leaves: [], unions: [] };
    const base = build(json, [], walk);
    shapes.push({ base, leaves: walk.leaves.filter((leaf) => isUnder(leaf.path, next.under)) });
    for (const union of walk.unions) {
      if (next.choices.has(keyOf(union.path)) || !isUnder(union.path, next.under)) continue;
      for (let variant = 1; variant < union.count; variant++) {
        pending.push({ choices: new Map([...next.choices, [keyOf(union.path), variant]]), under: union.path });
      }
    }
  }
  return shapes;
}

export function probesOf(routes: Readonly<Record<RouteName, RouteSpec>>): Probe[] {
  const probes: Probe[] = [];
  for (const route of Object.keys(routes) as RouteName[]) {
    const spec = routes[route];
    for (const part of ['params', 'query', 'body'] as const) {
      const schema = spec[part];
      if (schema === undefined) continue;
      for (const [variant, shape] of shapesOf(schema).entries()) {
        for (const leaf of shape.leaves) probes.push({ route, kind: 'field', part, path: leaf.path, type: leaf.type, variant });
      }
    }
    probes.push({ route, kind: 'url', at: 'extra-segment' }, { route, kind: 'url', at: 'extra-query' });
  }
  return probes;
}

/** A copy of `value` with `path` set to `leaf`, creating objects on the way. */
export function withValueAt(value: unknown, path: JsonPath, leaf: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return leaf;
  if (typeof head === 'number') {
    const list = Array.isArray(value) ? [...(value as unknown[])] : [];
    list[head] = withValueAt(list[head], rest, leaf);
    return list;
  }
  const record = typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...(value as Record<string, unknown>) } : {};
  record[head] = withValueAt(record[head], rest, leaf);
  return record;
}

/** The route's path with its `:params` filled in, each value URL-encoded as a path segment. */
export function fillPath(path: string, params: Record<string, unknown>, encode: (segment: string) => string): string {
  return path.replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name];
    return encode(typeof value === 'string' || typeof value === 'number' ? String(value) : 'x');
  });
}
