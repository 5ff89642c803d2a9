// The gateway's scheduled reports (daily, weekly, monthly): per agent, the
// activity report's figures plus time in state and alerts. Each stored report's
// content hash is on the gateway's audit chain, so a changed report shows.
import { z } from 'zod';
import { Sha256HexSchema } from '../audit-chain.ts';
import { TimestampSchema } from './common.ts';
import { ActivityReportRowSchema } from './supervision.ts';

export const REPORT_PERIODS = ['daily', 'weekly', 'monthly'] as const;
export const ReportPeriodSchema = z.enum(REPORT_PERIODS);
export type ReportPeriod = z.infer<typeof ReportPeriodSchema>;

const Ms = z.number().int().nonnegative();
/**
 * One agent's period: the activity report's counts (one definition, audit-repo), time in state, alerts raised.
 * Idle time before an idle lock counts as active: the audit trail records the lock, not the idling.
 */
export const RegularReportRowSchema = ActivityReportRowSchema.extend({
  activeMs: Ms,
  lockedMs: Ms,
  alerts: z.number().int().nonnegative(),
});
export type RegularReportRow = z.infer<typeof RegularReportRowSchema>;

/**
 * One team's period: its members' figures summed, and its coverage: how many of its members were active at all
 * in the period (`activeMembers` of `members`).
 */
export const RegularTeamRowSchema = RegularReportRowSchema.omit({ userId: true, username: true }).extend({
  teamId: z.string().max(64),
  name: z.string().max(80),
  members: z.number().int().nonnegative(),
  activeMembers: z.number().int().nonnegative(),
});
export type RegularTeamRow = z.infer<typeof RegularTeamRowSchema>;
/** The figures a team row sums over its members. */
export const TEAM_SUMMED = ['lookupsByCustomerId', 'lookupsByOrder', 'lookupsByCard', 'recordsViewed', 'notesAdded', 'extensions', 'failedLogins', 'locks', 'activeMs', 'lockedMs', 'alerts'] as const satisfies readonly (keyof RegularReportRow & keyof RegularTeamRow)[];

/** What is hashed and stored: the period and its rows. */
export const RegularReportContentSchema = z.object({
  period: ReportPeriodSchema,
  from: TimestampSchema,
  to: TimestampSchema,
  generatedAt: TimestampSchema,
  /** True when the range held more state events than the time-in-state figure reads: those times are a lower bound. */
  truncated: z.boolean(),
  rows: z.array(RegularReportRowSchema),
  teams: z.array(RegularTeamRowSchema),
});
export type RegularReportContent = z.infer<typeof RegularReportContentSchema>;

export const StoredReportIdSchema = z.string().regex(/^rpt-[a-z]+-\d{4}-\d{2}-\d{2}$/, { error: 'reportId: rpt-PERIOD-YYYY-MM-DD' });
export const StoredReportSummarySchema = z.object({
  reportId: StoredReportIdSchema,
  period: ReportPeriodSchema,
  from: TimestampSchema,
  to: TimestampSchema,
  generatedAt: TimestampSchema,
  contentHash: Sha256HexSchema,
});
export type StoredReportSummary = z.infer<typeof StoredReportSummarySchema>;

/** A stored report as read back: `intact` is false when its content no longer matches the hash on the audit chain. */
export const StoredReportSchema = StoredReportSummarySchema.extend({
  report: RegularReportContentSchema,
  intact: z.boolean(),
});
export type StoredReport = z.infer<typeof StoredReportSchema>;

export const StoredReportsQuerySchema = z.object({
  period: ReportPeriodSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const StoredReportParamsSchema = z.object({ reportId: StoredReportIdSchema });
export const StoredReportQuerySchema = z.object({ format: z.enum(['json', 'csv', 'pdf']).default('json') });

/** A stored report's PDF for the desk, whose answers are JSON. */
export const StoredReportPdfSchema = z.object({ reportId: StoredReportIdSchema, fileName: z.string().max(64), pdfBase64: z.base64().max(20_000_000) });
