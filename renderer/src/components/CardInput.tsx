// The card number field: digits only, grouped as typed, no autocomplete or
// spell-check, with brand and Luhn feedback. It never shows a stored number:
// its value lives only until the lookup is submitted.
import { brandOf, checkPan, PAN_MAX_LENGTH } from '../../../shared/pan.ts';

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

export function CardInput({ id, digits, onDigits, describedBy }: { id: string; digits: string; onDigits: (digits: string) => void; describedBy: string }) {
  const feedback = cardFeedback(digits);
  return (
    <>
      <input
        id={id}
        className="mono"
        value={groupDigits(digits)}
        onChange={(e) => onDigits(e.target.value.replace(/\D/g, '').slice(0, PAN_MAX_LENGTH))}
        inputMode="numeric"
        autoComplete="off"
        autoCorrect="off"
        spellCheck={false}
        data-private="card"
        aria-describedby={describedBy}
        autoFocus
      />
      <div id={describedBy} className={`hint ${feedback.tone === 'muted' ? '' : feedback.tone}`} aria-live="polite">
        {feedback.text}
      </div>
    </>
  );
}
