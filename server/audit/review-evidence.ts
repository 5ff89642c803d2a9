// What the assessor's evidence pack takes from the daily log review (10.4.1.1)
// and the control-failure incidents (10.7.2, 10.7.3), for a range of UTC days,
// read straight from the store (no audit.read of its own: the pack's manifest is
// recorded instead). The range is the caller's to bound.
import type { ReviewDay } from '../../shared/schemas/review.ts';
import type { Incident } from '../../shared/schemas/incidents.ts';
import type { GatewayStore } from '../storage/store.ts';
import { incidentView } from '../supervision/incident-view.ts';
import { reviewDayView } from './review-day-view.ts';
import { DAY_MS } from './review-rules.ts';

export interface DayRange {
  /** YYYY-MM-DD, inclusive. */
  readonly from: string;
  readonly to: string;
}

/** Each reviewed day of the range with its findings, their notes and its sign-off (status as of `now`). */
export async function reviewEvidenceFor(store: Pick<GatewayStore, 'review'>, range: DayRange, options: { now: number; signOffHours: number }): Promise<ReviewDay[]> {
  return (await store.review.days(range.from, range.to)).map((day) => reviewDayView(day, options.now, options.signOffHours));
}

/** Every incident that was open at any time in the range, with its closure analysis once closed. */
export async function incidentsFor(store: Pick<GatewayStore, 'incidents'>, range: DayRange): Promise<Incident[]> {
  const from = Date.parse(`${range.from}T00:00:00.000Z`);
  const to = Date.parse(`${range.to}T00:00:00.000Z`) + DAY_MS;
  return (await store.incidents.overlapping(from, to)).map(incidentView);
}
