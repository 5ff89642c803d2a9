// Workstation status for the status bar, the heartbeat and the watermark.
import { z } from 'zod';
import { MaskRevealSchema } from '../pan.ts';
import { TimestampSchema } from './common.ts';
import { CaptureProtectionSchema } from './supervision.ts';

export const SyncStateSchema = z.enum(['idle', 'syncing', 'retrying', 'halted', 'offline']);
/** Why sync halted: the gateway refused the chain (409), quarantined a batch (400/422), or a local row failed verification. */
export const SyncHaltReasonSchema = z.enum(['chain_rejected', 'quarantined', 'integrity']);
export type SyncHaltReason = z.infer<typeof SyncHaltReasonSchema>;
export const AuditSyncStatusSchema = z.object({
  state: SyncStateSchema,
  haltReason: SyncHaltReasonSchema.nullable().optional(),
  queueDepth: z.number().int().nonnegative(),
  /** Age in ms of the oldest event not yet acknowledged by the server. */
  oldestUnsyncedAgeMs: z.number().int().nonnegative().nullable(),
  lastSuccessAt: TimestampSchema.nullable(),
  lastError: z.object({ code: z.string().max(64), message: z.string().max(500), at: TimestampSchema }).nullable(),
});
export type AuditSyncStatus = z.infer<typeof AuditSyncStatusSchema>;

/** The part of managed policy the renderer needs to behave; the rest stays in main. */
/** Minutes in one state after which the agent board marks a desk: `warn`, then `alert` (at or above `warn`). */
const StateThresholdSchema = z
  .object({ warnMinutes: z.number().int().min(1).max(1440), alertMinutes: z.number().int().min(1).max(1440) })
  .strict()
  .refine((t) => t.alertMinutes >= t.warnMinutes, { error: 'alertMinutes must be at least warnMinutes' });
/** Per presence state; a state without one is never marked. Policy sets them (stateThresholds). */
export const StateThresholdsSchema = z
  .object({ active: StateThresholdSchema.optional(), idle: StateThresholdSchema.optional(), locked: StateThresholdSchema.optional(), offline: StateThresholdSchema.optional() })
  .strict();
export type StateThresholds = z.infer<typeof StateThresholdsSchema>;
export const DEFAULT_STATE_THRESHOLDS: StateThresholds = { idle: { warnMinutes: 5, alertMinutes: 15 }, locked: { warnMinutes: 10, alertMinutes: 30 } };

export const PolicyViewSchema = z.object({
  idleLockMinutes: z.number().int().min(1).max(15),
  maskReveal: MaskRevealSchema,
  captureProtection: z.enum(['require', 'warn']),
  unlockRequiresOtp: z.boolean(),
  /** Managed build: the desk presents IT's enrolment token itself, so the sign-in form never asks for an enrolment code. */
  enrolsByPolicy: z.boolean(),
  stateThresholds: StateThresholdsSchema,
});
export type PolicyView = z.infer<typeof PolicyViewSchema>;

export const AppStatusSchema = z.object({
  appVersion: z.string().max(64),
  deviceId: z.string().max(128),
  platform: z.enum(['win32', 'darwin', 'linux']),
  /** The gateway's origin, shown in the status bar. */
  server: z.string().max(256),
  captureProtection: CaptureProtectionSchema,
  /** False when policy requires capture protection and this OS cannot give it: sensitive views stay hidden. */
  sensitiveViewsAllowed: z.boolean(),
  policy: PolicyViewSchema,
  serverTime: TimestampSchema.nullable(),
});
export type AppStatus = z.infer<typeof AppStatusSchema>;

export const OpenExternalRequestSchema = z.object({
  url: z.url({ protocol: /^https$/, error: 'Only https links can be opened' }).max(2048),
});

/** Pushed by main's idle clock on every check while the session is active. */
export const IdleCountdownSchema = z.object({ secondsLeft: z.number().int().nonnegative() });
export type IdleCountdown = z.infer<typeof IdleCountdownSchema>;
