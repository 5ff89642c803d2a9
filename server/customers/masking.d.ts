import { type MaskPolicy } from '../../shared/pan.ts';
import type { MaskedCard } from '../../shared/schemas/customer.ts';
import type { CardRecord } from '../storage/store.ts';
export declare function maskCard(card: CardRecord, policy: MaskPolicy): MaskedCard;
/** `ana.silva@example.com` → `a•••@example.com`. */
export declare function maskEmail(email: string): string;
/** Keeps the last 4 digits only: `+44 20 7946 0958` → `••• 0958`. */
export declare function maskPhone(phone: string): string;
