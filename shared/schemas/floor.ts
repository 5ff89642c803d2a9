// The supervisor's floor: the live stream's health as main sees it, and the
// gateway's floor report behind the charts (lookups and failed sign-ins per
// hour, time in state per agent).
import { z } from 'zod';
import { TIMELINE_STATES } from '../agent-states.ts';
import { TimestampSchema } from './common.ts';

/** `live`: events arrive as they happen; `reconnecting`: the stream dropped and main retries at `retryAt`. */
export const SupervisorStreamStateSchema = z.object({
  status: z.enum(['stopped', 'connecting', 'live', 'reconnecting']),
  since: TimestampSchema,
  retryAt: TimestampSchema.nullable(),
  /** Failed tries since the stream was last live. */
  attempts: z.number().int().nonnegative(),
});
export type SupervisorStreamState = z.infer<typeof SupervisorStreamStateSchema>;

export const FLOOR_REPORT_MAX_DAYS = 7;
export const FloorReportQuerySchema = z
  .object({ from: TimestampSchema, to: TimestampSchema })
  .refine((q) => Date.parse(q.from) < Date.parse(q.to), { error: '`from` must be before `to`', path: ['to'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= FLOOR_REPORT_MAX_DAYS * 86_400_000, {
    error: `The range is at most ${FLOOR_REPORT_MAX_DAYS} days`,
    path: ['to'],
  });
export type FloorReportQuery = z.infer<typeof FloorReportQuerySchema>;

const Count = z.number().int().nonnegative();
export const FloorHourSchema = z.object({
  hour: TimestampSchema,
  lookupsByCustomerId: Count,
  lookupsByOrder: Count,
  lookupsByCard: Count,
  failedSignIns: Count,
});
export type FloorHour = z.infer<typeof FloorHourSchema>;

export const AgentTimeInStateSchema = z.object({
  userId: z.string().max(64),
  username: z.string().max(64),
  ms: z.record(z.enum(TIMELINE_STATES), z.number().nonnegative()),
});
export type AgentTimeInState = z.infer<typeof AgentTimeInStateSchema>;

export const FloorReportSchema = z.object({
  from: TimestampSchema,
  to: TimestampSchema,
  generatedAt: TimestampSchema,
  hours: z.array(FloorHourSchema).max(FLOOR_REPORT_MAX_DAYS * 24 + 1),
  agents: z.array(AgentTimeInStateSchema),
  /** True when the range held more events than the report reads; the counts are then a lower bound. */
  truncated: z.boolean(),
});
export type FloorReport = z.infer<typeof FloorReportSchema>;

/**
 * The wallboard: the floor in aggregate for a shared display, with no names, no customers and no feed. Each
 * tile says when main last read it; `stale` when the latest read failed and the figures are older.
 */
const wallboardTile = <T extends z.ZodType>(figures: T) => z.object({ asOf: TimestampSchema.nullable(), stale: z.boolean(), figures: figures.nullable() });
export const WallboardSchema = z.object({
  /** Agents by their most present desk: one person on two desks counts once. */
  agents: wallboardTile(z.object({ active: Count, idle: Count, locked: Count, offline: Count })),
  openAlerts: wallboardTile(z.object({ critical: Count, warning: Count, info: Count })),
  /** The 60 minutes before `asOf`. */
  lastHour: wallboardTile(z.object({ lookups: Count, failedSignIns: Count })),
});
export type Wallboard = z.infer<typeof WallboardSchema>;
