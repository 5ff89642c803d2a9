// The reviewer's side of the daily log review: the days and their findings,
// read on the record (10.2.1.3), and the sign-off: a named supervisor or
// security reviewer, a note per finding, committed together with its audit
// record. Nobody signs off a day with findings about themselves.
import type { ReviewDay, ReviewRangeQuery, ReviewSignOffRequest } from '../../shared/schemas/review.ts';
import { canonicalJson } from '../../shared/canonical-json.ts';
import type { Clock } from '../config.ts';
import { digestForAudit, sha256Hex } from '../core/hashing.ts';
import type { GatewayAudit } from '../core/audit-port.ts';
import type { Principal } from '../core/principal.ts';
import { GatewayError } from '../errors.ts';
import type { ReviewRepo, SignOffOutcome } from '../storage/store.ts';
import { reviewDayView } from './review-day-view.ts';

export interface ReviewQueue {
  days(reviewer: Principal, range: ReviewRangeQuery): Promise<ReviewDay[]>;
  signOff(reviewer: Principal, day: string, request: ReviewSignOffRequest): Promise<ReviewDay>;
}

type Refusal = Exclude<SignOffOutcome, { ok: true }>['refusal'];

const REFUSALS: Record<Refusal, () => GatewayError> = {
  not_found: () => new GatewayError('not_found', 'No review of that day: it is not over yet, or before the review began'),
  already_signed: () => new GatewayError('conflict', 'That day is signed off already'),
  notes_mismatch: () => new GatewayError('invalid_request', "Write one note for each of the day's findings, and none for another day's"),
  own_finding: () => new GatewayError('forbidden', 'A finding of that day is about you: another reviewer must sign it off'),
};

export function createReviewQueue(deps: { repo: ReviewRepo; audit: GatewayAudit; clock: Clock; signOffHours: number }): ReviewQueue {
  const { repo, audit, clock } = deps;
  return {
    async days(reviewer, range) {
      const days = await repo.days(range.from, range.to);
      await audit.record({
        type: 'audit.read',
        outcome: 'success',
        actor: reviewer,
        target: { kind: 'review', id: `${range.from}..${range.to}` },
        details: { days: days.length, findings: days.reduce((n, d) => n + d.findings.length, 0) },
      });
      const now = clock.now();
      return days.map((d) => reviewDayView(d, now, deps.signOffHours));
    },

    async signOff(reviewer, day, request) {
      const notes = new Map(request.notes.map((n) => [n.findingId, n.note]));
      const outcome = await audit.commit(() =>
        repo.signOff({ day, byUserId: reviewer.userId, by: reviewer.username, at: clock.now(), notes }, (decided) =>
          audit.prepare({
            type: 'review.signoff',
            outcome: decided.ok ? 'success' : 'failure',
            ...(decided.ok ? {} : { reason: decided.refusal }),
            actor: reviewer,
            target: { kind: 'review', id: day },
            // The notes themselves are in the review; their hash here lets a later change to them be noticed.
            details: { findings: decided.ok ? decided.day.findings.length : null, notes: notes.size, notesHash: digestForAudit(sha256Hex(canonicalJson(Object.fromEntries(notes)))) },
          }),
        ),
      );
      if (!outcome.ok) throw REFUSALS[outcome.refusal]();
      return reviewDayView(outcome.day, clock.now(), deps.signOffHours);
    },
  };
}
