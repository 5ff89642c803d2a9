// The DLP read of a whole JSON document (a record from a system of record, an
// audit event): its keys and values in canonical order (object keys sorted by
// UTF-16 code units, as shared/canonical-json.ts writes them), read by findPans
// as one text with punctuation between the pieces. So a card number is found
// inside one piece, and also split over pieces with nothing but punctuation
// between them in the canonical JSON: the items of an array, a key and its value.
//
// A key with no letter and no digit is refused outright: it is no name, and it
// would join the values on either side of it (`{"a":"… 4111 1111","-":"1111 1111 …"}`).
//
// The decision on values with a named key between them: they do not join. A
// letter ends a number everywhere in the DLP, and the key's letters end it here.
// Joining across named fields would refuse honest records: a customer's phone
// number and postcode are neighbours in canonical order, and a Berlin number
// (+49 30 and 7 digits) with its 5-digit postcode reads as a 16-digit number
// starting with 4, a Visa length; about one in ten such pairs passes Luhn. A
// source that splits a card number over two named fields on purpose is
// therefore not caught by this scan (the card never arrives whole anywhere, but
// the parts are stored).
import { findPans } from './pan.ts';

export type DocumentPath = readonly (string | number)[];

export type DocumentFinding =
  /** A card number starts in this piece (the key's own path when it starts in a key). */
  | { readonly kind: 'pan'; readonly path: DocumentPath }
  /** A key with no letter and no digit. */
  | { readonly kind: 'punctuation_key'; readonly path: DocumentPath }
  /** Nested deeper than `maxDepth`; not read further. */
  | { readonly kind: 'too_deep'; readonly path: DocumentPath }
  /** Longer than the DLP scans; refused rather than passed on unscanned. */
  | { readonly kind: 'too_long'; readonly path: DocumentPath };

export interface DocumentScanOptions {
  /** The one path whose value is not read (a payment's card number, which its own path turns into an HMAC). */
  readonly skip?: DocumentPath;
  readonly maxDepth?: number;
}

const DEFAULT_MAX_DEPTH = 64;
/** Between pieces: punctuation, which joins digit groups as the canonical JSON's quotes, colons and commas do. */
const JOIN = ',';
/** In place of the skipped value: a letter, so nothing joins across it. */
const GAP = 'x';
const NAMELESS_KEY = /^[^\p{L}\p{N}]*$/u;
const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

interface Place {
  readonly parent: Place | null;
  readonly key: string | number;
  readonly depth: number;
}
const ROOT: Place = { parent: null, key: '', depth: 0 };

function pathOf(place: Place): (string | number)[] {
  const path: (string | number)[] = [];
  for (let at = place; at.parent !== null; at = at.parent) path.unshift(at.key);
  return path;
}

/** The first card number, nameless key, or over-deep branch of `value`; null when there is none. */
export function findPanInDocument(value: unknown, options: DocumentScanOptions = {}): DocumentFinding | null {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const { skip } = options;
  const starts: number[] = [];
  // Each piece's place as a link to its parent's, so a path array is built only for the piece a finding names.
  const places: Place[] = [];
  let text = '';
  const add = (piece: string, place: Place): void => {
    starts.push(text.length);
    places.push(place);
    text += piece + JOIN;
  };
  const walk = (node: unknown, place: Place): DocumentFinding | null => {
    if (place.depth > maxDepth) return { kind: 'too_deep', path: pathOf(place).slice(0, maxDepth) };
    if (place.depth === skip?.length && pathOf(place).join('\u0000') === skip.join('\u0000')) {
      text += GAP;
      return null;
    }
    if (typeof node === 'string') add(node, place);
    else if (typeof node === 'number' || typeof node === 'bigint') add(String(node), place);
    else if (Array.isArray(node)) {
      for (const [i, item] of node.entries()) {
        const found = walk(item, { parent: place, key: i, depth: place.depth + 1 });
        if (found !== null) return found;
      }
    } else if (typeof node === 'object' && node !== null) {
      for (const key of Object.keys(node).sort(byCodeUnit)) {
        const keyPlace = { parent: place, key, depth: place.depth + 1 };
        if (NAMELESS_KEY.test(key)) return { kind: 'punctuation_key', path: pathOf(keyPlace) };
        add(key, keyPlace);
        const found = walk((node as Record<string, unknown>)[key], keyPlace);
        if (found !== null) return found;
      }
    }
    return null;
  };
  const shape = walk(value, ROOT);
  if (shape !== null) return shape;
  let first;
  try {
    [first] = findPans(text);
  } catch {
    return { kind: 'too_long', path: [] };
  }
  if (first === undefined) return null;
  // The piece the number starts in: the last one that starts at or before it.
  let piece = 0;
  while (piece + 1 < starts.length && (starts[piece + 1] ?? Infinity) <= first.start) piece++;
  const place = places[piece];
  return { kind: 'pan', path: place === undefined ? [] : pathOf(place) };
}
