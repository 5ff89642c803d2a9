// Applies a source's declared webhook mappings (shared/schemas/webhook-mapping.ts)
// to a payload: the first mapping whose `when` matches builds the record the
// source would have sent to the API. What it builds is only a candidate: the
// record goes through the same intake (DLP gate, scope, schema) as any other.
import type { FieldRule, WebhookMapping } from '../../shared/schemas/webhook-mapping.ts';
import { setDotted } from './dotted-path.ts';

type Json = unknown;

function at(payload: Json, path: string): Json {
  let node = payload;
  for (const key of path.split('.')) {
    if (Array.isArray(node) && /^\d+$/.test(key)) node = node[Number(key)];
    else if (typeof node === 'object' && node !== null && Object.hasOwn(node, key)) node = (node as Record<string, Json>)[key];
    else return undefined;
  }
  return node;
}

function apply(rule: FieldRule, payload: Json): Json {
  if (rule.path === undefined) return rule.value;
  const found = at(payload, rule.path);
  if (rule.each !== undefined) return Array.isArray(found) ? found.map((item) => build(rule.each ?? {}, item)) : found;
  if (rule.as === 'epochMs' && typeof found === 'string') return Date.parse(found);
  if (rule.map !== undefined && typeof found === 'string' && Object.hasOwn(rule.map, found)) return rule.map[found];
  return found;
}

/** An object from field rules; a dotted field name (`card.expiry`) nests. Fields whose value is absent are left out. */
function build(fields: Readonly<Record<string, FieldRule>>, payload: Json): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [name, rule] of Object.entries(fields)) {
    const value = apply(rule, payload);
    if (value !== undefined) setDotted(out, name, value);
  }
  return out;
}

/** The mapping that applies to a payload and the record it builds, or null when none applies. */
export function mapPayload(mappings: readonly WebhookMapping[], payload: Json): { mapping: WebhookMapping; record: Record<string, Json> } | null {
  const mapping = mappings.find((m) => m.when === undefined || at(payload, m.when.path) === m.when.equals);
  if (mapping === undefined) return null;
  return { mapping, record: { type: mapping.type, version: apply(mapping.version, payload), data: build(mapping.fields, payload) } };
}
