// The scheduled reports (issue 26): every hour the job stores each daily,
// weekly (from Monday) and monthly period that has ended and is not stored yet
// (UTC). The figures are the activity report's (audit-repo), time in state
// (time-in-state.ts) and alerts per agent, and per team their sums and coverage. Each stored report's content hash
// goes on the gateway's audit chain, so a report changed afterwards reads as
// not intact. Supervisors' reads are audited like every report.
import { SYSTEM_ACTOR } from '../../shared/audit.ts';
import { canonicalJson } from '../../shared/canonical-json.ts';
import {
  RegularReportContentSchema,
  REPORT_PERIODS,
  TEAM_SUMMED,
  type RegularReportContent,
  type ReportPeriod,
  type StoredReport,
  type StoredReportSummary,
} from '../../shared/schemas/regular-reports.ts';
import type { Clock } from '../config.ts';
import type { GatewayAudit } from '../core/audit-port.ts';
import { digestForAudit, sha256Hex } from '../core/hashing.ts';
import type { Principal } from '../core/principal.ts';
import { GatewayError } from '../errors.ts';
import type { AuditRepo, ReportRepo, StoredReportRecord, TeamRepo } from '../storage/store.ts';
import { realScheduler, type Scheduler } from './chain-verifier.ts';
import { agentTimeInState, eventsInRange } from './time-in-state.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** How long after its report the 'report.generate' record of a stored report may land. */
const RECORD_WINDOW_MS = 5 * 60_000;

/** The period of `kind` that holds `ms` (UTC): a day, a week from Monday, a calendar month. */
export function periodAround(kind: ReportPeriod, ms: number): { from: number; to: number } {
  const day = Math.floor(ms / DAY_MS) * DAY_MS;
  if (kind === 'daily') return { from: day, to: day + DAY_MS };
  if (kind === 'weekly') {
    const monday = day - ((new Date(day).getUTCDay() + 6) % 7) * DAY_MS;
    return { from: monday, to: monday + 7 * DAY_MS };
  }
  const d = new Date(ms);
  return { from: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1), to: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) };
}

export const reportIdOf = (kind: ReportPeriod, from: number): string => `rpt-${kind}-${new Date(from).toISOString().slice(0, 10)}`;

const summaryOf = (record: StoredReportRecord): StoredReportSummary => ({
  reportId: record.reportId,
  period: record.period as ReportPeriod,
  from: record.from,
  to: record.to,
  generatedAt: record.generatedAt,
  contentHash: record.contentHash,
});

export interface RegularReports {
  /** Stores every period that ended by now and is not stored yet; returns what it stored. */
  runNow(): Promise<StoredReportSummary[]>;
  /** Builds (without storing) one period's figures: what a stored report holds. */
  build(kind: ReportPeriod, range: { from: number; to: number }): Promise<RegularReportContent>;
  list(principal: Principal, query: { period?: ReportPeriod | undefined; limit: number }): Promise<StoredReportSummary[]>;
  /** One stored report with its integrity: its content against its hash, and that hash against the audit record. */
  read(principal: Principal, reportId: string, format: string): Promise<StoredReport>;
  /** The stored reports whose range lies within [from, to), read back and checked, unaudited: the evidence pack's. */
  within(from: string, to: string): Promise<StoredReport[]>;
  start(): void;
  stop(): Promise<void>;
}

export function createRegularReports(deps: {
  reports: ReportRepo;
  audit: AuditRepo;
  teams: TeamRepo;
  gatewayAudit: GatewayAudit;
  clock: Clock;
  scheduler?: Scheduler;
  onError: (error: unknown) => void;
}): RegularReports {
  const scheduler = deps.scheduler ?? realScheduler;
  let timer: { cancel(): void } | null = null;
  let running: Promise<StoredReportSummary[]> | null = null;

  const build = async (kind: ReportPeriod, range: { from: number; to: number }): Promise<RegularReportContent> => {
    const iso = { from: new Date(range.from).toISOString(), to: new Date(range.to).toISOString() };
    const activity = await deps.audit.activity(iso);
    const states = await agentTimeInState(deps.audit, iso);
    const alerts = await deps.reports.alertsPerUser(iso.from, iso.to);
    const timeOf = new Map(states.agents.map((a) => [a.userId, a.ms]));
    const rows = activity.map((row) => {
      const ms = timeOf.get(row.userId);
      return { ...row, activeMs: Math.round(ms?.active ?? 0), lockedMs: Math.round(ms?.locked ?? 0), alerts: alerts.get(row.userId) ?? 0 };
    });
    const byUser = new Map(rows.map((row) => [row.userId, row]));
    const teams = (await deps.teams.list()).map((team) => {
      const members = team.members.flatMap((userId) => byUser.get(userId) ?? []);
      const sums = Object.fromEntries(TEAM_SUMMED.map((figure) => [figure, members.reduce((n, row) => n + row[figure], 0)])) as Record<(typeof TEAM_SUMMED)[number], number>;
      return { teamId: team.teamId, name: team.name, members: team.members.length, activeMembers: members.filter((row) => row.activeMs > 0).length, ...sums };
    });
    return { period: kind, ...iso, generatedAt: new Date(deps.clock.now()).toISOString(), truncated: states.truncated, rows, teams };
  };

  const store = async (kind: ReportPeriod, range: { from: number; to: number }): Promise<StoredReportSummary | null> => {
    const reportId = reportIdOf(kind, range.from);
    if ((await deps.reports.find(reportId)) !== null) return null;
    const content = await build(kind, range);
    const text = canonicalJson(content);
    const record: StoredReportRecord = { reportId, period: kind, from: content.from, to: content.to, generatedAt: content.generatedAt, content: text, contentHash: sha256Hex(text) };
    if (!(await deps.reports.insert(record))) return null;
    await deps.gatewayAudit.record({
      type: 'report.generate',
      outcome: 'success',
      actor: SYSTEM_ACTOR,
      target: { kind: 'report', id: reportId },
      details: { action: 'store', period: kind, from: content.from, to: content.to, rows: content.rows.length, sha256Base64url: digestForAudit(record.contentHash) },
    });
    return summaryOf(record);
  };

  const pass = async (): Promise<StoredReportSummary[]> => {
    const stored: StoredReportSummary[] = [];
    const now = deps.clock.now();
    for (const kind of REPORT_PERIODS) {
      // The period just ended: the one holding the last millisecond before the current one began.
      const ended = periodAround(kind, periodAround(kind, now).from - 1);
      const done = await store(kind, ended);
      if (done !== null) stored.push(done);
    }
    return stored;
  };

  /** The hash the audit chain holds for this report, or null when no record of it is found. */
  const recordedHash = async (record: StoredReportRecord): Promise<string | null> => {
    const to = new Date(Date.parse(record.generatedAt) + RECORD_WINDOW_MS).toISOString();
    const found = await eventsInRange(deps.audit, 'report.generate', { from: record.generatedAt, to });
    const event = found.events.map((e) => e.event).find((e) => e.target.id === record.reportId && e.details.action === 'store');
    const digest = event?.details.sha256Base64url;
    return typeof digest === 'string' ? Buffer.from(digest, 'base64url').toString('hex') : null;
  };

  const checked = async (record: StoredReportRecord): Promise<StoredReport> => {
    const parsed = (() => {
      try {
        return RegularReportContentSchema.safeParse(JSON.parse(record.content));
      } catch {
        return null;
      }
    })();
    const report = parsed?.success === true ? parsed.data : null;
    const intact = report !== null && sha256Hex(record.content) === record.contentHash && (await recordedHash(record)) === record.contentHash;
    return { ...summaryOf(record), report: report ?? { period: record.period as ReportPeriod, from: record.from, to: record.to, generatedAt: record.generatedAt, truncated: false, rows: [], teams: [] }, intact };
  };

  const runNow = (): Promise<StoredReportSummary[]> => {
    running ??= pass().finally(() => {
      running = null;
    });
    return running;
  };

  return {
    runNow,
    build,
    async list(principal, query) {
      await deps.gatewayAudit.record({ type: 'report.generate', outcome: 'success', actor: principal, target: { kind: 'report', id: 'stored' }, details: { action: 'list', period: query.period ?? null } });
      return (await deps.reports.list(query)).map(summaryOf);
    },
    async read(principal, reportId, format) {
      const record = await deps.reports.find(reportId);
      await deps.gatewayAudit.record({
        type: 'report.generate',
        outcome: record === null ? 'failure' : 'success',
        ...(record === null ? { reason: 'not_found' } : {}),
        actor: principal,
        target: { kind: 'report', id: reportId },
        details: { action: 'read', format },
      });
      if (record === null) throw new GatewayError('not_found', 'No such stored report');
      return checked(record);
    },
    async within(from, to) {
      const records = await deps.reports.list({ from, to, limit: 1000 });
      return Promise.all(records.map(checked));
    },
    start() {
      runNow().catch(deps.onError);
      timer ??= scheduler.every(HOUR_MS, () => {
        runNow().catch(deps.onError);
      });
    },
    async stop() {
      timer?.cancel();
      timer = null;
      await running?.catch(() => undefined);
    },
  };
}
