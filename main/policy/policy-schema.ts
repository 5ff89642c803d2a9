// Managed policy, as IT sets it. Unknown keys are refused (a typo must not be
// silently ignored); defaults are the strict choice.
import { z } from 'zod';
import { MaskRevealSchema } from '../../shared/pan.ts';
import { EnrolmentSecretSchema } from '../../shared/schemas/admin.ts';
import { DEFAULT_STATE_THRESHOLDS, StateThresholdsSchema } from '../../shared/schemas/status.ts';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
/** https everywhere; plain http only to this machine (the reference gateway in development). */
const ServerUrlSchema = z
  .url({ error: 'serverUrl must be a URL' })
  .refine((value) => {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  }, { error: 'serverUrl must be https (http only to 127.0.0.1)' });

/** PCI DSS 8.2.8 asks for 15 minutes at most; policy may only lower it. */
export const MAX_IDLE_LOCK_MINUTES = 15;

export const PolicySchema = z
  .object({
    serverUrl: ServerUrlSchema,
    /** SHA-256 of the server's SubjectPublicKeyInfo, base64; any one must match. */
    tlsPins: z.array(z.string().regex(/^[A-Za-z0-9+/]{43}=$/, { error: 'tlsPins: base64 SHA-256 of the SPKI' })).default([]),
    idleLockMinutes: z.number().int().min(1).transform((minutes) => Math.min(minutes, MAX_IDLE_LOCK_MINUTES)).default(MAX_IDLE_LOCK_MINUTES),
    panDisplay: MaskRevealSchema.default('last4'),
    captureProtection: z.enum(['require', 'warn']).default('require'),
    unlockRequiresOtp: z.boolean().default(false),
    updates: z
      .object({
        enabled: z.boolean().default(true),
        /** Where the signed update repository is served (its /v1/updates/ routes), if not by the gateway at serverUrl: a CDN. */
        url: z.url({ protocol: /^https$/, error: 'updates.url must be https' }).optional(),
      })
      .strict()
      .prefault({}),
    auditRetentionDays: z.number().int().min(1).max(3650).default(90),
    /** The audit data key is replaced this often; old keys stay for reading old rows. */
    auditKeyRotationDays: z.number().int().min(1).max(365).default(90),
    /** The clearance code a desk shows for its current audit integrity failure: IT sets it to archive the evidence and start a new chain. */
    auditIntegrityClearance: z.string().regex(/^[0-9a-f]{16}$/, { error: 'auditIntegrityClearance: the 16-character code the desk reported' }).optional(),
    /** The enrolment token of a managed (MDM-pushed) build: an unknown desk presents it at its first sign-in to be enrolled. */
    enrolmentToken: EnrolmentSecretSchema.optional(),
    /** At quit, sync gets this long to flush the trail before the app exits anyway. */
    quitFlushSeconds: z.number().int().min(1).max(30).default(5),
    auditQueueMaxEvents: z.number().int().min(1000).max(5_000_000).default(500_000),
    /** When the supervisor's agent board marks time in a state (e.g. idle over 5 minutes warns, over 15 alerts). */
    stateThresholds: StateThresholdsSchema.default(DEFAULT_STATE_THRESHOLDS),
    /**
     * The gateway's transparency log, pinned (GET /.well-known/sentinel-audit-log): with it, every audit batch ack must prove
     * the batch logged, and every heartbeat must show the log consistent with what this desk saw before.
     */
    auditLog: z
      .object({
        origin: z.string().min(1).max(200),
        verifierKey: z.string().min(1).max(512),
      })
      .strict()
      .optional(),
    openExternalAllowlist: z
      .array(z.url({ protocol: /^https$/, error: 'openExternalAllowlist: https URLs only' }).transform((u) => new URL(u).origin))
      .default([]),
  })
  .strict();
export type Policy = z.infer<typeof PolicySchema>;
