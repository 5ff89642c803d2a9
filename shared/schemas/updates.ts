// Desk updates (issue 28): the release facts signed into TUF targets metadata,
// the rollout an admin steers (rings, percentage, pause, pull), and what the
// gateway offers a desk. Only the signed facts are trusted by the desk; the
// offer only says which signed target to fetch.
import { z } from 'zod';

/** A release version: MAJOR.MINOR.PATCH, each a plain number (no pre-release tags: ordering must be unambiguous). */
export const AppVersionSchema = z.string().regex(/^(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})$/, { error: 'version: MAJOR.MINOR.PATCH' });
export type AppVersion = z.infer<typeof AppVersionSchema>;

/** Negative, zero or positive as `a` is older than, the same as, or newer than `b`; a malformed version throws. */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string): number[] => AppVersionSchema.parse(v).split('.').map(Number);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** A target file's name in the repository: the installer's own file name. */
export const TargetNameSchema = z.string().min(1).max(200).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: 'target name: letters, digits and . _ - only' });

/** The `custom` field the release command signs into each target: the desk trusts these, not the gateway's offer. */
export const SignedReleaseFactsSchema = z.object({ version: AppVersionSchema, releasedAt: z.iso.datetime({ offset: false }) });
export type SignedReleaseFacts = z.infer<typeof SignedReleaseFactsSchema>;

export const UPDATE_RINGS = ['pilot', 'broad'] as const;
export const UpdateRingSchema = z.enum(UPDATE_RINGS);
export type UpdateRing = z.infer<typeof UpdateRingSchema>;

/** How far a release has been let out: nobody yet, the pilot ring, or the pilot ring plus `percent` of the broad ring. */
export const RolloutStageSchema = z.enum(['held', 'pilot', 'broad']);

export const ReleaseSchema = z.object({
  version: AppVersionSchema,
  target: TargetNameSchema,
  releasedAt: z.iso.datetime({ offset: false }),
  stage: RolloutStageSchema,
  /** Share of the broad ring, by a stable hash of the device id, that is offered the release at stage `broad`. */
  percent: z.number().int().min(0).max(100),
  /** Paused: not offered to more desks; desks already on it stay. */
  paused: z.boolean(),
  /** Pulled: never offered, and desks on it are told to go back to the previous signed release. */
  pulled: z.boolean(),
});
export type Release = z.infer<typeof ReleaseSchema>;

export const ReleaseParamsSchema = z.object({ version: AppVersionSchema });
const ReasonSchema = z.string().trim().min(3).max(500);
export const RolloutRequestSchema = z.object({ stage: RolloutStageSchema, percent: z.number().int().min(0).max(100), reason: ReasonSchema });
export const ReleaseActionRequestSchema = z.object({ action: z.enum(['pause', 'resume', 'pull']), reason: ReasonSchema });
export const DeviceRingRequestSchema = z.object({ ring: UpdateRingSchema, reason: ReasonSchema });

/** What a desk reports when it asks for its offer (its device comes from the session): the version it runs. */
export const UpdateCheckQuerySchema = z.object({ version: AppVersionSchema });

/** The gateway's answer: stay, install a newer signed release, or go back from a pulled one. */
export const UpdateOfferSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('stay') }),
  z.object({ action: z.literal('install'), version: AppVersionSchema, target: TargetNameSchema }),
  z.object({ action: z.literal('rollback'), version: AppVersionSchema, target: TargetNameSchema }),
]);
export type UpdateOffer = z.infer<typeof UpdateOfferSchema>;

/** One desk in the fleet patch report (PCI DSS 6.3.3): what it runs and how far behind it is. */
export const PatchReportRowSchema = z.object({
  deviceId: z.string().max(128),
  /** The version it last reported; null if it never checked for updates. */
  version: AppVersionSchema.nullable(),
  /** When that version was released, as signed; null for a version not in the repository. */
  releasedAt: z.string().max(40).nullable(),
  ring: UpdateRingSchema,
  lastCheckAt: z.string().max(40).nullable(),
  /** Days since the first newer release was let out; 0 when current; null when the version is unknown. */
  daysBehind: z.number().int().min(0).nullable(),
  overdue: z.boolean(),
});
export type PatchReportRow = z.infer<typeof PatchReportRowSchema>;

export const PatchReportSchema = z.object({
  generatedAt: z.string().max(40),
  /** The newest release let out to desks (not held or pulled); null when there is none. */
  newestVersion: AppVersionSchema.nullable(),
  overdueDays: z.number().int().positive(),
  devices: z.array(PatchReportRowSchema),
});
export type PatchReport = z.infer<typeof PatchReportSchema>;
export const PatchReportQuerySchema = z.object({ format: z.enum(['json', 'csv']).default('json') });
