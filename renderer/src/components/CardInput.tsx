// The card number field: digits only, grouped as typed, no autocomplete or
// spell-check, with brand and Luhn feedback. It never shows a stored number:
// its value lives only until the lookup is submitted. Digits that arrive from
// elsewhere (typed into the text search) are shown masked but for the last 4.
import { brandOf, checkPan, MASK_CHAR, PAN_MAX_LENGTH } from '../../../shared/pan.ts';

const BRAND_NAMES: Record<string, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  discover: 'Discover',
  jcb: 'JCB',
  unionpay: 'UnionPay',
  diners: 'Diners Club',
  maestro: 'Maestro',
};

export function groupDigits(digits: string): string {
  return digits.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** All but the last 4 digits as •, grouped like the typed form. */
export function maskedDigits(digits: string): string {
  return (MASK_CHAR.repeat(Math.max(0, digits.length - 4)) + digits.slice(-4)).replace(/(.{4})(?=.)/g, '$1 ');
}

export function cardFeedback(digits: string): { text: string; tone: 'muted' | 'ok' | 'warn' } {
  if (digits.length === 0) return { text: 'Type the card number the caller reads out.', tone: 'muted' };
  const brand = brandOf(digits);
  const name = brand === null ? 'Unknown card brand' : (BRAND_NAMES[brand] ?? brand);
  if (digits.length < 12) return { text: `${name} · ${digits.length} digits`, tone: brand === null ? 'warn' : 'muted' };
  const check = checkPan(digits);
  if (check.ok) return { text: `${name} · check digit valid`, tone: 'ok' };
  // Still typing: a number that may yet reach a valid length is not an error.
  if (check.problem !== 'luhn' && brand !== null && digits.length < PAN_MAX_LENGTH) return { text: `${name} · ${digits.length} digits`, tone: 'muted' };
  return { text: `${name} · ${check.message}`, tone: 'warn' };
}

export interface CardInputProps {
  readonly id: string;
  readonly digits: string;
  /** Show the digits masked (they were not typed here); typing at the end adds digits, any other edit starts over. */
  readonly masked: boolean;
  readonly onDigits: (digits: string, masked: boolean) => void;
  readonly describedBy: string;
  readonly problem: string | null;
}

export function CardInput({ id, digits, masked, onDigits, describedBy, problem }: CardInputProps) {
  const feedback = cardFeedback(digits);
  const shown = masked ? maskedDigits(digits) : groupDigits(digits);
  const onChange = (value: string): void => {
    const only = (text: string): string => text.replace(/\D/g, '').slice(0, PAN_MAX_LENGTH);
    if (!masked) { onDigits(only(value), false); return; }
    if (value.startsWith(shown)) { onDigits(only(digits + value.slice(shown.length)), true); return; }
    onDigits('', false);
  };
  return (
    <>
      <input
        id={id}
        className="mono"
        value={shown}
        onChange={(e) => onChange(e.target.value)}
        inputMode="numeric"
        autoComplete="off"
        autoCorrect="off"
        spellCheck={false}
        data-private="card"
        aria-describedby={describedBy}
        aria-invalid={problem !== null}
        autoFocus
      />
      <div id={describedBy} className={`hint ${problem !== null ? 'warn' : feedback.tone === 'muted' ? '' : feedback.tone}`} aria-live="polite">
        {problem ?? feedback.text}
      </div>
    </>
  );
}
