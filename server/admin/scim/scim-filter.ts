// The filters a provider sends to find a person or a group before it creates
// one: `attribute eq "value"` (RFC 7644 3.4.2.2), the attribute in any case.
// Anything richer is refused as invalidFilter rather than misread.
import { ScimFailure } from './scim-error.ts';

export interface EqualityFilter {
  /** Lower-cased attribute name. */
  readonly attribute: string;
  readonly value: string;
}

const EQUALS = /^\s*([A-Za-z][A-Za-z0-9.:]*)\s+eq\s+"((?:[^"\\]|\\["\\])*)"\s*$/i;

export function parseEqualityFilter(filter: string, attributes: readonly string[]): EqualityFilter {
  const match = EQUALS.exec(filter);
  const attribute = match?.[1]?.toLowerCase();
  if (match === null || attribute === undefined || !attributes.includes(attribute)) {
    throw new ScimFailure(400, `Only ${attributes.map((a) => `${a} eq "…"`).join(' or ')} is supported as a filter`, 'invalidFilter');
  }
  return { attribute, value: (match[2] ?? '').replace(/\\(["\\])/g, '$1') };
}
