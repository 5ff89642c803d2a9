// The DLP gate of every record from a system of record, its webhook payloads
// and what an admin declares for a source: the whole document as it arrived
// (keys, strings and numbers, before any schema strips or reads it), read by
// the shared whole-document scan (shared/pan-document.ts), naming the first
// field that holds a card number in any writing the DLP knows, or starts one
// that runs on into its neighbour. The one field a full PAN may arrive in is
// left to the card path.
import { findPanInDocument } from '../../shared/pan-document.ts';
import { redactPans } from '../../shared/pan.ts';

/** Deeper than any record the schemas accept: such input is refused without being walked further. */
const MAX_DEPTH = 16;

export type PanGuardFinding =
  | { readonly kind: 'pan'; readonly field: string }
  | { readonly kind: 'too_deep'; readonly field: string }
  /** A key with no letter and no digit: no field's name, and it would join the values on either side. */
  | { readonly kind: 'nameless_key'; readonly field: string };

/** A field path as a refusal may name it: never a PAN, even when a hostile key carried one. */
export function fieldName(path: readonly (string | number)[]): string {
  const joined = path.length === 0 ? 'record' : path.join('.');
  return redactPans(joined).slice(0, 200);
}

/** The first field (or key) of `value` that holds a card number, outside `allowed` (a path); null when none does. */
export function findPanField(value: unknown, allowed: readonly string[]): PanGuardFinding | null {
  const found = findPanInDocument(value, { skip: allowed.length === 0 ? undefined : allowed, maxDepth: MAX_DEPTH });
  if (found === null) return null;
  const field = fieldName(found.path);
  switch (found.kind) {
    case 'too_deep':
      return { kind: 'too_deep', field };
    case 'punctuation_key':
      return { kind: 'nameless_key', field };
    case 'pan':
    case 'too_long':
      // Too long to scan is treated as a hit, never passed on unscanned.
      return { kind: 'pan', field };
  }
}
