// The rules of the daily log review (PCI DSS 10.4.1.1) and of the control
// monitor, as configuration: every threshold and severity is a setting with a
// default, so a deployment tunes them without code. config.ts holds it as `review`.
import { z } from 'zod';
import { FindingSeveritySchema, type FindingSeverity } from '../../shared/schemas/review.ts';

const severity = (value: FindingSeverity) => FindingSeveritySchema.default(value);
const rule = (fallback: FindingSeverity) => z.object({ enabled: z.boolean().default(true), severity: severity(fallback) });
const count = (value: number) => z.number().int().min(1).max(1_000_000).default(value);

export const ReviewConfigSchema = z
  .object({
    /** Days before the reviewed day that make an agent's and a team's usual activity. */
    baselineDays: z.number().int().min(7).max(90).default(30),
    /** Days an agent must have worked in the baseline window before "unusual" means anything for them. */
    minBaselineDays: z.number().int().min(1).max(90).default(5),
    /** How often the job looks for a finished day to review and for days left unsigned. */
    runEveryMinutes: z.number().int().min(1).max(1440).default(20),
    /** A day unsigned this long after it was generated raises an alert. */
    signOffHours: z.number().int().min(1).max(168).default(24),
    /** Days the job catches up on after a gateway was down. */
    catchUpDays: z.number().int().min(1).max(92).default(31),
    /** A desk clock this far from the gateway's in a heartbeat is a failing clock control. */
    clockSkewSeconds: z.number().int().min(1).max(3600).default(60),
    rules: z
      .object({
        failedSignInBurst: rule('medium').extend({ minFailures: count(5), windowMinutes: z.number().int().min(1).max(1440).default(10) }).prefault({}),
        lockout: rule('high').prefault({}),
        /** An agent's day above `ratio` times their own mean, and at least `minCount`. */
        cardLookups: rule('high').extend({ ratio: z.number().min(1).max(1000).default(4), minCount: count(20) }).prefault({}),
        recordReads: rule('medium').extend({ ratio: z.number().min(1).max(1000).default(4), minCount: count(40) }).prefault({}),
        /** An hour is usual for an agent with access in it on `minDaysAtHour` baseline days; `slackHours` either side are too. */
        offHours: rule('medium').extend({ minDaysAtHour: count(2), slackHours: z.number().int().min(0).max(6).default(1) }).prefault({}),
        customerManyAgents: rule('high').extend({ minAgents: count(5) }).prefault({}),
        roleChange: rule('medium').prefault({}),
        mfaChange: rule('medium').prefault({}),
        deviceChange: rule('low').prefault({}),
        auditIntegrity: rule('critical').prefault({}),
        captureProtectionOff: rule('high').prefault({}),
        queueHalted: rule('high').prefault({}),
        clockSkew: rule('medium').prefault({}),
        controlFailure: rule('high').prefault({}),
      })
      .prefault({}),
  })
  .prefault({});
export type ReviewConfig = z.infer<typeof ReviewConfigSchema>;
