// Gateway settings with their defaults. The PCI DSS 8.x numbers (lockout after
// 10 failures for 30 minutes, 15-minute access tokens) are defaults that a
// deployment may only tighten.
import { z } from 'zod';
import { MaskRevealSchema } from '../shared/pan.ts';

export const GatewayConfigSchema = z.object({
  version: z.string().default('0.1.0'),
  maskReveal: MaskRevealSchema.default('last4'),
  lockout: z
    .object({
      maxFailedAttempts: z.number().int().min(1).max(10).default(10),
      lockMinutes: z.number().int().min(30).default(30),
      /** Sign-in attempts of one account verified at once; more are refused (and still counted). */
      maxAttemptsInFlight: z.number().int().min(1).max(10).default(2),
    })
    .prefault({}),
  tokens: z
    .object({
      accessMinutes: z.number().int().min(1).max(15).default(15),
      refreshHours: z.number().int().min(1).max(24).default(12),
      /** Absolute session lifetime from sign-in: no refresh carries a session past it. */
      sessionHours: z.number().int().min(1).max(24).default(12),
      /** How long a device-key challenge for a login stays usable (once). */
      challengeSeconds: z.number().int().min(10).max(600).default(120),
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
      failedLogins: z
        .object({
          /** Per typed username. */
          threshold: z.number().int().positive().default(5),
          /** Per client address, across every name it tries (password spraying). */
          perSourceThreshold: z.number().int().positive().default(20),
          /** Across the whole gateway (spraying from many addresses). */
          globalThreshold: z.number().int().positive().default(100),
          windowMinutes: z.number().positive().default(15),
        })
        .prefault({}),
      syncLagMinutes: z.number().positive().default(15),
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
