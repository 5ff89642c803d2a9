// Evidence for the log review and the control failures, read from their own
// records: each reviewed day with its findings and sign-off (10.4.1.1), and
// every incident open in the range with its closure analysis (10.7.2).
import { incidentsFor, reviewEvidenceFor, type DayRange } from '../../../audit/review-evidence.ts';
import { recordFiles, type EvidenceContext, type EvidenceSection } from '../evidence-section.ts';

const DAY_MS = 86_400_000;
/** The pack's [from, to) instants as the review's inclusive UTC days. */
const daysOf = (context: EvidenceContext): DayRange => ({ from: context.from.slice(0, 10), to: new Date(Date.parse(context.to) - DAY_MS).toISOString().slice(0, 10) });

export const dailyLogReview: EvidenceSection = {
  requirement: '10.4.1.1',
  title: 'Audit logs are reviewed at least once daily, by automated mechanisms',
  async produce(context) {
    const days = await reviewEvidenceFor(context.store, daysOf(context), { now: Date.parse(context.generatedAt), signOffHours: context.config.review.signOffHours });
    const rows = days.flatMap((day) => {
      const signed = [day.status, day.signOff?.by ?? '', day.signOff?.at ?? ''] as const;
      if (day.findings.length === 0) return [[day.day, day.generatedAt, ...signed, '', '', '', '', '']];
      return day.findings.map((f) => [day.day, day.generatedAt, ...signed, f.rule, f.severity, `${f.subject.kind}:${f.subject.id}`, f.summary, f.note ?? '']);
    });
    return recordFiles(
      {
        title: '10.4.1.1 Each day of the daily log review: its findings, the reviewer and the note per finding',
        columns: ['day', 'generatedAt', 'status', 'signedOffBy', 'signedOffAt', 'rule', 'severity', 'subject', 'finding', 'reviewerNote'],
        rows,
        configuration: { ...context.config.review },
        method: 'Read from the stored review days and findings (the daily review job writes them; each sign-off is written with its audit record in one transaction).',
      },
      context,
    );
  },
};

export const controlFailures: EvidenceSection = {
  requirement: '10.7.2',
  title: 'Failures of critical security control systems are detected, reported and responded to',
  async produce(context) {
    const incidents = await incidentsFor(context.store, daysOf(context));
    return recordFiles(
      {
        title: '10.7.2 Incidents of failed critical controls open in the range, with their analysis (10.7.3)',
        columns: ['incidentId', 'control', 'desks', 'detectedAt', 'startedAt', 'endedAt', 'status', 'closedBy', 'closedAt', 'rootCause', 'restoration', 'securityIssues', 'riskAssessment', 'prevention'],
        rows: incidents.map((i) => [
          i.incidentId,
          i.control,
          i.deviceIds.join(' '),
          i.detectedAt,
          i.startedAt,
          i.endedAt ?? '',
          i.status,
          i.closure?.closedBy ?? '',
          i.closure?.closedAt ?? '',
          i.closure?.rootCause ?? '',
          i.closure?.restoration ?? '',
          i.closure?.securityIssues ?? '',
          i.closure?.riskAssessment ?? '',
          i.closure?.prevention ?? '',
        ]),
        configuration: { controls: 'desk heartbeats: capture protection, audit queue, keychain, sync, clock; the gateway: the daily review job' },
        method: 'Read from the stored incidents that overlap the range; an incident is opened by a failing heartbeat and closed only with all five analysis fields.',
      },
      context,
    );
  },
};
