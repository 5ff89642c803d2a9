// A stored review day as the API shows it: one place, for the routes and for
// the evidence pack alike.
import { FindingSchema, type ReviewDay } from '../../shared/schemas/review.ts';
import type { ReviewDayRecord } from '../storage/store.ts';

const iso = (ms: number): string => new Date(ms).toISOString();

export function reviewDayView(day: ReviewDayRecord, now: number, signOffHours: number): ReviewDay {
  const { signedAt } = day;
  return {
    day: day.day,
    generatedAt: iso(day.generatedAt),
    status: signedAt !== null ? 'signed' : now - day.generatedAt > signOffHours * 3_600_000 ? 'overdue' : 'pending',
    findings: day.findings.map((f) =>
      FindingSchema.parse({ findingId: f.findingId, day: f.day, rule: f.rule, severity: f.severity, subject: { kind: f.subjectKind, id: f.subjectId }, summary: f.summary, numbers: f.numbers, note: f.note }),
    ),
    signOff: signedAt === null ? null : { by: day.signedBy ?? '', byUserId: day.signedByUserId ?? '', at: iso(signedAt) },
  };
}
