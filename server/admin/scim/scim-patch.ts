// SCIM PATCH (RFC 7644 3.5.2) over a User's writable attributes, as Entra ID and
// Okta send it: attribute names in any case, paths with the core schema's URN,
// a filter on a multi-valued attribute (`emails[type eq "work"].value`), and an
// op with no path whose value object names the attributes (`{"name.givenName": …}`).
// Attributes the desk keeps nothing of (the enterprise extension, title, …) are
// ignored, as providers send them whatever is mapped. The result is plain data:
// the caller validates it with the same schema as a create.
import type { ScimPatchOp } from '../../../shared/schemas/scim.ts';
import { SCIM_SCHEMA } from '../../../shared/schemas/scim.ts';
import { ScimFailure } from './scim-error.ts';
import { parseEqualityFilter } from './scim-filter.ts';

export type ScimDocument = Record<string, unknown>;

/** The writable attributes, by lower-cased name. */
const ATTRIBUTES: Record<string, string> = { username: 'userName', externalid: 'externalId', displayname: 'displayName', name: 'name', emails: 'emails', active: 'active' };
const NAME_PARTS: Record<string, string> = { givenname: 'givenName', familyname: 'familyName', formatted: 'formatted' };
const EMAIL_PARTS: Record<string, string> = { value: 'value', type: 'type', primary: 'primary' };
const CORE_PREFIX = `${SCIM_SCHEMA.user.toLowerCase()}:`;
const PATH = /^([A-Za-z]+)(?:\[([^\]]*)\])?(?:\.([A-Za-z]+))?$/;

interface ParsedPath {
  readonly attribute: string;
  readonly filter: { attribute: string; value: string } | null;
  readonly sub: string | null;
}

/** The path's parts, or null for an attribute the desk does not keep (ignored). */
function parsePath(raw: string): ParsedPath | null {
  let path = raw.trim();
  if (path.toLowerCase().startsWith(CORE_PREFIX)) path = path.slice(CORE_PREFIX.length);
  else if (path.toLowerCase().startsWith('urn:')) return null;
  const match = PATH.exec(path);
  if (match === null) throw new ScimFailure(400, 'The PATCH path is not one the gateway can read', 'invalidPath');
  const attribute = ATTRIBUTES[(match[1] ?? '').toLowerCase()];
  if (attribute === undefined) return null;
  const filter = match[2] === undefined ? null : parseEqualityFilter(match[2], Object.keys(EMAIL_PARTS));
  if (filter !== null && attribute !== 'emails') throw new ScimFailure(400, 'Only emails takes a filter in a PATCH path', 'invalidPath');
  const subRaw = match[3]?.toLowerCase();
  const parts = attribute === 'name' ? NAME_PARTS : attribute === 'emails' ? EMAIL_PARTS : {};
  const sub = subRaw === undefined ? null : (parts[subRaw] ?? null);
  if (subRaw !== undefined && sub === null) throw new ScimFailure(400, 'The PATCH path names no sub-attribute the gateway keeps', 'invalidPath');
  return { attribute, filter: filter === null ? null : { attribute: EMAIL_PARTS[filter.attribute] ?? filter.attribute, value: filter.value }, sub };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const without = (object: Record<string, unknown>, key: string): Record<string, unknown> => Object.fromEntries(Object.entries(object).filter(([k]) => k !== key));
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

function matches(item: unknown, filter: { attribute: string; value: string }): boolean {
  if (!isObject(item)) return false;
  const field = item[filter.attribute];
  return String(field).toLowerCase() === filter.value.toLowerCase();
}

function applyEmails(doc: ScimDocument, op: ScimPatchOp['op'], path: ParsedPath, value: unknown): void {
  const emails = asList(doc.emails);
  if (path.filter === null) {
    if (op === 'remove') delete doc.emails;
    else doc.emails = op === 'add' ? [...emails, ...asList(value)] : asList(value);
    return;
  }
  const filter = path.filter;
  const hit = emails.some((item) => matches(item, filter));
  if (op === 'remove') {
    doc.emails =
      path.sub === null
        ? emails.filter((item) => !matches(item, filter))
        : emails.map((item) => (isObject(item) && matches(item, filter) ? without(item, path.sub ?? '') : item));
    return;
  }
  // Entra replaces `emails[type eq "work"].value` on a person with no work address yet: the element is made.
  if (!hit) {
    const made = path.sub === null ? (isObject(value) ? value : {}) : { [path.sub]: value };
    doc.emails = [...emails, { [filter.attribute]: filter.value, ...made }];
    return;
  }
  doc.emails = emails.map((item) => {
    if (!isObject(item) || !matches(item, filter)) return item;
    return path.sub === null ? { ...item, ...(isObject(value) ? value : {}) } : { ...item, [path.sub]: value };
  });
}

function applyPath(doc: ScimDocument, op: ScimPatchOp['op'], rawPath: string, value: unknown): void {
  const path = parsePath(rawPath);
  if (path === null) return;
  if (path.attribute === 'emails') {
    applyEmails(doc, op, path, value);
    return;
  }
  if (path.attribute === 'name') {
    const name = isObject(doc.name) ? doc.name : {};
    if (path.sub === null) {
      if (op === 'remove') delete doc.name;
      else doc.name = op === 'add' && isObject(value) ? { ...name, ...value } : value;
      return;
    }
    doc.name = op === 'remove' ? without(name, path.sub) : { ...name, [path.sub]: value };
    return;
  }
  if (op === 'remove' && (path.attribute === 'userName' || path.attribute === 'active')) throw new ScimFailure(400, `${path.attribute} cannot be removed`, 'mutability');
  Object.assign(doc, op === 'remove' ? { [path.attribute]: undefined } : { [path.attribute]: value });
}

/** The document after the operations, in order; a copy, the input is left as it was. */
export function applyPatch(document: ScimDocument, operations: readonly ScimPatchOp[]): ScimDocument {
  const doc: ScimDocument = structuredClone(document);
  for (const { op, path, value } of operations) {
    if (path !== undefined) {
      applyPath(doc, op, path, value);
      continue;
    }
    if (op === 'remove') throw new ScimFailure(400, 'A remove operation needs a path', 'noTarget');
    if (!isObject(value)) throw new ScimFailure(400, 'An operation without a path needs an object value', 'invalidValue');
    for (const [key, item] of Object.entries(value)) applyPath(doc, op, key, item);
  }
  return doc;
}
