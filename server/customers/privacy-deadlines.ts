// When a data-subject request is due, and how far one extension moves it.
// GDPR Art. 12(3): one month from receipt, extendable by two further months.
// CCPA (Cal. Civ. Code 1798.130): 45 days, extendable once by another 45.
// A calendar month ends on the same day of the next month, or on its last day
// when that month is shorter (31 January → 28 or 29 February), in UTC.
import type { PrivacyLaw } from '../../shared/schemas/privacy.ts';

const DAY_MS = 86_400_000;

function addMonths(at: number, months: number): number {
  const d = new Date(at);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return target.getTime();
}

export function dueAt(law: PrivacyLaw, receivedAt: number): number {
  return law === 'gdpr' ? addMonths(receivedAt, 1) : receivedAt + 45 * DAY_MS;
}

/** The due date after the one extension the law allows, counted from receipt. */
export function extendedDueAt(law: PrivacyLaw, receivedAt: number): number {
  return law === 'gdpr' ? addMonths(receivedAt, 3) : receivedAt + 90 * DAY_MS;
}

export type DueState = 'on_time' | 'due_soon' | 'overdue' | 'closed';

/** Where an open request stands at `now`: due soon within `warnDays` of its due date. */
export function dueState(request: { status: string; dueAt: number }, now: number, warnDays: number): DueState {
  if (request.status !== 'open') return 'closed';
  if (now > request.dueAt) return 'overdue';
  return request.dueAt - now <= warnDays * DAY_MS ? 'due_soon' : 'on_time';
}
