// Gateway settings with their defaults. The PCI DSS 8.x numbers (lockout after
// 10 failures for 30 minutes, 15-minute access tokens) are defaults that a
// deployment may only tighten.
import { z } from 'zod';
import { MaskRevealSchema } from '../shared/pan.ts';

/** At most `max` uses per user within any rolling `windowMinutes`. */
const rollingCap = (max: number, windowMinutes: number) =>
  z.object({ max: z.number().int().positive().default(max), windowMinutes: z.number().positive().default(windowMinutes) }).prefault({});

export const GatewayConfigSchema = z.object({
  version: z.string().default('0.1.0'),
  maskReveal: MaskRevealSchema.default('last4'),
  lockout: z
    .object({
      maxFailedAttempts: z.number().int().min(1).max(10).default(10),
      lockMinutes: z.number().int().min(30).default(30),
    })
    .prefault({}),
  tokens: z
    .object({
      accessMinutes: z.number().int().min(1).max(15).default(15),
      refreshHours: z.number().int().min(1).max(24).default(12),
    })
    .prefault({}),
  /** Login, refresh and reauth requests per client address per minute. */
  authRateLimitPerMinute: z.number().int().positive().default(30),
  heartbeatSeconds: z.number().int().positive().default(30),
  /** A device whose heartbeats stop for this long is shown offline. */
  offlineAfterSeconds: z.number().int().positive().default(90),
  alerts: z
    .object({
      cardLookupBurst: z.object({ maxLookups: z.number().int().positive().default(20), windowMinutes: z.number().positive().default(10) }).prefault({}),
      failedLogins: z.object({ threshold: z.number().int().positive().default(5), windowMinutes: z.number().positive().default(15) }).prefault({}),
      syncLagMinutes: z.number().positive().default(15),
    })
    .prefault({}),
  /**
   * Hard per-user caps on customer data (PCI DSS 10.2.1.1 access is audited
   * either way): a request past a cap is refused with 429, audited and alerted.
   */
  customerAccess: z
    .object({
      cardLookups: rollingCap(20, 10),
      /** Customer records read: detail views, and lookups by customer ID or order number. */
      recordReads: rollingCap(60, 10),
      /** Days of extension one subscription may gain within the window, whoever grants them. */
      extensionDays: z
        .object({ maxDays: z.number().int().positive().default(365), windowDays: z.number().positive().default(365) })
        .prefault({}),
    })
    .prefault({}),
  limits: z
    .object({
      bodyBytes: z.number().int().positive().default(64 * 1024),
      auditBatchBytes: z.number().int().positive().default(2 * 1024 * 1024),
    })
    .prefault({}),
});
export type GatewayConfig = z.infer<typeof GatewayConfigSchema>;
export type GatewayConfigInput = z.input<typeof GatewayConfigSchema>;

/** Time as the services see it; tests pass a controllable one. */
export interface Clock {
  now(): number;
}
export const systemClock: Clock = { now: () => Date.now() };
