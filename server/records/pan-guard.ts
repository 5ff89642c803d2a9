// The DLP gate of every record from a system of record: one walk over the
// record as it arrived (keys, strings and numbers, before any schema strips or
// reads it) that names the first field holding a card number in any writing the
// DLP knows. The one field a full PAN may arrive in is left to the card path.
import { containsPan, redactPans } from '../../shared/pan.ts';

/** Deeper than any record the schemas accept: such input is refused without being walked further. */
const MAX_DEPTH = 16;

export type PanGuardFinding = { readonly kind: 'pan'; readonly field: string } | { readonly kind: 'too_deep'; readonly field: string };

/** A field path as a refusal may name it: never a PAN, even when a hostile key carried one. */
export function fieldName(path: readonly (string | number)[]): string {
  const joined = path.length === 0 ? 'record' : path.join('.');
  return redactPans(joined).slice(0, 200);
}

function readsAsPan(text: string): boolean {
  try {
    return containsPan(text);
  } catch {
    // Too long to scan: treated as a hit, never passed on unscanned.
    return true;
  }
}

/** The first field (or key) of `value` that holds a card number, outside `allowed` (a path); null when none does. */
export function findPanField(value: unknown, allowed: readonly string[]): PanGuardFinding | null {
  const allowedPath = allowed.join('.');
  const walk = (node: unknown, path: (string | number)[]): PanGuardFinding | null => {
    if (path.length > MAX_DEPTH) return { kind: 'too_deep', field: fieldName(path.slice(0, MAX_DEPTH)) };
    if (typeof node === 'string') return path.join('.') !== allowedPath && readsAsPan(node) ? { kind: 'pan', field: fieldName(path) } : null;
    if (typeof node === 'number' || typeof node === 'bigint') return readsAsPan(String(node)) ? { kind: 'pan', field: fieldName(path) } : null;
    if (Array.isArray(node)) {
      for (const [i, item] of node.entries()) {
        const found = walk(item, [...path, i]);
        if (found !== null) return found;
      }
      return null;
    }
    if (typeof node === 'object' && node !== null) {
      for (const [key, item] of Object.entries(node)) {
        if (readsAsPan(key)) return { kind: 'pan', field: fieldName([...path, key]) };
        const found = walk(item, [...path, key]);
        if (found !== null) return found;
      }
    }
    return null;
  };
  return walk(value, []);
}
