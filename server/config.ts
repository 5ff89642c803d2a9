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
      /** A head a desk promised in a heartbeat must reach the gateway within this long of the desk being able to sync. */
      headStallMinutes: z.number().positive().default(15),
    })
    .prefault({}),
  limits: z
    .object({
      bodyBytes: z.number().int().positive().default(64 * 1024),
      auditBatchBytes: z.number().int().positive().default(2 * 1024 * 1024),
      /** Time to receive a whole request (headers and body): a slow-loris client is cut off. */
      requestTimeoutMs: z.number().int().positive().default(30_000),
      /** An idle socket is closed after this long; the event stream's keep-alives are well inside it. */
      connectionTimeoutMs: z.number().int().positive().default(120_000),
      connectionsPerIp: z.number().int().positive().default(64),
    })
    .prefault({}),
  presence: z
    .object({
      /** Devices tracked at most; when full, the stalest offline one is forgotten. */
      maxDevices: z.number().int().positive().default(5000),
      /** A heartbeat signed longer ago than this (or in the future by as much) is refused: no replays. */
      heartbeatMaxSkewSeconds: z.number().int().positive().default(120),
      /** Token-less (device-signed) heartbeats per client address per minute: a locked desk sends 2. */
      deviceHeartbeatsPerMinutePerIp: z.number().int().positive().default(600),
    })
    .prefault({}),
  stream: z
    .object({
      maxPerUser: z.number().int().positive().default(3),
      maxTotal: z.number().int().positive().default(200),
      /** Bytes a stream may have queued toward a slow client before it is dropped. */
      maxBufferedBytes: z.number().int().positive().default(1024 * 1024),
      /** Audit events replayed at most after a Last-Event-ID; older ones are read through audit search. */
      maxReplayEvents: z.number().int().positive().default(2000),
      keepAliveMs: z.number().int().positive().default(15_000),
      /** How often an open stream re-checks its session (expiry, revocation); logout closes it at once. */
      sessionRecheckMs: z.number().int().positive().default(5_000),
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
