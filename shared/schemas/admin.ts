// Administration as it crosses the gateway's API and the desk's IPC: people,
// devices, enrolment and the access review (PCI DSS 7.2.4, 8.2, 8.3). Every
// admin action carries a reason a person typed, which lands in the audit trail.
import { z } from 'zod';
import { AgentPresenceSchema } from './supervision.ts';
import { containsPan } from '../pan.ts';
import { ROLES, RoleSchema } from '../roles.ts';
import { panFreeText, recordId, TimestampSchema } from './common.ts';
import { DisplayNameSchema, LoginRequestSchema, UsernameSchema } from './session.ts';

export const AdminReasonSchema = panFreeText('reason', 3, 500);
export const ReasonRequestSchema = z.object({ reason: AdminReasonSchema });
export type ReasonRequest = z.infer<typeof ReasonRequestSchema>;

export const UserIdSchema = recordId('userId');
export const UserParamsSchema = z.object({ userId: UserIdSchema });

export const ACCOUNT_STATUSES = ['active', 'disabled'] as const;
/** Why an account is disabled: by an admin, by the 90-day inactivity rule (8.2.6), or by the identity provider over SCIM. */
export const DISABLED_REASONS = ['admin', 'inactivity', 'provider'] as const;

export const ManagedUserSchema = z.object({
  userId: UserIdSchema,
  username: UsernameSchema,
  displayName: DisplayNameSchema,
  /** Empty for a person the identity provider provisioned into no group mapped to a role. */
  roles: z.array(RoleSchema),
  status: z.enum(ACCOUNT_STATUSES),
  disabledReason: z.enum(DISABLED_REASONS).nullable(),
  mfaEnrolled: z.boolean(),
  /** The one-time password is still in use: the next sign-in must change it (8.3.5). */
  mustChangePassword: z.boolean(),
  lockedUntil: TimestampSchema.nullable(),
  lastSignInAt: TimestampSchema.nullable(),
  createdAt: TimestampSchema,
});
export type ManagedUser = z.infer<typeof ManagedUserSchema>;

export const CreateUserRequestSchema = z.object({
  username: UsernameSchema,
  displayName: DisplayNameSchema,
  roles: z.array(RoleSchema).min(1).max(ROLES.length),
  reason: AdminReasonSchema,
});
export type CreateUserRequest = z.infer<typeof CreateUserRequestSchema>;
export const SetRolesRequestSchema = z.object({ roles: z.array(RoleSchema).min(1).max(ROLES.length), reason: AdminReasonSchema });

/** Shown once to the admin, who hands it to the person; the gateway keeps only its hash. */
export const OneTimePasswordGrantSchema = z.object({
  user: ManagedUserSchema,
  oneTimePassword: z.string().min(12).max(64),
  expiresAt: TimestampSchema,
});
export type OneTimePasswordGrant = z.infer<typeof OneTimePasswordGrantSchema>;

/** A single-use short-lived code for one desk, or a reusable token that managed policy carries for MDM-pushed builds. */
export const ENROLMENT_KINDS = ['code', 'policy_token'] as const;
export const EnrolmentKindSchema = z.enum(ENROLMENT_KINDS);
export type EnrolmentKind = z.infer<typeof EnrolmentKindSchema>;
/** Characters per dash-separated group of an issued enrolment secret. */
export const ENROLMENT_GROUP = 5;
/**
 * A secret as a person types it after hearing it read out (the sign-in form sends this): spaces or dashes or
 * none between the groups, any case. Text that splits into whole groups is written as issued (upper case,
 * dash-separated groups); anything else is left, trimmed, for EnrolmentSecretSchema to judge.
 */
export function canonicalEnrolmentSecret(typed: string): string {
  const chars = typed.replace(/[\s-]+/g, '').toUpperCase();
  if (chars.length === 0 || chars.length % ENROLMENT_GROUP !== 0 || !/^[A-Z0-9]+$/.test(chars)) return typed.trim();
  return (chars.match(new RegExp(`.{${ENROLMENT_GROUP}}`, 'g')) ?? []).join('-');
}
export const EnrolmentSecretSchema = z
  .string()
  .trim()
  .min(8)
  .max(128)
  .regex(/^[A-Za-z0-9-]+$/, { error: 'An enrolment code has letters, digits and - only' })
  .refine((secret) => !containsPan(secret), { error: 'An enrolment code never looks like a card number' });
export const IssueEnrolmentRequestSchema = z.object({
  kind: EnrolmentKindSchema,
  reason: AdminReasonSchema,
  /** A code for this account only: another account's sign-in cannot enrol with it. Codes only; a policy token serves many. */
  userId: UserIdSchema.optional(),
});
export const GrantParamsSchema = z.object({ grantId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/) });
/** An enrolment grant as the admins list it: never its secret. */
export const EnrolmentGrantViewSchema = z.object({
  grantId: z.string().max(64),
  kind: EnrolmentKindSchema,
  status: z.enum(['usable', 'used', 'expired', 'revoked']),
  reason: z.string().max(500),
  issuedBy: UsernameSchema.nullable(),
  issuedAt: TimestampSchema,
  expiresAt: TimestampSchema,
  usedAt: TimestampSchema.nullable(),
  usedByDevice: z.string().max(128).nullable(),
  revokedAt: TimestampSchema.nullable(),
  revokedBy: UsernameSchema.nullable(),
  /** The account a code was issued for; null: any account's sign-in. */
  forUser: UsernameSchema.nullable(),
});
export type EnrolmentGrantView = z.infer<typeof EnrolmentGrantViewSchema>;
/** An MFA reset: the account, and the one-time code its person presents to enrol a new authenticator (shown once). */
export const MfaResetGrantSchema = z.object({ user: ManagedUserSchema, enrolmentCode: EnrolmentSecretSchema, expiresAt: TimestampSchema });
export type MfaResetGrant = z.infer<typeof MfaResetGrantSchema>;
/** Starting MFA enrolment; after an admin's MFA reset, the code that reset issued. */
export const MfaStartRequestSchema = z.object({ resetCode: EnrolmentSecretSchema.optional() });
export const EnrolmentGrantSchema = z.object({ kind: EnrolmentKindSchema, secret: EnrolmentSecretSchema, expiresAt: TimestampSchema });
export type EnrolmentGrant = z.infer<typeof EnrolmentGrantSchema>;
/** What a desk's first sign-in presents (signed by its device key with the login proof). */
export const EnrolmentPresentationSchema = z.object({ kind: EnrolmentKindSchema, secret: EnrolmentSecretSchema });
export type EnrolmentPresentation = z.infer<typeof EnrolmentPresentationSchema>;
/** What the desk's sign-in form sends main: the enrolment code IT issued, only once the gateway answered enrolment_required. */
export const DeskLoginRequestSchema = LoginRequestSchema.extend({ enrolmentCode: EnrolmentSecretSchema.optional() });
export type DeskLoginRequest = z.infer<typeof DeskLoginRequestSchema>;

export const DeviceParamsSchema = z.object({ deviceId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/) });
export const ManagedDeviceSchema = z.object({
  deviceId: z.string().max(64),
  status: z.enum(['active', 'revoked']),
  enrolledAt: TimestampSchema,
  enrolledBy: UsernameSchema.nullable(),
  enrolledVia: z.enum([...ENROLMENT_KINDS, 'demo_seed']),
  lastUser: z.object({ userId: UserIdSchema, username: UsernameSchema }).nullable(),
  firstSeenAt: TimestampSchema,
  lastSeenAt: TimestampSchema.nullable(),
  appVersion: z.string().max(64).nullable(),
  captureProtection: AgentPresenceSchema.shape.captureProtection.nullable(),
  queueHead: z.object({ seq: z.number().int().nonnegative(), hash: z.string().max(64) }).nullable(),
  revokedAt: TimestampSchema.nullable(),
  revokedBy: UsernameSchema.nullable(),
  revokeReason: z.string().max(500).nullable(),
  /** Audit batches the gateway stored (flagged) after the revocation. */
  batchesAfterRevoke: z.number().int().nonnegative(),
});
export type ManagedDevice = z.infer<typeof ManagedDeviceSchema>;

/** One admin change to an account, as the access review lists it. */
export const AccountChangeSchema = z.object({
  at: TimestampSchema,
  /** The actor as audited: an admin's username, or `source:NAME` for an identity provider over SCIM. */
  by: z.string().max(128).nullable(),
  action: z.string().max(64),
  reason: z.string().max(500).nullable(),
});
export const AccessReviewRowSchema = z.object({
  userId: UserIdSchema,
  username: UsernameSchema,
  displayName: DisplayNameSchema,
  roles: z.array(RoleSchema),
  mfaEnrolled: z.boolean(),
  lastSignInAt: TimestampSchema.nullable(),
  status: z.enum(ACCOUNT_STATUSES),
  disabledReason: z.enum(DISABLED_REASONS).nullable(),
  changesSinceLastReview: z.array(AccountChangeSchema),
});
/** SHA-256 of a review's rows (canonical JSON), base64url: what a sign-off says it acknowledged. */
export const ReviewHashSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, { error: 'reviewHash: the hash the access review came with' });
export const AccessReviewSignOffSchema = z.object({
  reviewId: z.string().max(64),
  at: TimestampSchema,
  by: UsernameSchema,
  note: z.string().max(1000),
  accounts: z.number().int().nonnegative(),
  /** The generatedAt of the review it acknowledged: changes after it stay open (null for sign-offs from before binding). */
  coversThrough: TimestampSchema.nullable(),
});
export type AccessReviewSignOff = z.infer<typeof AccessReviewSignOffSchema>;
export const AccessReviewSchema = z.object({
  generatedAt: TimestampSchema,
  /** The previous sign-off; changes are listed since then (since the start when there was none). */
  lastSignOff: AccessReviewSignOffSchema.nullable(),
  rows: z.array(AccessReviewRowSchema),
  /** A sign-off presents this with generatedAt: it acknowledges exactly these rows. */
  reviewHash: ReviewHashSchema,
});
export type AccessReview = z.infer<typeof AccessReviewSchema>;
export const AccessReviewQuerySchema = z.object({ format: z.enum(['json', 'csv']).default('json') });
/** A sign-off names the review it acknowledges (its generatedAt and reviewHash), so it cannot cover what its signer never saw. */
export const SignOffRequestSchema = z.object({ note: panFreeText('note', 3, 1000), generatedAt: TimestampSchema, reviewHash: ReviewHashSchema });
