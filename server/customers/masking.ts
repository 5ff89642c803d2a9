// Masks for the customer data the gateway sends: cards to policy level, e-mail
// and phone to a hint the agent can confirm with the caller.
import { maskFacets, type MaskPolicy } from '../../shared/pan.ts';
import type { MaskedCard } from '../../shared/schemas/customer.ts';
import type { CardRecord } from '../storage/store.ts';

export function maskCard(card: CardRecord, policy: MaskPolicy): MaskedCard {
  return {
    cardId: card.cardId,
    brand: card.brand,
    masked: maskFacets({ bin: card.bin, last4: card.last4, length: card.length, brand: card.brand }, policy),
    last4: card.last4,
    expiry: card.expiry,
  };
}

/** `ana.silva@example.com` → `a•••@example.com`. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '•••';
  return `${email.slice(0, 1)}•••${email.slice(at)}`;
}

const letters = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Initials only, until the caller is confirmed: `Ana Silva` → `A••• S•••` (an initial is a whole character, accents and all). */
export function maskName(name: string): string {
  const parts = name.split(/\s+/).filter((part) => part.length > 0);
  if (parts.length === 0) return '•••';
  return parts.map((part) => `${letters.segment(part)[Symbol.iterator]().next().value?.segment ?? ''}•••`).join(' ');
}

/** Keeps the last 4 digits only: `+44 20 7946 0958` → `••• 0958`. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length < 4 ? '•••' : `••• ${digits.slice(-4)}`;
}

/**
 * A typed record ID as the audit trail keeps it when it matched nothing: every
 * digit but the last 4 hidden, since an unmatched "ID" may be a card number in
 * disguise. An ID that matched is the record's own and is kept as it is.
 */
export function maskUnmatchedId(typed: string): string {
  const digits = typed.replace(/\D/g, '').length;
  let seen = 0;
  return typed.replace(/\d/g, (digit) => (++seen > digits - 4 ? digit : '•'));
}
