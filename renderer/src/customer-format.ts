// Dates, times and money as the caller would say them: in the customer's
// locale, times in the customer's time zone and labelled with it, so "I was
// charged at three" and the screen agree.
const PLACE: Record<string, { locale: string; timeZone: string }> = {
  GB: { locale: 'en-GB', timeZone: 'Europe/London' },
  IE: { locale: 'en-IE', timeZone: 'Europe/Dublin' },
  DE: { locale: 'de-DE', timeZone: 'Europe/Berlin' },
  FR: { locale: 'fr-FR', timeZone: 'Europe/Paris' },
  ES: { locale: 'es-ES', timeZone: 'Europe/Madrid' },
  PT: { locale: 'pt-PT', timeZone: 'Europe/Lisbon' },
  NL: { locale: 'nl-NL', timeZone: 'Europe/Amsterdam' },
  SE: { locale: 'sv-SE', timeZone: 'Europe/Stockholm' },
  PL: { locale: 'pl-PL', timeZone: 'Europe/Warsaw' },
};

export interface CustomerFormat {
  readonly locale: string | undefined;
  readonly timeZone: string | undefined;
  /** A calendar date (YYYY-MM-DD or a timestamp), e.g. "4 Nov 2026". */
  date(iso: string): string;
  /** Date and time with the zone, e.g. "2 Nov 2026, 14:05 CET". */
  dateTime(iso: string): string;
  money(minor: number, currency: string): string;
  /** The calendar day (YYYY-MM-DD) an instant falls on for the customer. */
  day(iso: string): string;
}

export function customerFormat(country: string): CustomerFormat {
  const place = PLACE[country];
  const locale = place?.locale;
  const timeZone = place?.timeZone;
  const dateOnly = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  const zoned = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short' });
  const zonedDate = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone });
  const isoDay = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone });
  return {
    locale,
    timeZone,
    // A bare date is a calendar day, not an instant: format it in UTC so no zone shifts it.
    date: (iso) => (iso.length === 10 ? dateOnly.format(new Date(`${iso}T00:00:00Z`)) : zonedDate.format(new Date(iso))),
    dateTime: (iso) => zoned.format(new Date(iso)),
    day: (iso) => isoDay.format(new Date(iso)),
    money: (minor, currency) => new Intl.NumberFormat(locale, { style: 'currency', currency }).format(minor / 100),
  };
}
