// What the agent typed into the one search box, read as a lookup: CUS-, ORD- and
// TXN- prefixes in any case, bare digits by the selected mode (`42` is
// CUS-000042 in customer mode, TXN-42… in order mode), and anything that looks
// like a card number is handed to the card field instead of being sent as text.
import { normalizePanInput, PAN_MIN_LENGTH } from './pan.ts';

export type TextLookupMode = 'customerId' | 'order';

export type ParsedLookup =
  | { readonly kind: 'lookup'; readonly by: TextLookupMode; readonly value: string }
  /** Digits as long as a card number: the caller moves them to the card field. */
  | { readonly kind: 'card'; readonly digits: string }
  | { readonly kind: 'empty' }
  | { readonly kind: 'invalid'; readonly message: string };

export const CUSTOMER_ID_DIGITS = 6;
const MAX_QUERY_LENGTH = 64;

export const customerIdFromNumber = (digits: string): string => `CUS-${digits.padStart(CUSTOMER_ID_DIGITS, '0')}`;

/** True when the text is only digits, spaces and dashes, and at least as long as the shortest card number. */
export function looksLikeCardNumber(text: string): boolean {
  const digits = normalizePanInput(text);
  return digits !== null && digits.length >= PAN_MIN_LENGTH;
}

export function parseLookupQuery(text: string, mode: TextLookupMode): ParsedLookup {
  const query = text.trim().toUpperCase();
  if (query === '') return { kind: 'empty' };
  if (query.length > MAX_QUERY_LENGTH) return { kind: 'invalid', message: `A search is at most ${MAX_QUERY_LENGTH} characters` };
  if (looksLikeCardNumber(query)) return { kind: 'card', digits: normalizePanInput(query) ?? '' };

  const customer = /^CUS[-\s]?(\d{1,6})$/.exec(query);
  if (customer?.[1] !== undefined) return { kind: 'lookup', by: 'customerId', value: customerIdFromNumber(customer[1]) };
  const reference = /^(ORD|TXN)[-\s]?([A-Z0-9][A-Z0-9-]{0,35})$/.exec(query);
  if (reference?.[1] !== undefined && reference[2] !== undefined) return { kind: 'lookup', by: 'order', value: `${reference[1]}-${reference[2]}` };

  const digits = /^\d+$/.test(query) ? query : null;
  if (digits !== null && mode === 'customerId') {
    if (digits.length <= CUSTOMER_ID_DIGITS) return { kind: 'lookup', by: 'customerId', value: customerIdFromNumber(digits) };
    return { kind: 'invalid', message: `A customer number has up to ${CUSTOMER_ID_DIGITS} digits; for an order or transaction type ORD- or TXN- first` };
  }
  if (digits !== null) return { kind: 'lookup', by: 'order', value: `TXN-${digits}` };
  return { kind: 'invalid', message: 'Type a customer ID (CUS-000042 or 42), an order (ORD-…) or a transaction (TXN-…)' };
}
