// Masks every PAN-like number in any JSON-like value before it crosses to the
// renderer: answers, error messages and push events all pass through here.
import { findPans, redactPans } from '../../shared/pan.ts';

/** Deep copy of `value` with every PAN-like number redacted, and how many were found. */
export function redactDeep(value: unknown): { value: unknown; found: number } {
  let found = 0;
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') {
      const hits = findPans(item).length;
      if (hits === 0) return item;
      found += hits;
      return redactPans(item);
    }
    if (Array.isArray(item)) return item.map(walk);
    if (typeof item === 'object' && item !== null) return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, walk(v)]));
    return item;
  };
  return { value: walk(value), found };
}
